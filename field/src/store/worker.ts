/// <reference lib="webworker" />
// The device store's dedicated worker: SQLite (the official WebAssembly build) with its
// "opfs-sahpool" VFS, which keeps the mission packages in the Origin Private File System
// through synchronous access handles — no SharedArrayBuffer, so no COOP/COEP headers — and
// is the fastest of its OPFS VFSes. One tab holds the pool at a time: a second tab is told
// the app is open elsewhere. The UI reaches this worker through client.ts only.
import sqlite3InitModule, { type Database, type SAHPoolUtil } from '@sqlite.org/sqlite-wasm';
import { type WorkerCall, type WorkerReply, handlers } from './worker-handlers';
import { StoreError } from './types';

declare const self: DedicatedWorkerGlobalScope;

export interface WorkerState {
  pool: SAHPoolUtil;
  db: Database | null;
  name: string | null;
}

let ready: Promise<WorkerState> | null = null;

async function start(): Promise<WorkerState> {
  const sqlite3 = await sqlite3InitModule();
  if (typeof navigator.storage?.getDirectory !== 'function') {
    throw new StoreError('opfs_unavailable', 'this browser offers no Origin Private File System (it needs HTTPS, or localhost)');
  }
  try {
    const pool = await sqlite3.installOpfsSAHPoolVfs({ name: 'calepin', directory: '.calepin-packages', initialCapacity: 8 });
    return { pool, db: null, name: null };
  } catch (error) {
    const message = (error as Error).message ?? String(error);
    // Another tab holds the pool's access handles (they are exclusive).
    if (/access handle|NoModificationAllowed|InvalidState|locked/i.test(message)) {
      throw new StoreError('locked', `the mission packages are open in another tab of this browser (${message})`);
    }
    throw new StoreError('opfs_unavailable', message);
  }
}

self.onmessage = async (event: MessageEvent<WorkerCall>) => {
  const { id, method, args } = event.data;
  let reply: WorkerReply;
  const transfer: Transferable[] = [];
  try {
    ready ??= start();
    const state = await ready.catch((error: unknown) => {
      ready = null; // a failed start (the pool locked by another tab) may succeed once that tab is gone
      throw error;
    });
    const handler = handlers[method] as (s: WorkerState, ...a: unknown[]) => unknown;
    if (!handler) throw new StoreError('invalid', `no store method ${method}`);
    const result = await handler(state, ...args);
    if (result instanceof Uint8Array) transfer.push(result.buffer);
    reply = { id, result };
  } catch (error) {
    const e = error as Error & { code?: string; field?: string | null; resultCode?: number };
    const code = error instanceof StoreError ? e.code : /SQLITE_FULL|QuotaExceeded/i.test(e.message ?? '') ? 'storage_full'
      : /SQLITE_(CORRUPT|NOTADB)/.test(e.message ?? '') ? 'corrupt' : 'invalid';
    reply = { id, error: { code: code ?? 'invalid', message: e.message ?? String(error), field: e.field ?? null } };
  }
  self.postMessage(reply, transfer);
};
