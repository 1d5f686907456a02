// The simulated device's local database (docs/sync.md §3): the field tables under the
// server's column names, the outbox, the sync state and the photo files. Every change is
// one "transaction": the row and its outbox operation together, then the whole state is
// written to the device's disk, so that a device killed at any moment restarts from its
// last transaction — as the field app's SQLite does.
import { randomUUID } from 'node:crypto';
import { type OperationResult, type PulledChange, type SyncOp, isSyncTable, columnsOf } from '@calepin/core/sync';

export interface OutboxOp {
  seq: number;
  op_id: string;
  table_name: string;
  row_key: Record<string, string>;
  op: SyncOp;
  columns: Record<string, { old?: unknown; new?: unknown }>;
  device_time: string;
  state: 'pending' | 'sent' | 'applied' | 'conflict' | 'rejected';
  batch_id: string | null;
  result: OperationResult | null;
  attempts: number;
}

export interface DeviceFile {
  sha256: string;
  kind: 'photo' | 'voice';
  mimeType: string;
  filename: string;
  /** base64, or null when the device reads it from elsewhere (its file source) or has freed it. */
  bytes: string | null;
  /** The server answered HEAD /files/{sha256} with 200: the device freed its copy. */
  confirmed: boolean;
  uploadUrl: string | null;
}

export interface DeviceState {
  deviceId: string;
  missionId: string;
  rows: Record<string, Record<string, Record<string, unknown>>>;
  outbox: OutboxOp[];
  nextSeq: number;
  /** Every operation's final result, by id (what the app shows in its sync log). */
  results: Record<string, OperationResult>;
  sync: { cursor: string | null; layoutRevision: number | null };
  files: Record<string, DeviceFile>;
}

/** Where a device keeps its state across a kill: the test holds it, the device reloads it. */
export interface DeviceDisk {
  saved: string | null;
}

const KEYS: Record<string, string[]> = { audit_modules: ['audit_id', 'module_id'], mission_members: ['mission_id', 'user_id'] };
export const keyColumns = (table: string) => KEYS[table] ?? ['id'];
export const keyText = (table: string, key: Record<string, unknown>) => keyColumns(table).map((k) => String(key[k])).join(':');

export class LocalStore {
  state: DeviceState;

  constructor(
    private readonly disk: DeviceDisk | null,
    init: { deviceId: string; missionId: string },
  ) {
    this.state = disk?.saved
      ? (JSON.parse(disk.saved) as DeviceState)
      : { ...init, rows: {}, outbox: [], nextSeq: 1, results: {}, sync: { cursor: null, layoutRevision: null }, files: {} };
  }

  private dead = false;

  /** Ends a transaction: what is written here survives a kill. */
  commit(): void {
    if (this.disk && !this.dead) this.disk.saved = JSON.stringify(this.state);
  }

  /** The app is killed: whatever it still does in memory never reaches its disk. */
  kill(): void {
    this.dead = true;
  }

  row(table: string, key: Record<string, unknown>): Record<string, unknown> | undefined {
    return this.state.rows[table]?.[keyText(table, key)];
  }

  /**
   * An edit and its outbox operation, in one transaction. `values` by column name
   * (`answers.fence` for one key of a JSON column); a delete carries the last values
   * seen as `old`.
   */
  write(table: string, key: Record<string, string>, op: SyncOp, values: Record<string, unknown>, deviceTime = new Date().toISOString(), save = true): OutboxOp {
    const rows = (this.state.rows[table] ??= {});
    const text = keyText(table, key);
    const current = rows[text];
    const columns: OutboxOp['columns'] = {};
    if (op === 'delete') {
      // The last values seen of the columns a device writes: the server lists those changed since.
      const writable = isSyncTable(table) ? columnsOf(table) : {};
      for (const [c, v] of Object.entries(current ?? {})) {
        if (writable[c] && !writable[c].keyed && !writable[c].createOnly && v !== null && typeof v !== 'object') columns[c] = { old: v };
      }
      delete rows[text];
    } else {
      const row = (rows[text] ??= { ...key });
      for (const [name, value] of Object.entries(values)) {
        const [column, sub] = name.split('.') as [string, string | undefined];
        const old = sub ? (row[column] as Record<string, unknown> | undefined)?.[sub] : row[column];
        columns[name] = op === 'create' ? { new: value } : { old: old ?? null, new: value };
        if (sub) row[column] = { ...(row[column] as object), [sub]: value };
        else row[column] = value;
      }
    }
    const entry: OutboxOp = {
      seq: this.state.nextSeq++, op_id: randomUUID(), table_name: table, row_key: key, op, columns, device_time: deviceTime,
      state: 'pending', batch_id: null, result: null, attempts: 0,
    };
    this.state.outbox.push(entry);
    if (save) this.commit();
    return entry;
  }

  /** A pulled page, applied in one transaction with its cursor; rows with pending operations are rebased. */
  applyPage(changes: PulledChange[], cursor: string, layoutRevision: number): void {
    for (const change of changes) {
      const rows = (this.state.rows[change.table] ??= {});
      const text = keyText(change.table, change.key);
      if (change.op === 'delete') delete rows[text];
      else rows[text] = { ...change.row };
    }
    // The technician's latest intent stays on screen until the next push resolves it.
    for (const pending of this.state.outbox) {
      if (pending.state !== 'pending' && pending.state !== 'sent') continue;
      const rows = (this.state.rows[pending.table_name] ??= {});
      const text = keyText(pending.table_name, pending.row_key);
      if (pending.op === 'delete') {
        delete rows[text];
        continue;
      }
      // A row deleted on the server stays deleted: the delete wins over a pending change.
      if (pending.op === 'patch' && !rows[text]) continue;
      const row = (rows[text] ??= { ...pending.row_key });
      for (const [name, change] of Object.entries(pending.columns)) {
        const [column, sub] = name.split('.') as [string, string | undefined];
        if (sub) row[column] = { ...(row[column] as object), [sub]: change.new };
        else row[column] = change.new;
      }
    }
    this.state.sync = { cursor, layoutRevision };
    this.commit();
  }
}
