// The editor's handles over the map: the picked electrical item, a cable's points and
// midpoints (dragged to reshape it), the rotation pivot and the snap indicator.
import type { Map as MapLibreMap } from 'maplibre-gl';
import { HIGHLIGHT_COLOR } from '@calepin/map-kit';
import { setGeoJson } from './overlays';

export const EDIT = 'le-edit';
export const SNAP = 'le-snap';
export const VERTEX_LAYER = 'le-edit-vertex';
export const MID_LAYER = 'le-edit-mid';
export const SNAP_COLOR = '#f97316';

const EMPTY: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [] };

/** Adds the handle layers once (above everything else of the editor). */
export function ensureEditOverlay(map: MapLibreMap): void {
  if (map.getSource(EDIT)) return;
  map.addSource(EDIT, { type: 'geojson', data: EMPTY });
  map.addSource(SNAP, { type: 'geojson', data: EMPTY });
  map.addLayer({
    id: 'le-edit-line', type: 'line', source: EDIT, filter: ['==', ['get', 'kind'], 'line'],
    paint: { 'line-color': HIGHLIGHT_COLOR, 'line-width': 5, 'line-opacity': 0.55 },
  });
  map.addLayer({
    id: 'le-edit-point', type: 'circle', source: EDIT, filter: ['==', ['get', 'kind'], 'point'],
    paint: { 'circle-radius': 13, 'circle-color': 'rgba(0, 0, 0, 0)', 'circle-stroke-color': HIGHLIGHT_COLOR, 'circle-stroke-width': 3 },
  });
  map.addLayer({
    id: MID_LAYER, type: 'circle', source: EDIT, filter: ['==', ['get', 'kind'], 'mid'],
    paint: { 'circle-radius': 4, 'circle-color': '#ffffff', 'circle-stroke-color': HIGHLIGHT_COLOR, 'circle-stroke-width': 1.5, 'circle-opacity': 0.85 },
  });
  map.addLayer({
    id: VERTEX_LAYER, type: 'circle', source: EDIT, filter: ['==', ['get', 'kind'], 'vertex'],
    paint: {
      'circle-radius': ['case', ['get', 'selected'], 7, 5.5],
      'circle-color': ['case', ['get', 'selected'], HIGHLIGHT_COLOR, '#ffffff'],
      'circle-stroke-color': HIGHLIGHT_COLOR, 'circle-stroke-width': 2,
    },
  });
  map.addLayer({
    id: 'le-pivot', type: 'symbol', source: EDIT, filter: ['==', ['get', 'kind'], 'pivot'],
    layout: { 'text-field': '✛', 'text-size': 26, 'text-allow-overlap': true, 'text-ignore-placement': true },
    paint: { 'text-color': '#be185d', 'text-halo-color': '#ffffff', 'text-halo-width': 2 },
  });
  map.addLayer({
    id: 'le-snap-ring', type: 'circle', source: SNAP,
    paint: { 'circle-radius': 9, 'circle-color': 'rgba(249, 115, 22, 0.25)', 'circle-stroke-color': SNAP_COLOR, 'circle-stroke-width': 2.5 },
  });
}

const point = (kind: string, coordinates: GeoJSON.Position, properties: Record<string, unknown> = {}): GeoJSON.Feature => ({
  type: 'Feature', properties: { kind, ...properties }, geometry: { type: 'Point', coordinates },
});

/** A cable's handles: the line, its points (one selected) and the midpoints of its segments. */
export function cableHandles(line: GeoJSON.Position[], selected: number | null): GeoJSON.Feature[] {
  const mids = line.slice(1).map((b, i) => {
    const a = line[i]!;
    return point('mid', [(a[0]! + b[0]!) / 2, (a[1]! + b[1]!) / 2], { index: i });
  });
  return [
    { type: 'Feature', properties: { kind: 'line' }, geometry: { type: 'LineString', coordinates: line } },
    ...mids,
    ...line.map((p, i) => point('vertex', p, { index: i, selected: i === selected })),
  ];
}

export const pointHandle = (at: GeoJSON.Position): GeoJSON.Feature => point('point', at);
export const pivotHandle = (at: GeoJSON.Position): GeoJSON.Feature => point('pivot', at);

export function showHandles(map: MapLibreMap | null, features: GeoJSON.Feature[]): void {
  if (!map) return;
  ensureEditOverlay(map);
  setGeoJson(map, EDIT, features);
}

/** The snap indicator: a ring where the point snapped, or nothing. */
export function showSnap(map: MapLibreMap | null, at: GeoJSON.Position | null): void {
  if (!map) return;
  ensureEditOverlay(map);
  setGeoJson(map, SNAP, at ? [point('snap', at)] : []);
}
