import type { StyleSpecification } from 'maplibre-gl';
import { HIGHLIGHT_COLOR, plantLayers } from '@calepin/map-kit/layers';
import { PRINT_ORIGIN } from '../../../print/map-composite';

// The plant as the mission order draws it: the web map's layers and palette (map-kit's
// plantLayers), the areas to inspect drawn as the map's highlight, defects left out.

/** The colour of the areas to inspect, on the map and in its legend. */
export const AREA_COLOR = HIGHLIGHT_COLOR;

type Geo = { type: string; coordinates: unknown } | null;

const collection = (items: Geo[]) => ({
  type: 'FeatureCollection' as const,
  features: items.filter(Boolean).map((geometry) => ({ type: 'Feature' as const, properties: {}, geometry: geometry as never })),
});

/** The plant's layout in the six status colours of its latest audits, its boundary and the areas to inspect. */
export function plantStyle(plantId: string, boundary: Geo, areas: { geometry: Geo }[]): StyleSpecification {
  // Only the layers printed: no strings or defects in the tiles (smaller, sooner drawn).
  const tiles = `${PRINT_ORIGIN}/plants,tables,modules/{z}/{x}/{y}?plant=${encodeURIComponent(plantId)}`;
  return {
    version: 8,
    sources: {
      // MapLibre asks one zoom deeper than it draws with 512 px tiles, where the tile-server
      // draws each module of another status than its table's (docs/tiles.md), so a printed
      // overview still shows single defective modules.
      layout: { type: 'vector', tiles: [tiles], minzoom: 0, maxzoom: 22 },
      boundary: { type: 'geojson', data: collection([boundary]) },
      areas: { type: 'geojson', data: collection(areas.map((a) => a.geometry)) },
    },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': '#f4f3ee' } },
      ...plantLayers('layout', { boundary: 'boundary', highlight: 'areas', showDefects: false }),
    ],
  };
}
