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
