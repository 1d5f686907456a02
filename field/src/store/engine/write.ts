// write(change): the row and its outbox operation in one SQLite transaction, with what
// follows from it on the device — the module's derived result, the inspection a defect
// implies, gpkg_contents kept true. A killed tab either has all of it or none of it.
import type { Database } from '@sqlite.org/sqlite-wasm';
import type { ModuleStatus } from '@calepin/core';
import type { Geometry } from '../gpkg/geometry';
import { type Change, StoreError, type WriteResult } from '../types';
import { refreshResult } from './derive';
import { type Columns, appendOp } from './outbox';
import { type Row, columnsOf, deleteRow, deviceTime, readRow, touchContents, upsertRow, utcNow } from './rows';
import { DEVICE_TABLES, type DeviceTable, keyText } from './tables';

export interface DeviceContext {
  userId: string | null;
  plantId: string;
  missionId: string;
}

const KEYED_NAME = /^([a-z_]+)\.([\w-]{1,100})$/;

/** Checks a change against the table's rules; the store refuses what the server would. */
function check(spec: DeviceTable, change: Change): void {
  for (const k of spec.key) {
    if (typeof change.key[k] !== 'string' || !change.key[k]) throw new StoreError('invalid', `${change.table}: key ${k} is required`, `key.${k}`);
  }
  for (const name of Object.keys(change.values ?? {})) {
    const keyed = KEYED_NAME.exec(name);
    const column = keyed ? keyed[1] as string : name;
    const ok = keyed ? spec.keyed?.includes(column) : spec.writable.includes(name) && !spec.keyed?.includes(name);
    if (!ok) throw new StoreError('invalid', `${change.table}: ${name} is not a column the device writes`, name);
    if (change.op === 'patch' && spec.createOnly?.includes(column)) throw new StoreError('invalid', `${change.table}: ${name} is set at creation only`, name);
  }
}

/** What a row created on the device holds besides what the technician gave (never pushed: the server knows it). */
function defaults(db: Database, spec: DeviceTable, ctx: DeviceContext): Row {
  const now = utcNow();
  const columns = columnsOf(db, spec.local);
  const row: Row = {};
  const put = (c: string, v: unknown) => { if (columns.has(c)) row[c] = v; };
  put('created_at', now);
  put('updated_at', now);
  put('revision', 0);
  put('plant_id', ctx.plantId);
  if (spec.local !== 'audits' && spec.local !== 'audit_modules' && spec.local !== 'defects') put('mission_id', ctx.missionId);
  put('author_id', ctx.userId);
  if (spec.local === 'defects') { put('target_kind', 'module'); put('source', 'manual'); put('observed_at', now); }
  if (spec.local === 'photos') put('storage_key', '');
  if (spec.local === 'audit_modules') { put('status', 'ok'); put('inspected_at', now); put('inspected_by', ctx.userId); }
  if (spec.local === 'checklist_responses') { put('answers', {}); put('validated_sections', []); }
  return row;
}

/** `answers.fence` → the value at that key of the row's answers; a plain column → its value. */
function valueAt(row: Row | undefined, name: string): unknown {
  const keyed = KEYED_NAME.exec(name);
  if (!keyed) return row?.[name] ?? null;
  const object = row?.[keyed[1] as string] as Record<string, unknown> | null | undefined;
  return object?.[keyed[2] as string] ?? null;
}

function assign(row: Row, name: string, value: unknown): void {
  const keyed = KEYED_NAME.exec(name);
  if (!keyed) {
    row[name] = value;
    return;
  }
  const column = keyed[1] as string;
  row[column] = { ...((row[column] as Record<string, unknown> | null) ?? {}), [keyed[2] as string]: value };
}

