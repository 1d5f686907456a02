import { readFileSync } from 'node:fs';
import { TILE_BUFFER, TILE_EXTENT } from '../tile-math';

/** A property of a source's features, as TileJSON's vector_layers describe it. */
export type FieldType = 'String' | 'Number' | 'Boolean';

/** One zoom range of a source, drawn by one query (and another one with ?audit=). */
export interface Band {
  minzoom: number;
  maxzoom: number;
  sql: string;
  auditSql?: string;
}

/**
 * A layer of the vector tiles. Its features come from the band whose zoom range holds
 * the requested zoom: that is where generalisation lives (docs/tiles.md).
 */
export interface TileSource {
  /** URL name and MVT layer name. */
  id: string;
  description: string;
  minzoom: number;
  maxzoom: number;
  fields: Record<string, FieldType>;
  bands: Band[];
  /**
   * Its features at some zooms summarise a whole plant (counts), so a change anywhere
   * in a plant evicts the tiles that hold the plant, not only those around the change.
   */
  summarisesPlants?: boolean;
}

/** The parameters every tile query takes, in this order. */
export interface TileParams {
  z: number;
  x: number;
  y: number;
  /** The client company a client user is limited to; null for staff. */
  client: string | null;
  plant: string | null;
  /** Anonymous callers see publicly shared plants only. */
  publicOnly: boolean;
  audit: string | null;
}

export const paramValues = (p: TileParams) => [p.z, p.x, p.y, p.client, p.plant, p.publicOnly, p.audit];

/**
 * Wraps a source's feature query (a .sql file beside it that selects `geom` and its
 * properties from `env`) into the query that returns the encoded layer. `env` holds the
 * tile envelope, the envelope grown by the buffer, the visible plants and the audit.
 */
export function band(dir: string, file: string, layer: string, minzoom: number, maxzoom: number, auditFile?: string): Band {
  const read = (name: string) => wrap(layer, readFileSync(new URL(name, dir), 'utf8'));
  return { minzoom, maxzoom, sql: read(file), ...(auditFile ? { auditSql: read(auditFile) } : {}) };
}

function wrap(layer: string, features: string): string {
  return `with env as (
  select st_tileenvelope($1, $2, $3) as tile,
         st_tileenvelope($1, $2, $3, margin => ${TILE_BUFFER / TILE_EXTENT}) as area,
         (select tile_visible_plants($4::uuid, $5::uuid, $6::boolean)) as plants,
         $7::uuid as audit
), features as (
${features.trim()}
)
select st_asmvt(features.*, '${layer}', ${TILE_EXTENT}, 'geom') as tile from features`;
}

export function bandAt(source: TileSource, z: number): Band | undefined {
  return source.bands.find((b) => z >= b.minzoom && z <= b.maxzoom);
}
