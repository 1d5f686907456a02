import { cables } from './cables';
import { defects } from './defects';
import { inverters } from './inverters';
import { junctionBoxes } from './junction-boxes';
import { modules } from './modules';
import { plants } from './plants';
import type { VectorSource } from './source';
import { strings } from './strings';
import { tables } from './tables';

export type { RasterSource, ServedTile, SourceRequest, TileFormat, TileParams, TileSource, VectorSource } from './source';
export { MVT, PNG, bandAt, paramValues } from './source';
export { PLANS_SOURCE, PlanTiles } from './plans/raster';

/**
 * The vector sources, in drawing order (a composite request keeps the order it asks for).
 * The raster source of plans reads files and the database: the server makes it with its
 * own pool and cache (server.ts), and the registry (registry.ts) serves every kind.
 */
export const VECTOR_SOURCES: readonly VectorSource[] = [plants, tables, modules, strings, cables, junctionBoxes, inverters, defects];

/** Paths of the tile-server that are not sources (martin would read /{name} as a source's TileJSON). */
export const RESERVED_PATHS: readonly string[] = ['catalog', 'health', 'events'];
