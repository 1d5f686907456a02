// The outbox side of the device's push loop (docs/sync.md §4): batches taken in order with
// their id written before the request leaves, answers written back in one transaction.
import type { Database } from '@sqlite.org/sqlite-wasm';
import { type OutboxOp, waiting } from './outbox';
import { setState } from './state';
import { utcNow } from './rows';

export interface OperationResult {
  id: string;
  status: 'applied' | 'conflict' | 'rejected';
  conflicts?: unknown[];
  code?: string;
  field?: string | null;
  message?: string;
}

/**
 * The batch to send: the one already sent without an answer (the same id: the server
 * answers it from its record), else the next pending operations under a new id, marked
 * sent in the database before the request — a tab killed after sending sends the same id.
 */
export function nextBatch(db: Database, limit: number, maxBytes: number): { batchId: string; ops: OutboxOp[] } | null {
  const all = waiting(db);
  const sent = all.filter((o) => o.state === 'sent');
  if (sent.length) {
    const id = sent[0]?.batch_id as string;
    return { batchId: id, ops: sent.filter((o) => o.batch_id === id) };
  }
  const ops: OutboxOp[] = [];
  let bytes = 200;
  for (const op of all) {
    const size = JSON.stringify(op.columns).length + 300;
    if (ops.length >= limit || (ops.length && bytes + size > maxBytes)) break;
    ops.push(op);
    bytes += size;
  }
  if (!ops.length) return null;
  const batchId = crypto.randomUUID();
  db.transaction('IMMEDIATE', () => {
    for (const op of ops) db.exec({ sql: "update calepin_outbox set state = 'sent', batch_id = ? where seq = ?", bind: [batchId, op.seq] });
  });
  return { batchId, ops: ops.map((o) => ({ ...o, state: 'sent', batch_id: batchId })) };
}

/** The server's answers: applied operations leave the outbox, conflicts stay as a record, rejected ones are set aside. */
export function recordResults(db: Database, batchId: string, results: OperationResult[]): { applied: number; conflicts: number; rejected: number } {
  const counts = { applied: 0, conflicts: 0, rejected: 0 };
  db.transaction('IMMEDIATE', () => {
    for (const r of results) {
      if (r.status === 'applied') {
        db.exec({ sql: 'delete from calepin_outbox where op_id = ? and batch_id = ?', bind: [r.id, batchId] });
        counts.applied++;
      } else {
        db.exec({
          sql: 'update calepin_outbox set state = ?, result = ? where op_id = ? and batch_id = ?',
          bind: [r.status, JSON.stringify(r), r.id, batchId],
        });
        if (r.status === 'conflict') counts.conflicts++;
        else counts.rejected++;
      }
    }
    setState(db, 'last_push_at', utcNow());
  });
  return counts;
}

/** A whole batch refused (400, 413): its first half goes under a new id, the rest waits its turn. */
export function splitBatch(db: Database, batchId: string): void {
  db.transaction('IMMEDIATE', () => {
    const seqs = db.selectValues('select seq from calepin_outbox where batch_id = ? order by seq', [batchId]).map(Number);
    const half = Math.ceil(seqs.length / 2);
    const newId = crypto.randomUUID();
    seqs.forEach((seq, i) =>
      db.exec(i < half
        ? { sql: 'update calepin_outbox set batch_id = ? where seq = ?', bind: [newId, seq] }
        : { sql: "update calepin_outbox set state = 'pending', batch_id = null where seq = ?", bind: [seq] }),
    );
  });
}

/** The one operation a refused batch came down to: set aside with the server's message. */
export function rejectBatch(db: Database, batchId: string, result: Omit<OperationResult, 'id'>): void {
  db.transaction('IMMEDIATE', () => {
    for (const opId of db.selectValues('select op_id from calepin_outbox where batch_id = ?', [batchId])) {
      db.exec({ sql: "update calepin_outbox set state = 'rejected', result = ? where op_id = ?", bind: [JSON.stringify({ id: opId, ...result }), String(opId)] });
    }
  });
}

export function countAttempt(db: Database, batchId: string): void {
  db.exec({ sql: 'update calepin_outbox set attempts = attempts + 1 where batch_id = ?', bind: [batchId] });
}

/** A file the server confirmed by its SHA-256: the device may free its copy. */
export function confirmFile(db: Database, sha256: string): void {
  db.exec({ sql: "update calepin_files set state = 'confirmed', upload_url = null where sha256 = ?", bind: [sha256] });
}

export function setUploadUrl(db: Database, sha256: string, url: string | null): void {
  db.exec({ sql: 'update calepin_files set upload_url = ? where sha256 = ?', bind: [url, sha256] });
}

export function setPreview(db: Database, sha256: string, preview: string): void {
  db.exec({ sql: 'update calepin_files set preview_sha256 = ? where sha256 = ?', bind: [preview, sha256] });
}
