// The device store as the app sees it (docs/field.md): open, read by name, write changes,
// export — backed by the worker that owns SQLite. Every method is a message to the worker.
import type { QueryName, Queries } from './engine/queries';
import type { Handlers } from './worker-handlers';
import type { WorkerReply } from './worker-handlers';
import { type Change, StoreError, type TileMode, type WriteResult } from './types';

type Args<F> = F extends (state: never, ...args: infer A) => unknown ? A : never;
type Result<F> = F extends (...args: never[]) => infer R ? Awaited<R> : never;

export class DeviceStore {
  private readonly worker: Worker;
  private next = 1;
  private readonly pending = new Map<number, { resolve(v: unknown): void; reject(e: unknown): void }>();

  constructor() {
    this.worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'calepin-store' });
    this.worker.onmessage = (event: MessageEvent<WorkerReply>) => {
      const waiting = this.pending.get(event.data.id);
      if (!waiting) return;
      this.pending.delete(event.data.id);
      if ('error' in event.data) {
        const { code, message, field } = event.data.error;
        waiting.reject(new StoreError(code as StoreError['code'], message, field));
      } else {
        waiting.resolve(event.data.result);
      }
    };
    this.worker.onerror = (event) => {
      for (const waiting of this.pending.values()) waiting.reject(new StoreError('opfs_unavailable', event.message || 'the store worker failed'));
      this.pending.clear();
    };
  }

  call<M extends keyof Handlers>(method: M, ...args: Args<Handlers[M]>): Promise<Result<Handlers[M]>> {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.worker.postMessage({ id, method, args });
    });
  }

  missions() { return this.call('missions'); }
  importPackage(missionId: string, downloadPath: string[]) { return this.call('importPackage', missionId, downloadPath); }
  open(missionId: string, userId: string | null) { return this.call('open', missionId, userId); }
  close() { return this.call('close'); }
  remove(missionId: string) { return this.call('remove', missionId); }
  read<N extends QueryName>(name: N, params: Parameters<Queries[N]>[1]): Promise<ReturnType<Queries[N]>> {
    return this.call('read', name, params as never) as Promise<ReturnType<Queries[N]>>;
  }
  write(change: Change): Promise<WriteResult> { return this.call('write', change); }
  writeAll(changes: Change[]): Promise<WriteResult[]> { return this.call('writeAll', changes); }
  tile(z: number, x: number, y: number, mode: TileMode) { return this.call('tile', z, x, y, mode); }
  planTile(table: string, z: number, x: number, y: number) { return this.call('planTile', table, z, x, y); }
  statusCounts(mode: TileMode) { return this.call('statusCounts', mode); }
  export() { return this.call('export'); }
  checkpoint() { return this.call('checkpoint'); }
  neighbour(moduleId: string | null, delta: number) { return this.call('neighbour', moduleId, delta); }
}
