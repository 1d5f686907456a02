import type { PlacedModule, Point, Ring } from '@calepin/core';
import { type Queryable, sqlFile } from '../db';
import { ApiError } from '../http/errors';

const insertModulesSql = sqlFile(import.meta.url, 'insert-modules.sql');
const overlapsSql = sqlFile(import.meta.url, 'overlaps.sql');
const othersNearSql = sqlFile(import.meta.url, 'others-near.sql');

/** At most this many modules per request (a 100 MWp plant in a few requests). */
export const MAX_MODULES = 300_000;

export const wkt = (ring: Ring) => `POLYGON((${ring.map(([x, y]) => `${x} ${y}`).join(',')}))`;
export const pointWkt = ([x, y]: Point) => `POINT(${x} ${y})`;

export interface NewModule extends PlacedModule {
  tableId: string | null;
  code: string;
  modelId: string | null;
  tiltDeg: number | null;
  azimuthDeg: number | null;
}

/** Inserts modules in batches (one statement each) and returns their ids, in order. */
export async function insertModules(db: Queryable, plantId: string, srid: number, modules: NewModule[]): Promise<string[]> {
  const ids: string[] = [];
  const batch = 20_000;
  for (let i = 0; i < modules.length; i += batch) {
    const part = modules.slice(i, i + batch);
    const { rows } = await db.query<{ id: string }>(insertModulesSql, [
      plantId, srid,
      part.map((m) => m.tableId), part.map((m) => m.code), part.map((m) => m.modelId),
      part.map((m) => m.row), part.map((m) => m.column),
      part.map((m) => m.tiltDeg), part.map((m) => m.azimuthDeg), part.map((m) => m.heightM),
      part.map((m) => wkt(m.ring)),
    ]);
    ids.push(...rows.map((r) => r.id));
  }
  return ids;
}

/**
 * 409 when any of these modules overlaps another live module of the plant. `disjoint`:
 * the modules are known not to overlap one another (a fill's grid), so when no other
 * module lies within their extent the pairwise check is skipped.
 */
export async function refuseOverlaps(db: Queryable, plantId: string, srid: number, ids: string[], disjoint = false): Promise<void> {
  if (!ids.length) return;
  if (disjoint) {
    const { rows: near } = await db.query<{ near: boolean }>(othersNearSql, [ids, plantId]);
    if (!near[0]?.near) return;
  }
  const { rows } = await db.query<{ count: number; code: string; other: string }>(overlapsSql, [ids, srid, plantId]);
  const r = rows[0];
  if (r && r.count > 0) {
    throw new ApiError(409, 'modules_overlap', { key: 'e.modules_overlap', params: { count: r.count, code: r.code, other: r.other } });
  }
}

/** The next free number after `prefix` among the plant's live codes of `table` (T → T12 when T11 exists). */
export async function nextNumber(db: Queryable, table: 'tables' | 'modules' | 'strings', plantId: string, prefix: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `select coalesce(max(substring(code from $3)::int), 0) + 1 as n
       from ${table} where plant_id = $1 and deleted_at is null and code ~ $2`,
    [plantId, `^${prefix}[0-9]{1,9}$`, `^${prefix}([0-9]{1,9})$`],
  );
  return Number((rows[0] as { n: number }).n);
}
