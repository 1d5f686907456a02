// The chunk's state written back in a few set-based statements: per table one insert of
// the created rows and one update of the changed ones, then the clocks and the conflicts.
// A night's 250,000 module results are 250 statements per table, not 250,000.
import type { SyncTableName } from '@calepin/core/sync';
import type { Queryable } from '../db';
import type { ConflictRecord } from './apply';
import { SERVER_TABLES, WRITE_ORDER, kindOf } from './registry';
import type { ChunkState, EngineContext, RowState } from './state';

const iso = (ms: number) => new Date(ms).toISOString();

const insertSqls = new Map<SyncTableName, string>();
const updateSqls = new Map<SyncTableName, string>();

/** How a column's JSON value becomes its SQL value (`r` is the JSON record). */
function valueSql(table: SyncTableName, column: string): string {
  if (column === SERVER_TABLES[table].geometry) {
    return `st_force2d(st_setsrid(st_geomfromgeojson(nullif(r.${column}, 'null'::jsonb)), 4326))`;
  }
  return `r.${column}`;
}

const recordType = (table: SyncTableName, extra = '') =>
  Object.entries(SERVER_TABLES[table].types).map(([c, type]) => `${c} ${type}`).join(', ') + extra;

function insertSql(table: SyncTableName): string {
  const cached = insertSqls.get(table);
  if (cached) return cached;
  const columns = Object.keys(SERVER_TABLES[table].types);
  const sql = `insert into ${table} (${columns.join(', ')})
               select ${columns.map((c) => valueSql(table, c)).join(', ')}
                 from jsonb_to_recordset($1::jsonb) as r(${recordType(table)})`;
  insertSqls.set(table, sql);
  return sql;
}

function updateSql(table: SyncTableName): string {
  const cached = updateSqls.get(table);
  if (cached) return cached;
  const spec = SERVER_TABLES[table];
  const sets = Object.keys(spec.types)
    .filter((c) => !spec.key.includes(c))
    .map((c) => {
      const value = kindOf(table, c) === 'keyed' ? `t.${c} || r.${c}` : valueSql(table, c);
      return `${c} = case when '${c}' = any(r._set) then ${value} else t.${c} end`;
    });
  const sql = `update ${table} t set ${sets.join(', ')}
                 from jsonb_to_recordset($1::jsonb) as r(${recordType(table, ', _set text[]')})
                where ${spec.key.map((k) => `t.${k} = r.${k}`).join(' and ')}`;
  updateSqls.set(table, sql);
  return sql;
}

function updateRecord(row: RowState): Record<string, unknown> {
  const record: Record<string, unknown> = { ...row.key, _set: [...row.changed] };
  for (const column of row.changed) {
    record[column] = kindOf(row.table, column) === 'keyed' ? row.keyedPatch[column] ?? {} : row.values[column];
  }
  return record;
}

/** Rewrites rows as they are: a new revision and transaction id, so that pulls bring them again. */
async function touch(db: Queryable, table: SyncTableName, rows: RowState[]): Promise<void> {
  const keys = SERVER_TABLES[table].key;
  const unnest = keys.map((_, i) => `$${i + 1}::uuid[]`).join(', ');
  await db.query(
    `update ${table} set updated_at = updated_at where (${keys.join(', ')}) in (select * from unnest(${unnest}))`,
    keys.map((k) => rows.map((r) => r.key[k])),
  );
}

export async function writeState(db: Queryable, ctx: EngineContext, state: ChunkState, conflicts: ConflictRecord[]): Promise<void> {
  const rows = [...state.rows.values()];
  for (const table of WRITE_ORDER) {
    const created = rows.filter((r) => r.table === table && r.created);
    const changed = rows.filter((r) => r.table === table && !r.created && r.changed.size);
    if (created.length) await db.query(insertSql(table), [JSON.stringify(created.map((r) => r.values))]);
    if (changed.length) await db.query(updateSql(table), [JSON.stringify(changed.map(updateRecord))]);
    const touched = rows.filter((r) => r.table === table && r.touch && !r.created && !r.changed.size);
    if (touched.length) await touch(db, table, touched);
    if (table === 'photos' && created.length) {
      await db.query('select complete_photo_files($1::text[])', [created.map((r) => r.values.sha256)]);
    }
  }
  const clocks = rows.flatMap((r) =>
    [...r.clockWrites].map(([column, clock]) => ({
      table_name: r.table, row_key: r.keyText, column_name: column,
      device_time: iso(clock.time), operation_id: clock.operationId, user_id: clock.userId,
    })),
  );
  if (clocks.length) {
    await db.query(
      `insert into sync_column_clock (table_name, row_key, column_name, device_time, operation_id, user_id)
       select * from jsonb_to_recordset($1::jsonb)
           as r(table_name text, row_key text, column_name text, device_time timestamptz, operation_id uuid, user_id uuid)
       on conflict (table_name, row_key, column_name) do update
          set device_time = excluded.device_time, operation_id = excluded.operation_id, user_id = excluded.user_id`,
      [JSON.stringify(clocks)],
    );
  }
  if (conflicts.length) await recordConflicts(db, ctx, conflicts);
}

async function recordConflicts(db: Queryable, ctx: EngineContext, conflicts: ConflictRecord[]): Promise<void> {
  const records = conflicts.map((c) => ({
    id: c.id, mission_id: ctx.mission.id, table_name: c.table, row_key: c.key, kind: c.kind, column_name: c.column,
    kept: c.kept, server_value: c.serverValue ?? null, device_value: c.deviceValue ?? null,
    server_time: c.serverClock ? iso(c.serverClock.time) : null, device_time: iso(c.op.time),
    device_time_sent: c.op.timeSent, server_operation_id: c.serverClock?.operationId ?? null,
    device_operation_id: c.op.id, server_user_id: c.serverClock?.userId ?? null, device_user_id: ctx.user.id,
  }));
  await db.query(
    `insert into sync_conflicts (id, mission_id, table_name, row_key, kind, column_name, kept, server_value, device_value,
                                 server_time, device_time, device_time_sent, server_operation_id, device_operation_id,
                                 server_user_id, device_user_id)
     select id, mission_id, table_name, row_key, kind, column_name, kept, server_value, device_value, server_time,
            device_time, device_time_sent, server_operation_id, device_operation_id, server_user_id, device_user_id
       from jsonb_to_recordset($1::jsonb)
         as r(id uuid, mission_id uuid, table_name text, row_key jsonb, kind text, column_name text, kept text,
              server_value jsonb, device_value jsonb, server_time timestamptz, device_time timestamptz,
              device_time_sent timestamptz, server_operation_id uuid, device_operation_id uuid, server_user_id uuid,
              device_user_id uuid)`,
    [JSON.stringify(records)],
  );
}
