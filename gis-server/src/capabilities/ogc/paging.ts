import type { Queryable } from '../../db';
import { heardWhole, tablesRead } from '../../layers/changes';
import type { OgcCache } from './cache';
import { type Selection, countSql, idAtSql } from './query';

// Counts and page starts of a selection, remembered while the tables of its layer do not
// change. Clients page a layer with a position (WFS STARTINDEX, OGC API offset): an OFFSET
// in SQL builds and drops every feature before the page (2.4 s for page 2,500 of 250,000
// modules). A page instead starts after the id where the previous page ended, so every
// page costs what the first does; a position nobody ended a page at is found by an OFFSET
// over ids alone, without building features.

const layerTables = tablesRead;

/** Counts and page starts of a layer whose every table notifies hold until a change; others 60 s at most. */
const maxAge = (sel: Selection) => (heardWhole(sel.query.layer) ? Infinity : undefined);

/** The state of a selection's tables before it is read (null: nothing can be remembered). */
export const selectionStamp = (cache: OgcCache, sel: Selection) => cache.stamp(layerTables(sel.query.layer));

/** How many features a selection holds, counted in `db` unless remembered. */
export async function matchedCount(db: Queryable, cache: OgcCache, sel: Selection, stamp: string | null): Promise<number> {
  const key = `count\n${sel.key}`;
  const known = cache.get<number>(key, layerTables(sel.query.layer));
  if (known) return known;
  const { sql, values } = countSql(sel);
  const n = Number((await db.query<{ n: number }>(sql, values)).rows[0]?.n ?? 0);
  cache.set(key, stamp, n, maxAge(sel));
  return n;
}

/**
 * The id a page at `position` starts after: null for the first page, undefined when the
 * position is past the last feature.
 */
export async function pageStart(db: Queryable, cache: OgcCache, sel: Selection, position: number): Promise<string | null | undefined> {
  if (position <= 0) return null;
  const known = cache.get<string>(`start\n${position}\n${sel.key}`, layerTables(sel.query.layer));
  if (known) return known;
  const { sql, values } = idAtSql(sel, position - 1);
  const { rows } = await db.query<{ id: string }>(sql, values);
  return rows[0]?.id;
}

/** Remembers that the page at `position` ends with the feature `lastId`. */
export function rememberPageEnd(cache: OgcCache, sel: Selection, stamp: string | null, position: number, lastId: string): void {
  cache.set(`start\n${position}\n${sel.key}`, stamp, lastId, maxAge(sel));
}
