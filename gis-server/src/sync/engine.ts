// The change engine: device pushes and the office's edits through the audit API both
// come here (docs/sync.md §4, §6). Every operation is recorded once by id; a known id
// returns its stored result and is not applied again. New operations run in memory over
// the rows they touch and are written in a few statements, under a savepoint. When the
// database refuses that write (a rule the checks above missed, a row created meanwhile by
// another device), the chunk is rolled back and replayed one operation at a time, each
// under its own savepoint: the culprit is rejected, the others applied.
import type { Locale } from '@calepin/core';
import type { OperationResult, SyncOperation } from '@calepin/core/sync';
import type { PoolClient } from 'pg';
import { type ConflictRecord, type Outcome, applyOne } from './apply';
import { type PreparedOp, Rejection, prepare } from './prepare';
import { type EngineContext, loadState } from './state';
import { writeState } from './write';

const iso = (ms: number) => new Date(ms).toISOString();

/** Applies operations in order; one result per operation, in the same order. */
export async function applyOperations(
  tx: PoolClient,
  ctx: EngineContext,
  operations: SyncOperation[],
  locale: Locale,
  batchId: string | null,
): Promise<OperationResult[]> {
  const prepared = operations.map((o) => prepare(o, ctx.writer, ctx.mission.id, ctx.now));
  const claimed = await claim(tx, ctx, operations, prepared, batchId);
  const known = await storedResults(tx, ctx, operations.filter((o) => !claimed.has(o.id.toLowerCase())));

  const fresh: PreparedOp[] = [];
  const results = new Map<string, OperationResult>();
  prepared.forEach((p, i) => {
    const id = (operations[i] as SyncOperation).id.toLowerCase();
    if (!claimed.has(id) || results.has(id)) return;
    if (p instanceof Rejection) results.set(id, rejected(id, p, locale));
    else if (!fresh.some((f) => f.id === id)) fresh.push(p);
  });
  for (const [id, result] of await run(tx, ctx, fresh, locale)) results.set(id, result);

  if (claimed.size) {
    await tx.query(
      'update sync_operations o set result = r.result from jsonb_to_recordset($1::jsonb) as r(id uuid, result jsonb) where o.id = r.id',
      [JSON.stringify([...claimed].map((id) => ({ id, result: results.get(id) })))],
    );
  }
  return operations.map((o) => {
    const id = o.id.toLowerCase();
    return results.get(id) ?? known.get(id) ?? { id, status: 'rejected', code: 'invalid', field: 'id', message: 'unknown operation' };
  });
}

async function run(tx: PoolClient, ctx: EngineContext, ops: PreparedOp[], locale: Locale): Promise<Map<string, OperationResult>> {
  if (!ops.length) return new Map();
  await tx.query('savepoint sync_chunk');
  try {
    const results = await chunk(tx, ctx, ops, locale);
    await tx.query('release savepoint sync_chunk');
    return results;
  } catch (error) {
    if (!refusedByDatabase(error)) throw error;
    await tx.query('rollback to savepoint sync_chunk');
  }
  const results = new Map<string, OperationResult>();
  for (const op of ops) {
    await tx.query('savepoint sync_op');
    try {
      for (const [id, result] of await chunk(tx, ctx, [op], locale)) results.set(id, result);
      await tx.query('release savepoint sync_op');
    } catch (error) {
      if (!refusedByDatabase(error)) throw error;
      await tx.query('rollback to savepoint sync_op');
      results.set(op.id, rejected(op.id, fromDatabase(error), locale));
    }
  }
  return results;
}

async function chunk(tx: PoolClient, ctx: EngineContext, ops: PreparedOp[], locale: Locale): Promise<Map<string, OperationResult>> {
  const state = await loadState(tx, ctx, ops);
  const results = new Map<string, OperationResult>();
  const conflicts: ConflictRecord[] = [];
  for (const op of ops) {
    const outcome = applyOne(ctx, state, op);
    if (outcome instanceof Rejection) {
      results.set(op.id, rejected(op.id, outcome, locale));
    } else {
      conflicts.push(...outcome.conflicts);
      results.set(op.id, applied(op.id, outcome));
    }
  }
  await writeState(tx, ctx, state, conflicts);
  return results;
}

