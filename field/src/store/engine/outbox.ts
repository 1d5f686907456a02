// The outbox (docs/sync.md §3–4): one operation per change, written in the change's own
// transaction, pushed in `seq` order. Consecutive edits of one row are folded into one
// operation while it waits (the first old, the last new, the last device time) — never into
// an operation already sent, whose answer may be on its way.
import type { Database } from '@sqlite.org/sqlite-wasm';
import type { ChangeOp } from '../types';

export type Columns = Record<string, { old?: unknown; new?: unknown }>;

export interface OutboxOp {
  seq: number;
  op_id: string;
  table_name: string;
  row_key: string;
  op: ChangeOp;
  columns: Columns;
  device_time: string;
  state: 'pending' | 'sent' | 'applied' | 'conflict' | 'rejected';
  batch_id: string | null;
  result: unknown;
  attempts: number;
}

const parse = (row: Record<string, unknown>): OutboxOp => ({
  ...(row as unknown as OutboxOp),
  columns: JSON.parse(String(row.columns)) as Columns,
  result: row.result ? JSON.parse(String(row.result)) : null,
});

/** Appends (or folds in) an operation; returns the seq that holds it, or null when a delete cancelled a waiting create. */
export function appendOp(db: Database, op: { table: string; rowKey: string; op: ChangeOp; columns: Columns; deviceTime: string }): number | null {
  const lastRow = db.selectObject(
    'select * from calepin_outbox where table_name = ? and row_key = ? order by seq desc limit 1',
    [op.table, op.rowKey],
  );
  const last = lastRow ? parse(lastRow) : null;
  if (last && last.state === 'pending' && last.batch_id === null) {
    const folded = fold(last, op);
    if (folded === 'cancelled') {
      db.exec({ sql: 'delete from calepin_outbox where seq = ?', bind: [last.seq] });
      return null;
    }
    if (folded) {
      db.exec({
        sql: 'update calepin_outbox set op = ?, columns = ?, device_time = ? where seq = ?',
        bind: [folded.op, JSON.stringify(folded.columns), op.deviceTime, last.seq],
      });
      return last.seq;
    }
  }
  db.exec({
    sql: `insert into calepin_outbox (op_id, table_name, row_key, op, columns, device_time) values (?, ?, ?, ?, ?, ?)`,
    bind: [crypto.randomUUID(), op.table, op.rowKey, op.op, JSON.stringify(op.columns), op.deviceTime],
  });
  return Number(db.selectValue('select last_insert_rowid()'));
}

function fold(last: OutboxOp, next: { op: ChangeOp; columns: Columns }): { op: ChangeOp; columns: Columns } | 'cancelled' | null {
  if (last.op === 'create' && next.op === 'patch') {
    const columns = { ...last.columns };
    for (const [name, change] of Object.entries(next.columns)) columns[name] = { new: change.new };
    return { op: 'create', columns };
  }
  if (last.op === 'create' && next.op === 'delete') return 'cancelled';
  if (last.op === 'patch' && next.op === 'patch') {
    const columns = { ...last.columns };
    for (const [name, change] of Object.entries(next.columns)) {
      columns[name] = name in last.columns ? { old: last.columns[name]?.old, new: change.new } : change;
    }
    return { op: 'patch', columns };
  }
  if (last.op === 'patch' && next.op === 'delete') {
    // What the device last saw from the server is the patch's old value, not its own edit.
    const columns: Columns = { ...next.columns };
    for (const [name, change] of Object.entries(last.columns)) if (!name.includes('.')) columns[name] = { old: change.old };
    return { op: 'delete', columns };
  }
  return null;
}

/** Operations waiting to be sent (or sent without an answer), in order. */
export function waiting(db: Database): OutboxOp[] {
  return db.selectObjects("select * from calepin_outbox where state in ('pending', 'sent') order by seq").map(parse);
}

export function setAside(db: Database): OutboxOp[] {
  return db.selectObjects("select * from calepin_outbox where state = 'rejected' order by seq").map(parse);
}
