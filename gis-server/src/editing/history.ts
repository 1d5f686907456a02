import { type MessageKey, type MessageParams, t } from '@calepin/core';
import type { Queryable } from '../db';

// The plant's edit history (table layout_edits, migration 016): every layout write records
// what it changed so that undo and redo can restore it. Inserted and deleted rows are
// kept as ids (undo soft-deletes or revives them); updated rows as their editable columns
// before and after.

/** The editable columns of each layout table: what undo and redo restore. */
export const EDITABLE = {
  modules: ['table_id', 'string_id', 'position_in_string', 'code', 'model_id', 'row_index', 'column_index', 'tilt_deg',
    'azimuth_deg', 'height_m', 'geom', 'deleted_at'],
  tables: ['zone_id', 'code', 'tilt_deg', 'azimuth_deg', 'height_m', 'row_count', 'column_count', 'orientation', 'geom',
    'deleted_at'],
  strings: ['code', 'inverter_id', 'mppt_input_id', 'junction_box_id', 'deleted_at'],
  inverters: ['code', 'manufacturer', 'model', 'rated_power_kw', 'serial_number', 'geom', 'deleted_at'],
  mppt_inputs: ['inverter_id', 'input_index', 'max_strings', 'max_voltage_v', 'max_current_a', 'deleted_at'],
  junction_boxes: ['inverter_id', 'mppt_input_id', 'code', 'input_count', 'geom', 'deleted_at'],
  cables: ['code', 'kind', 'from_kind', 'from_id', 'to_kind', 'to_id', 'cross_section_mm2', 'conductor', 'geom', 'deleted_at'],
} as const;
export type LayoutTable = keyof typeof EDITABLE;

export type Change =
  | { table: LayoutTable; op: 'insert' | 'delete'; ids: string[] }
  | { table: LayoutTable; op: 'update'; columns?: readonly string[]; before: unknown[]; after: unknown[] };

/** The editable columns of rows, as JSON (geometry as hex EWKB), for an update change. */
export async function snapshot(
  db: Queryable, table: LayoutTable, ids: string[], only: readonly string[] = EDITABLE[table],
): Promise<unknown[]> {
  if (!ids.length) return [];
  const columns = editable(table, only).map((c) => (c === 'geom' ? `'geom', t.geom::text` : `'${c}', t.${c}`)).join(', ');
  const { rows } = await db.query<{ rows: unknown[] | null }>(
    `select jsonb_agg(jsonb_build_object('id', t.id, ${columns})) as rows from ${table} t where t.id = any($1::uuid[])`,
    [ids],
  );
  return rows[0]?.rows ?? [];
}

/** Column names from a caller, kept only when editable (they reach SQL). */
function editable(table: LayoutTable, columns: readonly string[]): readonly string[] {
  return EDITABLE[table].filter((c) => columns.includes(c));
}

/** Runs an update of rows and returns its change (before and after; `columns`: only those). */
export async function tracked(
  db: Queryable, table: LayoutTable, ids: string[], work: () => Promise<void>, columns?: readonly string[],
): Promise<Change> {
  const before = await snapshot(db, table, ids, columns);
  await work();
  return { table, op: 'update', ...(columns ? { columns } : {}), before, after: await snapshot(db, table, ids, columns) };
}

export interface EditRecord {
  plantId: string;
  authorId: string;
  kind: string;
  key: MessageKey;
  params: MessageParams;
  changes: Change[];
}

/** Records an edit (dropping the undone ones: no branches) and returns its id. */
export async function recordEdit(db: Queryable, edit: EditRecord): Promise<string> {
  await db.query('delete from layout_edits where plant_id = $1 and undone', [edit.plantId]);
  const description = { en: t('en', edit.key, edit.params), fr: t('fr', edit.key, edit.params) };
  const { rows } = await db.query<{ id: string }>(
    `insert into layout_edits (plant_id, kind, description, changes, author_id) values ($1, $2, $3, $4, $5) returning id`,
    [edit.plantId, edit.kind, JSON.stringify(description), JSON.stringify(edit.changes), edit.authorId],
  );
  return (rows[0] as { id: string }).id;
}

