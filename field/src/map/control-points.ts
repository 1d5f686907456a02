// The checklists' control points on the tablet's map (issue 15): an answer placed where it
// was observed, a dot green when it conforms and red when it is a non-conformity.
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';

const SOURCE = 'control-points';

export interface ControlPoint {
  responseId: string;
  fieldId: string;
  label: { fr: string; en: string };
  point: [number, number];
  nonConformity: boolean;
}

export function addControlPointLayers(map: MapLibreMap): void {
  map.addSource(SOURCE, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
  map.addLayer({
    id: 'control-points', type: 'circle', source: SOURCE,
    paint: {
      'circle-radius': ['interpolate', ['linear'], ['zoom'], 14, 4, 19, 9],
      'circle-color': ['case', ['get', 'nonConformity'], '#dc2626', '#16a34a'],
      'circle-stroke-color': '#ffffff', 'circle-stroke-width': 2,
    },
  });
}

export function drawControlPoints(map: MapLibreMap, points: readonly ControlPoint[], lang: 'fr' | 'en'): void {
  (map.getSource(SOURCE) as GeoJSONSource | undefined)?.setData({
    type: 'FeatureCollection',
    features: points.map((p) => ({
      type: 'Feature', geometry: { type: 'Point', coordinates: p.point },
      properties: { responseId: p.responseId, fieldId: p.fieldId, label: p.label[lang], nonConformity: p.nonConformity },
    })),
  });
}
