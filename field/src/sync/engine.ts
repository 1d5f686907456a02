// The device's sync loop (docs/sync.md §4–5, §7): push the outbox, then pull what changed,
// then send the photos and voice notes — by itself, whenever the network is there: at start,
// when the network comes back, shortly after each edit, and every minute. A failure waits
// an exponential backoff with full jitter (Retry-After honoured) and tries again; nothing is
// ever dropped: operations the server refuses are set aside and shown, files are freed only
// once the server confirmed their SHA-256.
import { type PushAnswer, SYNC_LIMITS_DEVICE, backoffMs, protocolVersion } from './protocol';
import { authorizedFetch, tokens } from '../app/session';
import { isOnline, onNetworkChange } from '../device';
import type { DeviceStore } from '../store/client';
import type { PageResult, PulledChange } from '../store/engine/pull';
import { uploadFiles } from './uploads';

export type SyncState = 'idle' | 'syncing' | 'waiting' | 'offline' | 'login' | 'refused';

export interface SyncStatus {
  state: SyncState;
  /** When the next try is due (a backoff), epoch ms. */
  retryAt: number | null;
  lastError: string | null;
  lastSyncAt: number | null;
  pushed: number;
  pulled: number;
  uploaded: number;
}

class Retry extends Error {
  constructor(message: string, readonly retryAfterS: number | null = null) {
    super(message);
  }
}
class Stop extends Error {
  constructor(readonly state: 'login' | 'refused', message: string) {
    super(message);
  }
}

const retryAfter = (r: Response) => {
  const n = Number(r.headers.get('retry-after'));
  return Number.isFinite(n) && n > 0 ? n : null;
};