/** Applies one change backwards (undo) or forwards (redo). */
async function apply(db: Queryable, change: Change, direction: 'undo' | 'redo'): Promise<void> {
  const table = change.table;
  if (!(table in EDITABLE)) throw new Error(`layout history: unknown table ${table}`);
  if (change.op === 'update') {
    const rows = direction === 'undo' ? change.before : change.after;
    const columns = editable(table, change.columns ?? EDITABLE[table]);
    if (!rows.length || !columns.length) return;
    if (columns.includes('code') && table !== 'modules') {
      // Codes may be swapped among these rows (renumbering): clear them first. Module codes
      // need not: they are checked unique at the end of the statement (migration 025).
      await db.query(`update ${table} set code = id::text where id = any($1::uuid[])`, [(rows as { id: string }[]).map((r) => r.id)]);
    }
    await db.query(
      `update ${table} t set (${columns.join(', ')}) = row(${columns.map((c) => `r.${c}`).join(', ')})
         from jsonb_populate_recordset(null::${table}, $1::jsonb) r where t.id = r.id`,
      [JSON.stringify(rows)],
    );
    return;
  }
  const revive = (change.op === 'insert') === (direction === 'redo');
  await db.query(
    revive
      ? `update ${table} set deleted_at = null where id = any($1::uuid[]) and deleted_at is not null`
      : `update ${table} set deleted_at = now() where id = any($1::uuid[]) and deleted_at is null`,
    [change.ids],
  );
}

export interface Replayed {
  editId: string;
  description: { en: string; fr: string };
}

/**
 * Undoes the latest edit or redoes the earliest undone one; null when there is none. With
 * `expected` (the edit the user's screen shows), an edit in its place is not replayed: it
 * comes back as `stale`, since undoing what someone else just did would be silent damage.
 */
export async function replay(
  db: Queryable, plantId: string, direction: 'undo' | 'redo', expected?: string,
): Promise<{ done: Replayed } | { stale: Replayed } | null> {
  const { rows } = await db.query<{ id: string; description: { en: string; fr: string }; changes: Change[] }>(
    direction === 'undo'
      ? 'select id, description, changes from layout_edits where plant_id = $1 and not undone order by seq desc limit 1 for update'
      : 'select id, description, changes from layout_edits where plant_id = $1 and undone order by seq limit 1 for update',
    [plantId],
  );
  const edit = rows[0];
  if (!edit) return null;
  if (expected && edit.id !== expected) return { stale: { editId: edit.id, description: edit.description } };
  const changes = direction === 'undo' ? [...edit.changes].reverse() : edit.changes;
  for (const change of changes) await apply(db, change, direction);
  await db.query('update layout_edits set undone = $2 where id = $1', [edit.id, direction === 'undo']);
  await refreshStrings(db, plantId, changes);
  return { done: { editId: edit.id, description: edit.description } };
}

/** Recomputes the outline of the strings whose modules an edit touched. */
export async function refreshStrings(db: Queryable, plantId: string, changes: Change[]): Promise<void> {
  const moduleIds = new Set<string>();
  const stringIds = new Set<string>();
  for (const c of changes) {
    const ids = c.op === 'update' ? (c.before as { id: string }[]).map((r) => r.id) : c.ids;
    if (c.table === 'modules') ids.forEach((id) => moduleIds.add(id));
    if (c.table === 'strings') ids.forEach((id) => stringIds.add(id));
    if (c.table === 'modules' && c.op === 'update') {
      for (const r of [...c.before, ...c.after] as { string_id: string | null }[]) if (r.string_id) stringIds.add(r.string_id);
    }
  }
  await db.query(
    `select refresh_string_geom(array(
       select distinct string_id from modules where id = any($1::uuid[]) and string_id is not null
       union select unnest($2::uuid[])))`,
    [[...moduleIds], [...stringIds]],
  );
  // A string left without live modules has no outline.
  await db.query(
    `update strings s set geom = null
      where s.id = any($2::uuid[]) and s.plant_id = $1 and s.geom is not null
        and not exists (select 1 from modules m where m.string_id = s.id and m.deleted_at is null)`,
    [plantId, [...stringIds]],
  );
}
