import { readFileSync } from 'node:fs';
import type { Scope } from '../scope';
import { TILE_BUFFER, TILE_EXTENT, type TileCoord } from '../tile-math';

/** A property of a source's features, as TileJSON's vector_layers describe it. */
export type FieldType = 'String' | 'Number' | 'Boolean';

/** One zoom range of a source, drawn by one query (and another one with ?audit=). */
export interface Band {
  minzoom: number;
  maxzoom: number;
  sql: string;
  auditSql?: string;
}

/** How a kind of tile goes over HTTP. */
export interface TileFormat {
  contentType: string;
  /** What the y of a tile URL may end with (`/3/4/5.png`). */
  extension: RegExp;
  /** Whether tiles are also kept gzipped, and sent so to clients that accept it. */
  gzip: boolean;
  cacheControl: string;
}

/**
 * Tiles are revalidated every time (no-cache): the ETag is a hash of the tile's bytes as this
 * caller may see them (for plans: the plan's version and the tile, answered only after the
 * caller's right to the plan was checked), so a 304 only ever confirms bytes the caller would
 * get anyway, even when a client's cache ignores Vary and keeps one account's tile for another
 * (QGIS did).
 */
export const MVT: TileFormat = { contentType: 'application/x-protobuf', extension: /\.(pbf|mvt)$/, gzip: true, cacheControl: 'private, no-cache' };
export const PNG: TileFormat = { contentType: 'image/png', extension: /\.png$/, gzip: false, cacheControl: 'private, no-cache' };

/** What a source is asked with: the query string, who asks, and where its tile URLs point. */
export interface SourceRequest {
  /** The query parameters (?plant=, ?audit=, ?plan=, …). */
  params: URLSearchParams;
  scope: Scope;
  /** Base URL of the tile URLs in TileJSON. */
  base: string;
  /** The query string kept on those URLs (filters, and a ?token= if given). */
  query: string;
}

/** A tile as served: empty bytes when there is nothing to draw (204). */
export interface ServedTile {
  raw: Buffer;
  /** The same bytes gzipped, for formats that keep them. */
  gzip?: Buffer;
  etag: string;
  /** Whether it came from the tile cache (X-Tile-Cache). */
  cached: boolean;
}

/**
 * A source of tiles, martin's `Source`: the server knows every kind through this
 * (sources/index.ts lists them; server.ts serves them all by one path).
 */
export type TileSource = VectorSource | RasterSource;

/**
 * A layer of the vector tiles. Its features come from the band whose zoom range holds
 * the requested zoom: that is where generalisation lives (docs/tiles.md). Vector sources
 * are data; the tile renderer draws them, alone or as a composite (`/a,b/z/x/y`).
 */
export interface VectorSource {
  kind: 'vector';
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

/**
 * A source of images read from files (the georeferenced plans): it answers its own
 * TileJSON and tiles, and is never part of a composite.
 */
export interface RasterSource {
  kind: 'raster';
  /** URL name. */
  id: string;
  description: string;
  format: TileFormat;
  tileJson(request: SourceRequest): Promise<object>;
  tile(request: SourceRequest, coord: TileCoord): Promise<ServedTile>;
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
  /**
   * The caller sees what clients see (a client user, a share link, an anonymous viewer):
   * modules in their published status, the defects of validated audits, ?audit= of a
   * validated audit only (sql/migrations/092_published_status.sql).
   */
  published: boolean;
}

export const paramValues = (p: TileParams) => [p.z, p.x, p.y, p.client, p.plant, p.publicOnly, p.audit, p.published];

/**
 * Wraps a source's feature query (a .sql file beside it that selects `geom` and its
 * properties from `env`) into the query that returns the encoded layer. `env` holds the
 * tile envelope, the envelope grown by the buffer, the visible plants and the audit; `$8`
 * (also `env.published`) says the caller sees the published view. A query tests `$8`
 * itself where a branch is for one view: a parameter, unlike a column of `env`, lets
 * PostgreSQL skip the other branch without reading it.
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
         tile_visible_audit($7::uuid, $8::boolean) as audit,
         $8::boolean as published
), features as (
${features.trim()}
)
select st_asmvt(features.*, '${layer}', ${TILE_EXTENT}, 'geom') as tile from features`;
}

export function bandAt(source: VectorSource, z: number): Band | undefined {
  return source.bands.find((b) => z >= b.minzoom && z <= b.maxzoom);
}