/** Applies one change; the caller holds the transaction. */
export function applyChange(db: Database, change: Change, ctx: DeviceContext, statuses: WriteResult['statuses']): { row: Row | null; seq: number | null } {
  const spec = DEVICE_TABLES[change.table];
  check(spec, change);
  const before = readRow(db, spec, change.key);
  let op = change.op;
  // A module inspected again (or by a colleague first): a create of an existing result is a patch.
  if (op === 'create' && before && spec.deletion === 'column') op = 'patch';
  if (op === 'create' && before) throw new StoreError('invalid', `${change.table} ${keyText(spec, change.key)} exists already`, 'key');
  if (op !== 'create' && !before) throw new StoreError('not_found', `${change.table} ${keyText(spec, change.key)}: no such row on this device`, 'key');

  const values = change.values ?? {};
  const columns: Columns = {};
  let after: Row | null;
  if (op === 'delete') {
    // The last values seen of the plain columns the device writes: the server tells which changed since.
    for (const c of spec.writable) {
      const v = before?.[c];
      if (!spec.keyed?.includes(c) && !spec.createOnly?.includes(c) && v !== null && v !== undefined && typeof v !== 'object') columns[c] = { old: v };
    }
    after = null;
  } else {
    after = op === 'create' ? { ...defaults(db, spec, ctx), ...change.key } : { ...before };
    for (const [name, value] of Object.entries(values)) {
      columns[name] = op === 'create' ? { new: value } : { old: valueAt(before, name), new: value };
      assign(after, name, value);
    }
    if (op === 'patch') after.updated_at = utcNow();
  }

  // A defect on a module is an inspection of that module in that audit, dated now on the device.
  if (change.table === 'defects' && after?.module_id && after.audit_id) {
    const result = readRow(db, DEVICE_TABLES.audit_modules, { audit_id: after.audit_id, module_id: after.module_id });
    if (!result || result.deleted_at) {
      applyChange(db, {
        table: 'audit_modules', op: result ? 'patch' : 'create', key: { audit_id: String(after.audit_id), module_id: String(after.module_id) },
        values: { inspected_at: utcNow(), inspected_by: ctx.userId, ...(result ? { deleted_at: null } : {}) },
      }, ctx, statuses);
    }
  }

  if (change.file) {
    const f = change.file;
    if (!/^[0-9a-f]{64}$/.test(f.sha256)) throw new StoreError('invalid', 'file: sha256 must be 64 hexadecimal digits', 'file.sha256');
    db.exec({
      sql: `insert into calepin_files (sha256, kind, mime_type, filename, size_bytes, created_at) values (?, ?, ?, ?, ?, ?)
            on conflict (sha256) do nothing`,
      bind: [f.sha256, f.kind, f.mimeType, f.filename, f.size, utcNow()],
    });
  }
  if (after) upsertRow(db, spec, after);
  else deleteRow(db, spec, change.key);
  const point = spec.geometry ? ((after?.[spec.geometry] as Geometry | null | undefined) ?? null) : null;
  const moved = spec.geometry !== undefined && ((op === 'patch' && spec.geometry in values) || (op === 'delete' && before?.[spec.geometry]));
  touchContents(db, spec.local, op === 'create' && point ? { grow: point } : moved ? 'recompute' : null);

  const seq = appendOp(db, { table: change.table, rowKey: keyText(spec, change.key), op, columns, deviceTime: deviceTime() });

  // The derived results this change may move: the defect's module (before and after), or the result itself.
  const pairs = new Set<string>();
  if (change.table === 'defects') {
    for (const r of [before, after]) if (r?.module_id && r.audit_id) pairs.add(`${String(r.audit_id)}|${String(r.module_id)}`);
  }
  if (change.table === 'audit_modules') pairs.add(`${change.key.audit_id}|${change.key.module_id}`);
  for (const pair of pairs) {
    const [auditId = '', moduleId = ''] = pair.split('|');
    statuses.push({ auditId, moduleId, status: refreshResult(db, auditId, moduleId) as ModuleStatus | null });
  }
  return { row: after ? (readRow(db, spec, change.key) ?? null) : null, seq };
}

/** The device store's write: one change, one transaction. */
export function write(db: Database, change: Change, ctx: DeviceContext): WriteResult {
  const started = performance.now();
  const statuses: WriteResult['statuses'] = [];
  let sqlMs = 0;
  const result = db.transaction('IMMEDIATE', () => {
    const applied = applyChange(db, change, ctx, statuses);
    sqlMs = performance.now() - started;
    return applied;
  });
  return { ...result, statuses, ms: performance.now() - started, sqlMs };
}

/** Several changes in one transaction (a bulk status, a defect with its photo): all or nothing. */
export function writeAll(db: Database, changes: Change[], ctx: DeviceContext): WriteResult[] {
  return db.transaction('IMMEDIATE', () =>
    changes.map((change) => {
      const started = performance.now();
      const statuses: WriteResult['statuses'] = [];
      const result = applyChange(db, change, ctx, statuses);
      const ms = performance.now() - started;
      return { ...result, statuses, ms, sqlMs: ms };
    }),
  );
}
