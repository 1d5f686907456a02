// The mission's work zones on the tablet's map (issue 17): each outlined in the colour of
// its first technician, the technician's own zones tinted and drawn thicker, others dashed;
// and the outline the lead is drawing, corner by corner.
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import { MODULES_LAYER } from '@calepin/map-kit';
import type { ZoneShape } from '../store/engine/progress';

const ZONES = 'mission-zones';
const DRAFT = 'zone-draft';
const EMPTY: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [] };
const NOBODY = '#64748b';

export function addZoneLayers(map: MapLibreMap): void {
  map.addSource(ZONES, { type: 'geojson', data: EMPTY });
  map.addSource(DRAFT, { type: 'geojson', data: EMPTY });
  const below = map.getLayer(MODULES_LAYER) ? MODULES_LAYER : undefined;
  map.addLayer({
    id: 'zones-fill', type: 'fill', source: ZONES,
    paint: { 'fill-color': ['get', 'colour'], 'fill-opacity': ['case', ['get', 'mine'], 0.18, 0.05] },
  }, below);
  map.addLayer({
    id: 'zones-line', type: 'line', source: ZONES, filter: ['!', ['get', 'mine']],
    paint: { 'line-color': ['get', 'colour'], 'line-width': 2, 'line-dasharray': [3, 2] },
  });
  map.addLayer({
    id: 'zones-line-mine', type: 'line', source: ZONES, filter: ['get', 'mine'],
    paint: { 'line-color': ['get', 'colour'], 'line-width': 4 },
  });
  map.addLayer({
    id: 'zone-draft-line', type: 'line', source: DRAFT, filter: ['==', ['geometry-type'], 'LineString'],
    paint: { 'line-color': '#f97316', 'line-width': 3, 'line-dasharray': [2, 1] },
  });
  map.addLayer({
    id: 'zone-draft-corners', type: 'circle', source: DRAFT, filter: ['==', ['geometry-type'], 'Point'],
    paint: { 'circle-color': '#f97316', 'circle-radius': 7, 'circle-stroke-color': '#fff', 'circle-stroke-width': 2 },
  });
}

export function drawZones(map: MapLibreMap, zones: readonly ZoneShape[], self: string | null, colourOf: (userId: string) => string): void {
  (map.getSource(ZONES) as GeoJSONSource | undefined)?.setData({
    type: 'FeatureCollection',
    features: zones.map((z) => ({
      type: 'Feature', id: z.id, geometry: z.geometry as GeoJSON.Geometry,
      properties: { id: z.id, name: z.name, mine: self !== null && z.assigneeIds.includes(self), colour: z.assigneeIds[0] ? colourOf(z.assigneeIds[0]) : NOBODY },
    })),
  });
}

export function drawDraft(map: MapLibreMap, draft: [number, number][] | null): void {
  const corners = draft ?? [];
  const features: GeoJSON.Feature[] = corners.map((c) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: c }, properties: {} }));
  if (corners.length >= 2) {
    const line = corners.length >= 3 ? [...corners, corners[0] as [number, number]] : corners;
    features.push({ type: 'Feature', geometry: { type: 'LineString', coordinates: line }, properties: {} });
  }
  (map.getSource(DRAFT) as GeoJSONSource | undefined)?.setData({ type: 'FeatureCollection', features });
}
