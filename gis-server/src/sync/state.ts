// What a chunk of operations works on, read once: the rows they touch (locked), the
// clocks of those rows, and the rows their values refer to. Operations then run in
// memory over this state, in order, and the result is written back in a few statements.
import type { SessionUser } from '@calepin/core';
import type { SyncTableName, Writer } from '@calepin/core/sync';
import type { Queryable } from '../db';
import type { Clock } from './decide';
import type { PreparedOp } from './prepare';
import { SERVER_TABLES, keyText } from './registry';

export interface MissionContext {
  id: string;
  plantId: string;
  /** The mission's audits: deleted or not, and their type. */
  audits: Map<string, { deleted: boolean; auditType: string }>;
  /** The team's user ids (who a zone may be given to). */
  team: Set<string>;
  /** The caller plans the team's work: the mission's lead, a manager or an admin (zones). */
  plans: boolean;
}

export interface EngineContext {
  user: SessionUser;
  writer: Writer;
  /**
   * 'push': operations from a device's outbox, with the old values it saw. 'api': an
   * edit through the audit API, made on what the server shows now (its patches win).
   */
  origin: 'push' | 'api';
  mission: MissionContext;
  /** The server's clock for this batch, ms. */
  now: number;
}

export interface RowState {
  table: SyncTableName;
  key: Record<string, string>;
  keyText: string;
  /** The mission the row belongs to (null for a row not created yet). */
  missionId: string | null;
  exists: boolean;
  /** Created by this chunk: written by an insert. */
  created: boolean;
  /** Column values as JSON (geometry as GeoJSON). */
  values: Record<string, unknown>;
  /** Columns changed by this chunk (existing rows): written by an update. */
  changed: Set<string>;
  /** Keys changed in keyed JSON columns (existing rows), merged with `||`. */
  keyedPatch: Record<string, Record<string, unknown>>;
  /** Per column ('*' for the creation). */
  clocks: Map<string, Clock>;
  /** Clock entries written by this chunk. */
  clockWrites: Map<string, Clock>;
  /**
   * A change was decided against a device and nothing else changed the row: it is written
   * again as it is, so that the device's next pull brings the server's resolution.
   */
  touch: boolean;
}

export interface References {
  modules: Map<string, { deleted: boolean }>;
  targets: Map<string, { kind: string; deleted: boolean }>;
  defects: Map<string, { deleted: boolean; missionId: string | null }>;
  templates: Set<string>;
  users: Set<string>;
  photos: Map<string, { deleted: boolean; missionId: string | null }>;
}

export interface ChunkState {
  rows: Map<string, RowState>;
  refs: References;
}

export const stateKey = (table: string, key: string) => `${table}/${key}`;

const rowJson = (table: SyncTableName) => {
  const geometry = SERVER_TABLES[table].geometry;
  const drop = `'{geom_3857,sync_xid,${geometry ?? 'geom'}}'::text[]`;
  return geometry
    ? `to_jsonb(t) - ${drop} || jsonb_build_object('${geometry}', st_asgeojson(t.${geometry}, 15)::jsonb)`
    : `to_jsonb(t) - ${drop}`;
};

/** The SQL that reads a table's rows by key, locked in key order (two pushes never deadlock on them). */
export function rowsSql(table: SyncTableName): string {
  const spec = SERVER_TABLES[table];
  const keys = spec.key;
  const unnest = keys.map((_, i) => `$${i + 1}::uuid[]`).join(', ');
  return `select ${rowJson(table)} as row, ${spec.missionOf} as mission_id
            from ${table} t
           where (${keys.map((k) => `t.${k}`).join(', ')}) in (select * from unnest(${unnest}))
           order by ${keys.map((k) => `t.${k}`).join(', ')}
             for update of t`;
}

export async function loadState(db: Queryable, ctx: EngineContext, ops: PreparedOp[]): Promise<ChunkState> {
  const rows = new Map<string, RowState>();
  const byTable = new Map<SyncTableName, Map<string, Record<string, string>>>();
  for (const op of ops) {
    const keys = byTable.get(op.table) ?? new Map<string, Record<string, string>>();
    keys.set(op.keyText, op.key);
    byTable.set(op.table, keys);
  }
  for (const [table, keys] of [...byTable].sort(([a], [b]) => SERVER_TABLES[a].order - SERVER_TABLES[b].order)) {
    const keyColumns = SERVER_TABLES[table].key;
    const params = keyColumns.map((k) => [...keys.values()].map((key) => key[k]));
    const { rows: found } = await db.query<{ row: Record<string, unknown>; mission_id: string | null }>(rowsSql(table), params);
    const existing = new Map(found.map((r) => [keyText(r.row, keyColumns), r]));
    for (const [text, key] of keys) {
      const hit = existing.get(text);
      rows.set(stateKey(table, text), {
        table, key, keyText: text, missionId: hit?.mission_id ?? null, exists: Boolean(hit), created: false,
        values: hit?.row ?? {}, changed: new Set(), keyedPatch: {}, clocks: new Map(), clockWrites: new Map(), touch: false,
      });
    }
    await loadClocks(db, table, [...existing.keys()], rows);
  }
  return { rows, refs: await loadReferences(db, ctx, ops) };
}

