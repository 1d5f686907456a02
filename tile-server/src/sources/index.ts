import { cables } from './cables';
import { defects } from './defects';
import { inverters } from './inverters';
import { junctionBoxes } from './junction-boxes';
import { modules } from './modules';
import { plants } from './plants';
import type { TileSource } from './source';
import { strings } from './strings';
import { tables } from './tables';

export type { TileParams, TileSource } from './source';
export { bandAt, paramValues } from './source';

/** Every source, in drawing order (a composite request keeps the order it asks for). */
export const SOURCES: readonly TileSource[] = [plants, tables, modules, strings, cables, junctionBoxes, inverters, defects];
export const SOURCE_BY_ID: ReadonlyMap<string, TileSource> = new Map(SOURCES.map((s) => [s.id, s]));

/** Paths of the tile-server that are not sources (martin would read /{name} as a source's TileJSON). */
export const RESERVED_PATHS: readonly string[] = ['catalog', 'health', 'events'];
for (const source of SOURCES) {
  if (RESERVED_PATHS.includes(source.id)) throw new Error(`tile source ${source.id} would shadow GET /${source.id}`);
}
