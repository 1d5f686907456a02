import type { ExpressionSpecification, GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import { HIGHLIGHT_COLOR, MODULES_LAYER, PLANT_TILES_SOURCE } from '@calepin/map-kit';

/** The editor's own layers over the plant map: selection, picked string, preview, electrical items. */
export const TILES = PLANT_TILES_SOURCE;
export const PREVIEW = 'le-preview';
export const ELECTRICAL = 'le-electrical';
export const TABLE_HIT_LAYER = 'le-tables-hit';
export const PREVIEW_COLOR = '#7c3aed';
export const PICK_COLOR = '#0891b2';

const EMPTY: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [] };

export function addOverlays(map: MapLibreMap): void {
  if (map.getSource(PREVIEW)) return;
  map.addSource(PREVIEW, { type: 'geojson', data: EMPTY });
  map.addSource(ELECTRICAL, { type: 'geojson', data: EMPTY });
  // Tables are picked by their inside, invisible; outlines stay the plant map's.
  map.addLayer({
    id: TABLE_HIT_LAYER, type: 'fill', source: TILES, 'source-layer': 'tables', minzoom: 17,
    filter: ['==', ['get', 'kind'], 'table'],
    paint: { 'fill-color': '#000000', 'fill-opacity': 0.01 },
  }, MODULES_LAYER);
  // Each string's modules outlined in a colour of their own, to tell the strings apart.
  map.addLayer({
    id: 'le-string-lines', type: 'line', source: TILES, 'source-layer': 'modules', minzoom: 17,
    filter: ['has', 'string_id'],
    paint: { 'line-color': 'rgba(0, 0, 0, 0)', 'line-width': 2 },
  });
  map.addLayer({
    id: 'le-selected-tables', type: 'line', source: TILES, 'source-layer': 'tables',
    filter: ['in', ['get', 'id'], ['literal', []]],
    paint: { 'line-color': HIGHLIGHT_COLOR, 'line-width': 3 },
  });
  map.addLayer({
    id: 'le-selected-modules', type: 'line', source: TILES, 'source-layer': 'modules',
    filter: ['in', ['get', 'id'], ['literal', []]],
    paint: { 'line-color': HIGHLIGHT_COLOR, 'line-width': 2.5 },
  });
  map.addLayer({
    id: 'le-picked-modules', type: 'fill', source: TILES, 'source-layer': 'modules',
    filter: ['in', ['get', 'id'], ['literal', []]],
    paint: { 'fill-color': PICK_COLOR, 'fill-opacity': 0.85 },
  });
  map.addLayer({
    id: 'le-preview-fill', type: 'fill', source: PREVIEW, filter: ['==', ['get', 'kind'], 'module'],
    paint: { 'fill-color': PREVIEW_COLOR, 'fill-opacity': 0.35 },
  });
  map.addLayer({
    id: 'le-preview-line', type: 'line', source: PREVIEW,
    paint: { 'line-color': PREVIEW_COLOR, 'line-width': ['case', ['==', ['get', 'kind'], 'table'], 2.5, 0.8] },
  });
  map.addLayer({
    id: 'le-cables', type: 'line', source: ELECTRICAL, filter: ['==', ['get', 'layer'], 'cables'],
    paint: { 'line-color': ['match', ['get', 'kind'], 'ac', '#b45309', 'earth', '#15803d', 'communication', '#6b7280', '#dc2626'], 'line-width': 2.5 },
  });
  map.addLayer({
    id: 'le-points', type: 'circle', source: ELECTRICAL, filter: ['==', ['geometry-type'], 'Point'],
    paint: {
      'circle-color': ['match', ['get', 'layer'], 'inverters', '#1d4ed8', '#0f766e'],
      'circle-radius': ['match', ['get', 'layer'], 'inverters', 9, 6],
      'circle-stroke-color': '#ffffff',
      'circle-stroke-width': 2,
    },
  });
}

const idFilter = (ids: readonly string[]): ExpressionSpecification => ['in', ['get', 'id'], ['literal', [...ids]]];

export function showSelection(map: MapLibreMap, modules: readonly string[], tables: readonly string[], picked: readonly string[]): void {
  if (!map.getLayer('le-selected-modules')) return;
  map.setFilter('le-selected-modules', idFilter(modules));
  map.setFilter('le-selected-tables', ['all', ['==', ['get', 'kind'], 'table'], idFilter(tables)]);
  map.setFilter('le-picked-modules', idFilter(picked));
}

export function setGeoJson(map: MapLibreMap, source: string, features: GeoJSON.Feature[]): void {
  (map.getSource(source) as GeoJSONSource | undefined)?.setData({ type: 'FeatureCollection', features });
}

/** Colours that stand apart from the six status colours and from each other. */
const STRING_PALETTE = ['#7c3aed', '#0891b2', '#be185d', '#4d7c0f', '#c2410c', '#1e40af', '#a16207', '#0f766e'];

/** The string outline colours: each string of the list gets the next colour of the palette. */
export function showStrings(map: MapLibreMap, stringIds: readonly string[]): void {
  if (!map.getLayer('le-string-lines')) return;
  const color: ExpressionSpecification | string = stringIds.length
    ? (['match', ['get', 'string_id'], ...stringIds.flatMap((id, i) => [id, STRING_PALETTE[i % STRING_PALETTE.length] as string]), 'rgba(0, 0, 0, 0)'] as unknown as ExpressionSpecification)
    : 'rgba(0, 0, 0, 0)';
  map.setPaintProperty('le-string-lines', 'line-color', color);
}

/** The electrical items drawn from the API, each tagged with its layer and id (the plant map's tiles leave them out). */
export function electricalFeatures(layers: Record<'cables' | 'inverters' | 'junction-boxes', GeoJSON.Feature[] | undefined>): GeoJSON.Feature[] {
  return (['cables', 'inverters', 'junction-boxes'] as const).flatMap((layer) =>
    (layers[layer] ?? []).filter((f) => f.geometry).map((f) => ({ ...f, properties: { ...f.properties, layer, id: String(f.id) } })));
}