async function loadClocks(db: Queryable, table: SyncTableName, keys: string[], rows: Map<string, RowState>): Promise<void> {
  if (!keys.length) return;
  const { rows: clocks } = await db.query<{ row_key: string; column_name: string; time: number; operation_id: string; user_id: string | null }>(
    `select row_key, column_name, (extract(epoch from device_time) * 1000)::float8 as time, operation_id, user_id
       from sync_column_clock where table_name = $1 and row_key = any($2::text[])`,
    [table, keys],
  );
  for (const c of clocks) {
    rows.get(stateKey(table, c.row_key))?.clocks.set(c.column_name, { time: c.time, operationId: c.operation_id, userId: c.user_id });
  }
}

async function loadReferences(db: Queryable, ctx: EngineContext, ops: PreparedOp[]): Promise<References> {
  const moduleIds = new Set<string>();
  const targetIds = new Set<string>();
  const defectIds = new Set<string>();
  const templateIds = new Set<string>();
  const userIds = new Set<string>();
  const photoIds = new Set<string>();
  for (const op of ops) {
    if (op.table === 'audit_modules') moduleIds.add(op.key.module_id as string);
    for (const e of op.edits) {
      if (typeof e.next !== 'string') continue;
      if (e.column === 'module_id') moduleIds.add(e.next);
      else if (e.column === 'target_id') targetIds.add(e.next);
      else if (e.column === 'defect_id') defectIds.add(e.next);
      else if (e.column === 'template_id') templateIds.add(e.next);
      else if (e.column === 'photo_id') photoIds.add(e.next);
      else if (e.column.endsWith('_by')) userIds.add(e.next);
    }
  }
  const refs: References = { modules: new Map(), targets: new Map(), defects: new Map(), templates: new Set(), users: new Set(), photos: new Map() };
  const plant = ctx.mission.plantId;
  if (moduleIds.size) {
    const { rows } = await db.query<{ id: string; deleted: boolean }>(
      'select id, deleted_at is not null as deleted from modules where plant_id = $1 and id = any($2::uuid[])',
      [plant, [...moduleIds]],
    );
    for (const r of rows) refs.modules.set(r.id, { deleted: r.deleted });
  }
  if (targetIds.size) {
    const { rows } = await db.query<{ id: string; kind: string; deleted: boolean }>(
      `select id, 'string' as kind, deleted_at is not null as deleted from strings where plant_id = $1 and id = any($2::uuid[])
       union all select id, 'inverter', deleted_at is not null from inverters where plant_id = $1 and id = any($2::uuid[])
       union all select id, 'junction_box', deleted_at is not null from junction_boxes where plant_id = $1 and id = any($2::uuid[])
       union all select id, 'cable', deleted_at is not null from cables where plant_id = $1 and id = any($2::uuid[])`,
      [plant, [...targetIds]],
    );
    for (const r of rows) refs.targets.set(r.id, { kind: r.kind, deleted: r.deleted });
  }
  if (defectIds.size) {
    const { rows } = await db.query<{ id: string; deleted: boolean; mission_id: string | null }>(
      `select d.id, d.deleted_at is not null as deleted, a.mission_id
         from defects d join audits a on a.id = d.audit_id where d.id = any($1::uuid[])`,
      [[...defectIds]],
    );
    for (const r of rows) refs.defects.set(r.id, { deleted: r.deleted, missionId: r.mission_id });
  }
  if (templateIds.size) {
    const { rows } = await db.query<{ id: string }>(
      'select id from checklist_templates where id = any($1::uuid[]) and deleted_at is null',
      [[...templateIds]],
    );
    for (const r of rows) refs.templates.add(r.id);
  }
  if (photoIds.size) {
    const { rows } = await db.query<{ id: string; deleted: boolean; mission_id: string | null }>(
      'select id, deleted_at is not null as deleted, mission_id from photos where id = any($1::uuid[])',
      [[...photoIds]],
    );
    for (const r of rows) refs.photos.set(r.id, { deleted: r.deleted, missionId: r.mission_id });
  }
  if (userIds.size) {
    const { rows } = await db.query<{ id: string }>('select id from users where id = any($1::uuid[])', [[...userIds]]);
    for (const r of rows) refs.users.add(r.id);
  }
  return refs;
}
