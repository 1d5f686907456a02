// Decoded tiles as readable text: layers, feature counts, geometry types and properties.
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader as Pbf } from 'pbf';

const TYPES = ['Unknown', 'Point', 'LineString', 'Polygon'] as const;

export interface DecodedFeature {
  type: (typeof TYPES)[number];
  properties: Record<string, string | number | boolean>;
}

export function decodeTile(bytes: Uint8Array): Record<string, DecodedFeature[]> {
  const tile = new VectorTile(new Pbf(bytes));
  const layers: Record<string, DecodedFeature[]> = {};
  for (const [name, layer] of Object.entries(tile.layers)) {
    layers[name] = Array.from({ length: layer.length }, (_, i) => {
      const feature = layer.feature(i);
      return { type: TYPES[feature.type] ?? 'Unknown', properties: feature.properties as DecodedFeature['properties'] };
    });
  }
  return layers;
}

/** One line per layer: `modules: 240 Polygon [code, id, status, …]`. */
export function describeTile(bytes: Uint8Array): string {
  return Object.entries(decodeTile(bytes))
    .map(([name, features]) => {
      const types = [...new Set(features.map((f) => f.type))].join('/');
      const keys = [...new Set(features.flatMap((f) => Object.keys(f.properties)))].sort();
      return `${name}: ${features.length} ${types} [${keys.join(', ')}]`;
    })
    .join('\n');
}

/**
 * The rings of a layer's features in tile units, by feature id, each with its signed area
 * (shoelace formula on the raw tile coordinates, y down: exterior rings are positive).
 */
export function ringsOf(bytes: Uint8Array, layerName: string): Map<string, { area: number; points: string[] }[]> {
  const layer = new VectorTile(new Pbf(bytes)).layers[layerName];
  const rings = new Map<string, { area: number; points: string[] }[]>();
  for (let i = 0; i < (layer?.length ?? 0); i++) {
    const feature = layer?.feature(i);
    if (!feature) continue;
    rings.set(
      String(feature.properties.id),
      feature.loadGeometry().map((ring) => {
        let area = 0;
        for (let k = 0; k < ring.length - 1; k++) {
          const a = ring[k] as { x: number; y: number };
          const b = ring[k + 1] as { x: number; y: number };
          area += a.x * b.y - b.x * a.y;
        }
        return { area: area / 2, points: ring.map((p) => `${p.x},${p.y}`) };
      }),
    );
  }
  return rings;
}
