// The device's push and pull loops, by the rules of docs/sync.md §4–5: batches in outbox
// order with their id written before sending, the same batch again after a network error
// or a 5xx (exponential backoff with full jitter, Retry-After honoured), a 401 refreshed
// once, a 400/413 split in halves until one operation is set aside; pulls applied a page
// at a time with their cursor.
import { randomUUID } from 'node:crypto';
import { type OperationResult, type PullResponse, type PushResponse, SYNC_LIMITS, SYNC_PROTOCOL } from '@calepin/core/sync';
import { HttpFailure, type HttpAnswer, request } from './http';
import type { LocalStore, OutboxOp } from './store';

export interface Session {
  baseUrl: string;
  /** Sends with the current token; on 401 refreshes once and sends again. */
  call(method: string, path: string, json?: unknown): Promise<HttpAnswer>;
}

export interface Backoff {
  baseMs: number;
  capMs: number;
  random(): number;
  /** Gives up after this many failures in a row (a test must end). */
  maxAttempts: number;
}

export class SyncGaveUp extends Error {}

/** Full jitter: random(0, min(cap, base × 2^attempt)); Retry-After when the server says. */
export async function pause(backoff: Backoff, attempt: number, retryAfter?: string | string[]): Promise<void> {
  const told = Number(Array.isArray(retryAfter) ? retryAfter[0] : retryAfter);
  const ms = Number.isFinite(told) && told > 0 ? told * 1000 : backoff.random() * Math.min(backoff.capMs, backoff.baseMs * 2 ** attempt);
  await new Promise((resolve) => setTimeout(resolve, ms));
}

const retryable = (status: number) => status >= 500 || status === 429;

/** Sends one request until it gets an answer that is not worth retrying. */
export async function persist(backoff: Backoff, send: () => Promise<HttpAnswer>, onFailure?: () => void): Promise<HttpAnswer> {
  for (let attempt = 0; ; attempt++) {
    let answer: HttpAnswer | null = null;
    try {
      answer = await send();
    } catch (error) {
      if (!(error instanceof HttpFailure)) throw error;
    }
    if (answer && !retryable(answer.status)) return answer;
    onFailure?.();
    if (attempt + 1 >= backoff.maxAttempts) throw new SyncGaveUp(`gave up after ${attempt + 1} attempts (${answer?.status ?? 'network'})`);
    await pause(backoff, attempt, answer?.headers['retry-after']);
  }
}

/** Pushes the whole outbox; returns the results received. */
export async function pushAll(store: LocalStore, session: Session, backoff: Backoff, batchSize: number = SYNC_LIMITS.operations): Promise<OperationResult[]> {
  const received: OperationResult[] = [];
  for (;;) {
    const batch = nextBatch(store, batchSize);
    if (!batch.length) return received;
    const batchId = batch[0]?.batch_id as string;
    const answer = await persist(backoff, () =>
      session.call('POST', '/api/v1/sync/push', {
        protocol: SYNC_PROTOCOL, deviceId: store.state.deviceId, batchId, missionId: store.state.missionId,
        operations: batch.map((o) => ({ id: o.op_id, table: o.table_name, key: o.row_key, op: o.op, deviceTime: o.device_time, columns: o.columns })),
      }), () => batch.forEach((o) => o.attempts++));
    if (answer.status === 200) {
      const results = (answer.body as PushResponse).results;
      for (const result of results) {
        store.state.results[result.id] = result;
        received.push(result);
      }
      const byId = new Map(results.map((r) => [r.id, r]));
      // Applied and conflict operations leave the queue; rejected ones are set aside.
      store.state.outbox = store.state.outbox.flatMap((o) => {
        const result = byId.get(o.op_id);
        if (!result || o.batch_id !== batchId) return [o];
        return result.status === 'rejected' ? [{ ...o, state: 'rejected' as const, result }] : [];
      });
      store.commit();
    } else if ((answer.status === 400 || answer.status === 413) && batch.length > 1) {
      split(store, batch);
    } else if (answer.status === 400 || answer.status === 413) {
      const op = batch[0] as OutboxOp;
      const message = (answer.body as { error?: { message?: string } } | null)?.error?.message ?? answer.text;
      const result: OperationResult = { id: op.op_id, status: 'rejected', code: 'invalid', field: null, message };
      Object.assign(op, { state: 'rejected', result });
      store.state.results[op.op_id] = result;
      store.commit();
    } else {
      throw new SyncGaveUp(`push refused: ${answer.status} ${answer.text}`);
    }
  }
}

/** The batch to send: one already sent without an answer (same id), else the next pending operations under a new id. */
function nextBatch(store: LocalStore, size: number): OutboxOp[] {
  const sent = store.state.outbox.filter((o) => o.state === 'sent');
  if (sent.length) {
    const id = sent[0]?.batch_id;
    return sent.filter((o) => o.batch_id === id).sort((a, b) => a.seq - b.seq);
  }
  const pending = store.state.outbox.filter((o) => o.state === 'pending').sort((a, b) => a.seq - b.seq).slice(0, size);
  if (!pending.length) return [];
  const batchId = randomUUID();
  // Written before the request: a device killed after sending sends the same batch again.
  for (const op of pending) Object.assign(op, { state: 'sent', batch_id: batchId });
  store.commit();
  return pending;
}

/** A batch the server refused whole: its first half goes under a new id, the rest waits. */
function split(store: LocalStore, batch: OutboxOp[]): void {
  const half = Math.ceil(batch.length / 2);
  const batchId = randomUUID();
  batch.forEach((op, i) => Object.assign(op, i < half ? { batch_id: batchId } : { state: 'pending', batch_id: null }));
  store.commit();
}

/** Pulls until the server has nothing more; each page in one transaction with its cursor. */
export async function pullAll(store: LocalStore, session: Session, backoff: Backoff, limit: number = SYNC_LIMITS.pullPage): Promise<number> {
  let count = 0;
  for (;;) {
    const cursor = store.state.sync.cursor;
    const query = new URLSearchParams({ limit: String(limit), ...(cursor ? { cursor } : {}) });
    const answer = await persist(backoff, () => session.call('GET', `/api/v1/sync/missions/${store.state.missionId}/changes?${query}`));
    if (answer.status !== 200) throw new SyncGaveUp(`pull refused: ${answer.status} ${answer.text}`);
    const page = answer.body as PullResponse;
    store.applyPage(page.changes, page.cursor, page.layoutRevision);
    count += page.changes.length;
    if (!page.more) return count;
  }
}

export { request };
