// What the store's worker answers: each method of the device store, run against the open
// mission package. Kept apart from worker.ts so that the methods' types reach client.ts.
import type { Database } from '@sqlite.org/sqlite-wasm';
import { preparePackage, summary } from './engine/open';
import { type PulledChange, applyPage } from './engine/pull';
import { type QueryName, queries } from './engine/queries';
import {
  type OperationResult, confirmFile, countAttempt, nextBatch, recordResults, rejectBatch, setPreview, setUploadUrl, splitBatch,
} from './engine/sync-ops';
import { type DeviceContext, write, writeAll } from './engine/write';
import { NightOrder } from './night-order';
import { DEVICE_TILE_MAX_ZOOM, buildTile } from './tiles/build';
import { TableStatuses } from './tiles/table-statuses';
import { type Change, StoreError, type TileMode, type WriteResult } from './types';
import type { WorkerState } from './worker';

export interface WorkerCall {
  id: number;
  method: keyof typeof handlers;
  args: unknown[];
}
export type WorkerReply = { id: number; result: unknown } | { id: number; error: { code: string; message: string; field: string | null } };

const fileName = (missionId: string) => {
  if (!/^[0-9a-f-]{36}$/.test(missionId)) throw new StoreError('invalid', `not a mission id: ${missionId}`, 'missionId');
  return `/mission-${missionId}.gpkg`;
};

let ctx: DeviceContext | null = null;
let statuses: TableStatuses | null = null;
let order: NightOrder | null = null;

function open(state: WorkerState): { db: Database; ctx: DeviceContext; statuses: TableStatuses } {
  if (!state.db || !ctx || !statuses) throw new StoreError('invalid', 'no mission package is open');
  return { db: state.db, ctx, statuses };
}

function close(state: WorkerState): void {
  state.db?.close();
  state.db = null;
  state.name = null;
  ctx = null;
  statuses = null;
  order = null;
}

/** Reads a plain OPFS file (the finished download) in chunks, for importDb. */
async function chunksOf(path: string[]): Promise<() => Promise<Uint8Array | undefined>> {
  let dir = await navigator.storage.getDirectory();
  for (const part of path.slice(0, -1)) dir = await dir.getDirectoryHandle(part);
  const file = await (await dir.getFileHandle(path[path.length - 1] as string)).getFile();
  let offset = 0;
  const size = 8 * 1024 * 1024;
  return async () => {
    if (offset >= file.size) return undefined;
    const chunk = new Uint8Array(await file.slice(offset, offset + size).arrayBuffer());
    offset += chunk.length;
    return chunk;
  };
}

function movedModules(results: WriteResult[]): string[] {
  return [...new Set(results.flatMap((r) => r.statuses.map((s) => s.moduleId)))];
}