/** Records every operation id of the request; the ids already known are not claimed again. */
async function claim(
  tx: PoolClient, ctx: EngineContext, operations: SyncOperation[], prepared: (PreparedOp | Rejection)[], batchId: string | null,
): Promise<Set<string>> {
  if (!operations.length) return new Set();
  const records = operations.map((o, i) => {
    const p = prepared[i];
    const ok = p instanceof Rejection ? null : p;
    return {
      id: o.id, batch_id: batchId, mission_id: ctx.mission.id, user_id: ctx.user.id, table_name: o.table.slice(0, 63),
      row_key: ok?.keyText ?? JSON.stringify(o.key).slice(0, 500), op: o.op, device_time_sent: o.deviceTime,
      device_time: ok ? iso(ok.time) : o.deviceTime,
    };
  });
  // In id order: two requests claiming the same ids wait for each other instead of deadlocking.
  const { rows } = await tx.query<{ id: string }>(
    `insert into sync_operations (id, batch_id, mission_id, user_id, table_name, row_key, op, device_time_sent, device_time)
     select id, batch_id, mission_id, user_id, table_name, row_key, op, device_time_sent, device_time
       from jsonb_to_recordset($1::jsonb)
         as r(id uuid, batch_id uuid, mission_id uuid, user_id uuid, table_name text, row_key text, op text,
              device_time_sent timestamptz, device_time timestamptz)
      order by id
     on conflict (id) do nothing
     returning id`,
    [JSON.stringify(records)],
  );
  return new Set(rows.map((r) => r.id));
}

async function storedResults(tx: PoolClient, ctx: EngineContext, operations: SyncOperation[]): Promise<Map<string, OperationResult>> {
  if (!operations.length) return new Map();
  const { rows } = await tx.query<{ id: string; result: OperationResult | null; user_id: string }>(
    'select id, result, user_id from sync_operations where id = any($1::uuid[])',
    [operations.map((o) => o.id)],
  );
  return new Map(rows.map((r) => [
    r.id,
    r.user_id === ctx.user.id && r.result
      ? r.result
      : { id: r.id, status: 'rejected', code: 'invalid', field: 'id', message: 'this operation id was already used by another user' },
  ]));
}

function applied(id: string, outcome: Outcome): OperationResult {
  const result: OperationResult = { id, status: outcome.status };
  if (outcome.conflicts.length) {
    result.conflicts = outcome.conflicts.map((c) => ({
      conflictId: c.id, kind: c.kind, column: c.column, kept: c.kept, serverValue: c.serverValue, deviceValue: c.deviceValue,
    }));
  }
  return result;
}

function rejected(id: string, r: Rejection, locale: Locale): OperationResult {
  return { id, status: 'rejected', code: r.code, field: r.field, message: r.message(locale) };
}

interface PgError {
  code?: string;
  constraint?: string;
  column?: string;
}

/** A row or value the database refused (classes 22 and 23), not a broken connection or a deadlock. */
const refusedByDatabase = (error: unknown) => {
  const code = (error as PgError | null)?.code;
  return typeof code === 'string' && (code.startsWith('23') || code.startsWith('22'));
};

// The tables' own rules, said in words; anything else names its constraint.
const CONSTRAINTS: Record<string, { field: string; key: ConstructorParameters<typeof Rejection>[2] }> = {
  defects_check: { field: 'module_id', key: 's.target_module' },
  defects_check1: { field: 'target_id', key: 's.target_id' },
  defects_check2: { field: 'iec_class', key: 's.iec_class' },
  defects_geom_check: { field: 'geom', key: 's.geometry_out_of_bounds' },
  photos_geom_check: { field: 'geom', key: 's.geometry_out_of_bounds' },
  photos_check: { field: 'gps_source', key: 's.gps_source' },
  audits_check: { field: 'finished_at', key: 's.finished_before_started' },
};

function fromDatabase(error: unknown): Rejection {
  const e = error as PgError;
  const known = e.constraint ? CONSTRAINTS[e.constraint] : undefined;
  if (known) return new Rejection('constraint', known.field, known.key, { kind: '' });
  return new Rejection('constraint', e.column ?? null, 's.constraint', { constraint: e.constraint ?? e.code ?? '' });
}
