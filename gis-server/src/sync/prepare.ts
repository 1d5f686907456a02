// An operation checked on its own, before any row is read: its table, its kind, its key,
// each column's name and value. What fails here is rejected without touching the database.
import type { z } from 'zod';
import { type Locale, type MessageKey, type MessageParams, describeIssue, t } from '@calepin/core';
import {
  SYNC_LIMITS, SYNC_TABLES, SYNC_TABLE_NAMES, type SyncOp, type SyncOperation, type SyncTableName, type Writer,
  checklistResponseId, columnOf, columnsOf, isSyncTable, type RejectCode,
} from '@calepin/core/sync';
import { keyText } from './registry';

/** A refusal of one operation: nothing of it is applied. */
export class Rejection {
  constructor(
    readonly code: RejectCode,
    readonly field: string | null,
    readonly key: MessageKey,
    readonly params: MessageParams = {},
    /** A value refused by core's schema: its zod issue, described in the caller's language. */
    readonly issue: z.core.$ZodIssue | null = null,
  ) {}

  message(locale: Locale): string {
    const text = this.issue ? describeIssue(this.issue, locale) : t(locale, this.key, this.params);
    return this.field && this.code !== 'not_found' ? `${this.field}: ${text}` : text;
  }
}

export interface ColumnEdit {
  /** As sent: `severity`, `answers.f12`. */
  name: string;
  column: string;
  /** The key inside a keyed JSON column, or null. */
  subkey: string | null;
  hasOld: boolean;
  old: unknown;
  hasNew: boolean;
  next: unknown;
}

export interface PreparedOp {
  id: string;
  table: SyncTableName;
  op: SyncOp;
  key: Record<string, string>;
  keyText: string;
  edits: ColumnEdit[];
  /** Device time used for decisions (clamped), in ms. */
  time: number;
  timeSent: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function prepare(
  operation: SyncOperation,
  writer: Writer,
  missionId: string,
  now: number,
): PreparedOp | Rejection {
  if (!isSyncTable(operation.table)) {
    return new Rejection('invalid', 'table', 's.table_unknown', { table: operation.table, tables: SYNC_TABLE_NAMES.join(', ') });
  }
  const table = operation.table;
  const spec = SYNC_TABLES[table];
  const ops: readonly SyncOp[] = writer === 'office' ? spec.officeOps : spec.deviceOps;
  if (!ops.includes(operation.op)) return new Rejection('invalid', 'op', 's.op_not_allowed', { op: operation.op, table });

  const keyNames = Object.keys(operation.key);
  const badKey = keyNames.length !== spec.key.length || spec.key.some((k) => typeof operation.key[k] !== 'string' || !UUID.test(operation.key[k] as string));
  if (badKey) {
    const field = spec.key.find((k) => typeof operation.key[k] !== 'string' || !UUID.test(String(operation.key[k])));
    return new Rejection('invalid', field ? `key.${field}` : 'key', 's.key_invalid', { table, columns: spec.key.join(', ') });
  }
  const key = Object.fromEntries(spec.key.map((k) => [k, (operation.key[k] as string).toLowerCase()]));

  const edits: ColumnEdit[] = [];
  for (const [name, change] of Object.entries(operation.columns)) {
    const found = columnOf(table, name);
    if (!found) return new Rejection('column_not_writable', name, 's.column_unknown', { table, column: name });
    if (found.spec.office && writer !== 'office') return new Rejection('column_not_writable', name, 's.column_office', { column: name });
    const hasOld = Object.hasOwn(change, 'old');
    const hasNew = Object.hasOwn(change, 'new');
    if (operation.op === 'delete') {
      if (hasNew) return new Rejection('invalid', name, 's.delete_new');
    } else {
      if (!hasNew) return new Rejection('invalid', name, 's.new_missing');
      if (operation.op === 'patch' && found.spec.createOnly) {
        return new Rejection('column_not_writable', name, 's.column_create_only', { column: name });
      }
      const parsed = found.spec.schema.safeParse(change.new, { reportInput: true });
      if (!parsed.success) return invalidValue(name, parsed.error.issues[0]);
    }
    edits.push({ name, column: found.column, subkey: found.key, hasOld, old: change.old, hasNew, next: change.new });
  }

  if (operation.op === 'create') {
    const columns = columnsOf(table);
    const missing = Object.keys(columns).find((c) => columns[c]?.required && !edits.some((e) => e.column === c));
    if (missing) return new Rejection('invalid', missing, 's.column_required', { table });
  }
  if (table === 'checklist_responses' && operation.op === 'create') {
    const template = edits.find((e) => e.column === 'template_id')?.next as string;
    const expected = checklistResponseId(missionId, template);
    if (key.id !== expected) return new Rejection('invalid', 'key.id', 's.checklist_id', { expected });
  }

  const sent = Date.parse(operation.deviceTime);
  return {
    id: operation.id.toLowerCase(),
    table,
    op: operation.op,
    key,
    keyText: keyText(key, spec.key),
    edits,
    time: Math.min(sent, now + SYNC_LIMITS.futureSkewMs),
    timeSent: operation.deviceTime,
  };
}

// A value refused by core's schema: the field is the column (and the path inside it).
function invalidValue(column: string, issue: z.core.$ZodIssue | undefined): Rejection {
  const path = issue?.path.length ? `${column}.${issue.path.map(String).join('.')}` : column;
  return new Rejection('invalid', path, 'v.invalid', {}, issue ?? null);
}
