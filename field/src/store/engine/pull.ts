// A pulled page (docs/sync.md §5) applied in one transaction with its cursor: the server's
// rows written, rows it deleted removed, then the operations still waiting in the outbox
// written over them again (rebase), so the screen keeps the technician's latest intent
// until the next push settles it; derived results and extents recomputed for what moved.
import type { Database } from '@sqlite.org/sqlite-wasm';
import type { ModuleStatus } from '@calepin/core';
import { refreshResult } from './derive';
import { waiting } from './outbox';
import { type Row, columnsOf, deleteRow, ident, readRow, touchContents, upsertRow, utcNow } from './rows';
import { tableOf } from './tables';
import { setState } from './state';

export interface PulledChange {
  table: string;
  key: Record<string, string>;
  op: 'upsert' | 'delete';
  revision: number;
  row?: Record<string, unknown>;
}

export interface PageResult {
  applied: number;
  statuses: { auditId: string; moduleId: string; status: ModuleStatus | null }[];
  tables: string[];
}

const FEATURE_TABLES = new Set(['defects', 'photos', 'mission_zones']);

const typeCache = new WeakMap<Database, Map<string, Map<string, string>>>();
function declaredTypes(db: Database, table: string): Map<string, string> {
  let tables = typeCache.get(db);
  if (!tables) typeCache.set(db, (tables = new Map()));
  let types = tables.get(table);
  if (!types) {
    types = new Map(db.selectObjects('select name, type from pragma_table_info(?)', [table]).map((r) => [String(r.name), String(r.type).toUpperCase()]));
    tables.set(table, types);
  }
  return types;
}

/** A server row in the device's forms: times as UTC DATETIME text, nothing the table lacks. */
function localRow(db: Database, table: string, row: Record<string, unknown>): Row {
  const types = declaredTypes(db, table);
  const out: Row = {};
  for (const [column, value] of Object.entries(row)) {
    const type = types.get(column);
    if (!type || column === 'fid') continue;
    out[column] = type === 'DATETIME' && typeof value === 'string' ? new Date(value).toISOString() : value;
  }
  return out;
}

export function applyPage(db: Database, changes: PulledChange[], cursor: string, layoutRevision: number | null): PageResult {
  return db.transaction('IMMEDIATE', () => {
    const pairs = new Set<string>();
    const touched = new Set<string>();
    const tables = new Set<string>();
    const notePair = (r: Row | undefined | null) => {
      if (r?.audit_id && r.module_id) pairs.add(`${String(r.audit_id)}|${String(r.module_id)}`);
    };
    let applied = 0;
    for (const change of changes) {
      const spec = tableOf(change.table);
      if (!spec) continue; // a table this version of the app does not keep (e.g. chat)
      const before = readRow(db, spec, change.key);
      notePair(before);
      if (change.op === 'delete') {
        if (before) deleteRow(db, spec, change.key);
      } else {
        upsertRow(db, spec, { ...(before ?? {}), ...localRow(db, spec.local, change.row ?? {}), ...change.key });
        notePair(readRow(db, spec, change.key));
      }
      touched.add(`${change.table}|${JSON.stringify(spec.key.map((k) => change.key[k]))}`);
      tables.add(spec.local);
      applied++;
    }
    rebase(db, touched, notePair);
    for (const table of tables) touchContents(db, table, FEATURE_TABLES.has(table) ? 'recompute' : null);
    const statuses = [...pairs].map((pair) => {
      const [auditId = '', moduleId = ''] = pair.split('|');
      return { auditId, moduleId, status: refreshResult(db, auditId, moduleId) };
    });
    setState(db, 'cursor', cursor);
    if (layoutRevision !== null) setState(db, 'server_layout_revision', String(layoutRevision));
    setState(db, 'last_pull_at', utcNow());
    return { applied, statuses, tables: [...tables] };
  });
}

/** Writes the waiting operations of the rows a page touched over what the server sent. */
function rebase(db: Database, touched: Set<string>, notePair: (r: Row | undefined | null) => void): void {
  for (const op of waiting(db)) {
    const spec = tableOf(op.table_name);
    if (!spec) continue;
    const key = JSON.parse(op.row_key) as Record<string, string>;
    if (!touched.has(`${op.table_name}|${JSON.stringify(spec.key.map((k) => key[k]))}`)) continue;
    const row = readRow(db, spec, key);
    if (op.op === 'delete') {
      if (row) deleteRow(db, spec, key);
      continue;
    }
    // A row the server deleted stays deleted: the delete wins over a waiting change (§6).
    if (!row) continue;
    const next: Row = { ...row, ...key };
    for (const [name, change] of Object.entries(op.columns)) {
      const dot = name.indexOf('.');
      if (dot < 0) next[name] = change.new;
      else {
        const column = name.slice(0, dot);
        next[column] = { ...((next[column] as Record<string, unknown> | null) ?? {}), [name.slice(dot + 1)]: change.new };
      }
    }
    upsertRow(db, spec, next);
    notePair(next);
  }
}

/** Rows of a table, for tests and the export summary. */
export const countRows = (db: Database, table: string) => Number(db.selectValue(`select count(*) from ${ident(table)}`));
export { columnsOf };
