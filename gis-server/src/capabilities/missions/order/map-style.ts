import { MAP_STATUSES, STATUS_COLORS } from '@calepin/core';
import { PRINT_ORIGIN } from '../../../print/map-composite';

// The plant as the mission order draws it. The layer definitions follow the web map's
// (web/src/map/PlantMap.tsx) and will come from the shared map-kit workspace once it
// exists: only `plantStyle` changes then.

const AREA_COLOR = '#d946ef';
const statusColor = ['match', ['get', 'status'], ...MAP_STATUSES.flatMap((s) => [s, STATUS_COLORS[s]]), STATUS_COLORS.pending];

type Geo = { type: string; coordinates: unknown } | null;

/** The plant's layout in the six status colours of its latest audits, its boundary and the areas to inspect. */
export function plantStyle(plantId: string, boundary: Geo, areas: { geometry: Geo }[]): Record<string, unknown> {
  const collection = (items: Geo[]) => ({
    type: 'FeatureCollection',
    features: items.filter(Boolean).map((geometry) => ({ type: 'Feature', properties: {}, geometry })),
  });
  const tiles = `${PRINT_ORIGIN}/plants,tables,modules/{z}/{x}/{y}?plant=${encodeURIComponent(plantId)}`;
  return {
    version: 8,
    sources: {
      // 256-pixel tiles: MapLibre asks one zoom deeper than it draws, where the tile-server
      // draws each module of another status than its table's (docs/tiles.md), so a
      // printed overview still shows single defective modules.
      layout: { type: 'vector', tiles: [tiles], tileSize: 512, minzoom: 0, maxzoom: 22 },
      boundary: { type: 'geojson', data: collection([boundary]) },
      areas: { type: 'geojson', data: collection(areas.map((a) => a.geometry)) },
    },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': '#f4f3ee' } },
      { id: 'boundary-fill', type: 'fill', source: 'boundary', paint: { 'fill-color': '#ffffff', 'fill-opacity': 0.9 } },
      { id: 'tables-outline', type: 'line', source: 'layout', 'source-layer': 'tables', minzoom: 15, paint: { 'line-color': '#94a3b8', 'line-width': 0.5 } },
      { id: 'modules-fill', type: 'fill', source: 'layout', 'source-layer': 'modules', paint: { 'fill-color': statusColor, 'fill-antialias': true } },
      { id: 'areas-fill', type: 'fill', source: 'areas', paint: { 'fill-color': AREA_COLOR, 'fill-opacity': 0.08 } },
      { id: 'areas-line', type: 'line', source: 'areas', paint: { 'line-color': AREA_COLOR, 'line-width': 2.5, 'line-dasharray': [2, 1] } },
      { id: 'boundary-line', type: 'line', source: 'boundary', paint: { 'line-color': '#0f172a', 'line-width': 1.5, 'line-dasharray': [3, 2] } },
    ],
  };
}

export { AREA_COLOR };