export const handlers = {
  /** The missions whose package is on this device. */
  missions(state: WorkerState): string[] {
    return state.pool.getFileNames().map((n) => /^\/mission-([0-9a-f-]{36})\.gpkg$/.exec(n)?.[1]).filter((id): id is string => Boolean(id));
  },

  /** Takes a downloaded package (a plain OPFS file) into the store, checked; the download is left to the caller to delete. */
  async importPackage(state: WorkerState, missionId: string, downloadPath: string[]): Promise<{ bytes: number; ms: number }> {
    const started = performance.now();
    const name = fileName(missionId);
    if (state.name === name) close(state);
    // A log left by a tab killed on the package this one replaces would be replayed onto it.
    state.pool.unlink(`${name}-wal`);
    const bytes = await state.pool.importDb(name, await chunksOf(downloadPath));
    const db = new state.pool.OpfsSAHPoolDb(name);
    try {
      preparePackage(db);
      const packaged = db.selectValue("select value from calepin_sync_state where key = 'mission_id'");
      if (packaged !== missionId) throw new StoreError('not_a_package', `this package is of mission ${String(packaged)}, not ${missionId}`);
    } catch (error) {
      db.close();
      state.pool.unlink(name);
      throw error;
    } finally {
      if (db.isOpen()) db.close();
    }
    return { bytes, ms: performance.now() - started };
  },

  open(state: WorkerState, missionId: string, userId: string | null) {
    const started = performance.now();
    const name = fileName(missionId);
    if (state.name !== name) {
      close(state);
      if (!state.pool.getFileNames().includes(name)) throw new StoreError('not_found', 'this mission is not downloaded on this device', 'missionId');
      const db = new state.pool.OpfsSAHPoolDb(name);
      try {
        preparePackage(db);
      } catch (error) {
        db.close();
        throw error;
      }
      state.db = db;
      state.name = name;
    }
    const db = state.db as Database;
    const s = summary(db);
    ctx = { userId, plantId: s.plantId, missionId: s.missionId };
    statuses = new TableStatuses(db);
    return { summary: s, ms: performance.now() - started };
  },

  close(state: WorkerState) {
    close(state);
  },

  remove(state: WorkerState, missionId: string) {
    const name = fileName(missionId);
    if (state.name === name) close(state);
    state.pool.unlink(`${name}-wal`);
    return state.pool.unlink(name);
  },

  read<N extends QueryName>(state: WorkerState, name: N, params: Parameters<(typeof queries)[N]>[1]) {
    const query = queries[name] as (db: Database, p: unknown) => unknown;
    if (!query) throw new StoreError('invalid', `no query ${String(name)}`);
    return query(open(state).db, params);
  },

  write(state: WorkerState, change: Change): WriteResult {
    const o = open(state);
    const result = write(o.db, change, o.ctx);
    o.statuses.refresh(movedModules([result]));
    return result;
  },

  writeAll(state: WorkerState, changes: Change[]): WriteResult[] {
    const o = open(state);
    const results = writeAll(o.db, changes, o.ctx);
    o.statuses.refresh(movedModules(results));
    return results;
  },

  tile(state: WorkerState, z: number, x: number, y: number, mode: TileMode): Uint8Array | null {
    if (z > DEVICE_TILE_MAX_ZOOM) throw new StoreError('invalid', `tiles are built up to z${DEVICE_TILE_MAX_ZOOM}`, 'z');
    const o = open(state);
    return buildTile({ db: o.db, plantId: o.ctx.plantId, statuses: o.statuses }, { z, x, y }, mode);
  },

  statusCounts(state: WorkerState, mode: TileMode) {
    return open(state).statuses.counts(mode);
  },

  planTile(state: WorkerState, table: string, z: number, x: number, y: number) {
    return queries.planTile(open(state).db, { table, z, x, y });
  },

  /**
   * The GeoPackage as a file for QGIS or GDAL: the log checkpointed into it, and its header
   * saying "rollback journal" (bytes 18–19: 1, as SQLite's own import and backup write them),
   * so that a reader opens it alone, with no -wal or -shm file beside it.
   */
  export(state: WorkerState): Uint8Array {
    if (!state.name) throw new StoreError('invalid', 'no mission package is open');
    open(state).db.exec('pragma wal_checkpoint(truncate)');
    const bytes = state.pool.exportFile(state.name);
    if (bytes.length >= 20 && bytes[18] === 2) bytes.set([1, 1], 18);
    return bytes;
  },

  /** The log written into the package and synced (the app going to the background). */
  checkpoint(state: WorkerState): void {
    if (state.db) state.db.exec('pragma wal_checkpoint(truncate)');
  },

  /** The module `delta` places from `moduleId` in numbering order (EL night mode), with its index. */
  neighbour(state: WorkerState, moduleId: string | null, delta: number) {
    const o = open(state);
    order ??= new NightOrder(o.db);
    return order.neighbour(moduleId, delta);
  },

  nextBatch(state: WorkerState, limit: number, maxBytes: number) {
    return nextBatch(open(state).db, limit, maxBytes);
  },
  recordResults(state: WorkerState, batchId: string, results: OperationResult[]) {
    return recordResults(open(state).db, batchId, results);
  },
  splitBatch(state: WorkerState, batchId: string) {
    splitBatch(open(state).db, batchId);
  },
  rejectBatch(state: WorkerState, batchId: string, result: Omit<OperationResult, 'id'>) {
    rejectBatch(open(state).db, batchId, result);
  },
  countAttempt(state: WorkerState, batchId: string) {
    countAttempt(open(state).db, batchId);
  },
  applyPage(state: WorkerState, changes: PulledChange[], cursor: string, layoutRevision: number | null) {
    const o = open(state);
    const page = applyPage(o.db, changes, cursor, layoutRevision);
    if (page.statuses.length > 2000) o.statuses.reset();
    else o.statuses.refresh(page.statuses.map((s) => s.moduleId));
    return page;
  },
  syncCursor(state: WorkerState) {
    const db = open(state).db;
    return {
      cursor: db.selectValue("select value from calepin_sync_state where key = 'cursor'") ?? null,
      deviceId: String(db.selectValue("select value from calepin_sync_state where key = 'device_id'")),
    };
  },
  confirmFile(state: WorkerState, sha256: string) {
    confirmFile(open(state).db, sha256);
  },
  setUploadUrl(state: WorkerState, sha256: string, url: string | null) {
    setUploadUrl(open(state).db, sha256, url);
  },
  setPreview(state: WorkerState, sha256: string, preview: string) {
    setPreview(open(state).db, sha256, preview);
  },
};

export type Handlers = typeof handlers;
