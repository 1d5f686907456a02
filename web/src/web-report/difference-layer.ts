// The difference map: the modules that changed between two audits, drawn over the plant
// map in the comparison colours (core CHANGE_COLORS), from GET /audits/{id}/comparison.
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import { CHANGE_COLORS, COMPARISON_CHANGES, type AuditComparison } from '@calepin/core';

const SOURCE = 'web-report-changes';
export const CHANGES_LAYER = 'web-report-changes-fill';

/** Puts the comparison on the map (null takes it off). */
export function showDifference(map: MapLibreMap, comparison: AuditComparison | null): void {
  const data: GeoJSON.FeatureCollection = {
    type: 'FeatureCollection',
    features: (comparison?.changes ?? []).map((c) => ({
      type: 'Feature', properties: { id: c.id, code: c.code, change: c.change }, geometry: c.geometry as GeoJSON.Geometry,
    })),
  };
  const source = map.getSource(SOURCE) as GeoJSONSource | undefined;
  if (source) {
    source.setData(data);
    return;
  }
  map.addSource(SOURCE, { type: 'geojson', data });
  map.addLayer({
    id: CHANGES_LAYER, type: 'fill', source: SOURCE,
    paint: {
      'fill-color': ['match', ['get', 'change'], ...COMPARISON_CHANGES.flatMap((c) => [c, CHANGE_COLORS[c]]), '#000000'] as never,
      'fill-opacity': 0.9, 'fill-outline-color': '#111827',
    },
  });
}