export class SyncEngine {
  status: SyncStatus = { state: 'idle', retryAt: null, lastError: null, lastSyncAt: null, pushed: 0, pulled: 0, uploaded: 0 };
  private listeners = new Set<(s: SyncStatus) => void>();
  private pageListeners = new Set<(p: PageResult) => void>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running: Promise<void> | null = null;
  private again = false;
  private attempt = 0;
  private stopNetwork: (() => void) | null = null;
  private interval: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly store: DeviceStore, private readonly missionId: string) {}

  subscribe(listener: (s: SyncStatus) => void): () => void {
    this.listeners.add(listener);
    listener(this.status);
    return () => this.listeners.delete(listener);
  }

  /** Called with every pulled page that changed something (the map and panels redraw). */
  onPage(listener: (p: PageResult) => void): () => void {
    this.pageListeners.add(listener);
    return () => this.pageListeners.delete(listener);
  }

  private set(patch: Partial<SyncStatus>): void {
    this.status = { ...this.status, ...patch };
    for (const l of this.listeners) l(this.status);
  }

  start(): void {
    this.stopNetwork = onNetworkChange(() => {
      if (isOnline()) this.kick(0);
      else this.set({ state: 'offline' });
    });
    this.interval = setInterval(() => this.kick(0), 60_000);
    this.kick(0);
  }

  stop(): void {
    clearTimeout(this.timer);
    clearInterval(this.interval);
    this.stopNetwork?.();
  }

  /**
   * A sync soon: after an edit, 0.4 s, so that the team sees it within a second; edits made
   * while a cycle runs go together in the next one (night mode's bursts make few batches).
   */
  kick(delayMs = 400): void {
    if (this.status.state === 'waiting' && delayMs > 0) return; // a backoff is running: it will try
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.run(), delayMs);
  }

  /** Runs one cycle now, or once more after the one running. */
  run(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        await this.cycle();
      } while (this.again);
    })().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async cycle(): Promise<void> {
    if (!isOnline()) return this.set({ state: 'offline' });
    if (!tokens.hasStoredSession()) return this.set({ state: 'login', lastError: null });
    this.set({ state: 'syncing', retryAt: null });
    try {
      const pushed = await this.push();
      const pulled = await this.pull();
      const uploaded = await uploadFiles(this.store, () => isOnline());
      this.attempt = 0;
      this.set({
        state: 'idle', lastError: null, lastSyncAt: Date.now(),
        pushed: this.status.pushed + pushed, pulled: this.status.pulled + pulled, uploaded: this.status.uploaded + uploaded,
      });
    } catch (error) {
      if (error instanceof Stop) return this.set({ state: error.state, lastError: error.message });
      const message = (error as Error).message;
      if (!isOnline()) return this.set({ state: 'offline', lastError: message });
      const wait = backoffMs(this.attempt++, error instanceof Retry ? error.retryAfterS : null);
      this.set({ state: 'waiting', retryAt: Date.now() + wait, lastError: message });
      clearTimeout(this.timer);
      this.timer = setTimeout(() => {
        this.set({ state: 'idle' });
        void this.run();
      }, wait);
    }
  }

  private async call(method: string, path: string, body?: unknown): Promise<Response> {
    try {
      const response = await authorizedFetch(`/api/v1${path}`, {
        method, headers: body ? { 'content-type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined,
      });
      if (response.status === 401) throw new Stop('login', 'the session ended: log in again to sync');
      if (response.status === 429 || response.status >= 500) throw new Retry(`HTTP ${response.status}`, retryAfter(response));
      return response;
    } catch (error) {
      if (error instanceof Stop || error instanceof Retry) throw error;
      throw new Retry((error as Error).message);
    }
  }

  private async push(): Promise<number> {
    let sent = 0;
    const { deviceId } = await this.store.call('syncCursor');
    for (;;) {
      const batch = await this.store.call('nextBatch', SYNC_LIMITS_DEVICE.operations, SYNC_LIMITS_DEVICE.bytes);
      if (!batch) return sent;
      const body = {
        protocol: protocolVersion, deviceId, batchId: batch.batchId, missionId: this.missionId,
        operations: batch.ops.map((o) => ({ id: o.op_id, table: o.table_name, key: JSON.parse(o.row_key) as unknown, op: o.op, deviceTime: o.device_time, columns: o.columns })),
      };
      let response: Response;
      try {
        response = await this.call('POST', '/sync/push', body);
      } catch (error) {
        await this.store.call('countAttempt', batch.batchId);
        throw error;
      }
      if (response.status === 200) {
        const answer = (await response.json()) as PushAnswer;
        await this.store.call('recordResults', batch.batchId, answer.results);
        sent += batch.ops.length;
      } else if (response.status === 400 || response.status === 413) {
        const error = ((await response.json().catch(() => null)) as { error?: { code?: string; message?: string; field?: string } } | null)?.error;
        if (batch.ops.length > 1) await this.store.call('splitBatch', batch.batchId);
        else await this.store.call('rejectBatch', batch.batchId, { status: 'rejected', code: error?.code ?? 'invalid', field: error?.field ?? null, message: error?.message ?? `HTTP ${response.status}` });
      } else {
        const error = ((await response.json().catch(() => null)) as { error?: { message?: string } } | null)?.error;
        throw new Stop('refused', error?.message ?? `HTTP ${response.status}`);
      }
    }
  }

  private async pull(): Promise<number> {
    let count = 0;
    for (;;) {
      const { cursor } = await this.store.call('syncCursor');
      const query = new URLSearchParams({ limit: String(SYNC_LIMITS_DEVICE.pullPage), ...(cursor ? { cursor: String(cursor) } : {}) });
      const response = await this.call('GET', `/sync/missions/${this.missionId}/changes?${query}`);
      if (response.status !== 200) {
        const error = ((await response.json().catch(() => null)) as { error?: { message?: string } } | null)?.error;
        throw new Stop('refused', error?.message ?? `HTTP ${response.status}`);
      }
      const page = (await response.json()) as { changes: PulledChange[]; cursor: string; more: boolean; layoutRevision: number };
      const result = await this.store.call('applyPage', page.changes, page.cursor, page.layoutRevision);
      count += result.applied;
      if (result.applied) for (const l of this.pageListeners) l(result);
      if (!page.more) return count;
    }
  }
}
