// DWG → DXF once, off the event loop: acad-ts in a worker thread with bounded time and heap.
import { randomUUID } from 'node:crypto';
import { open, rename, rm, stat } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import { DWG_READABLE, dwgLabel, dwgVersion } from './versions';

export interface ConvertLimits {
  /** Whole conversion, ms (default: 20 s + 30 s per MiB of DWG, at most 10 min; see docs/plans.md). */
  timeoutMs?: number;
  /** Old-generation heap of the worker, MiB (default 1,536). */
  maxMemoryMb?: number;
}

/** Why a DWG was not converted: `version` (not a version we read) or `unreadable` (damaged, too big, too slow). */
export class DwgError extends Error {
  constructor(readonly reason: 'version' | 'unreadable', readonly version: string, message: string) {
    super(message);
  }
  get label() {
    return dwgLabel(this.version);
  }
}

export async function readDwgVersion(path: string): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(6);
    await handle.read(head, 0, 6, 0);
    return dwgVersion(head);
  } finally {
    await handle.close();
  }
}

/**
 * acad-ts converts ≈ 70 KB of DWG a second on one shared core (20,000 outlines, 430 KB: 6 s),
 * and damaged bytes can keep it busy for half a minute before it gives up: the limit grows
 * with the file.
 */
export const defaultTimeout = (bytes: number) => Math.min(600_000, 20_000 + (30_000 * bytes) / 2 ** 20);

/** The DXF beside a stored DWG (same content-addressed key + `.dxf`). */
export const dxfOf = (dwgPath: string) => `${dwgPath}.dxf`;

/** One conversion at a time in this process: at most one worker heap (maxMemoryMb) in memory. */
let queue: Promise<unknown> = Promise.resolve();

/**
 * Converts `src` (DWG) into `dest` (ASCII DXF). The DXF appears at once complete (written
 * beside, then renamed) or not at all. Throws DwgError. Conversions wait for each other;
 * the time limit counts from the start of this one.
 */
export async function dwgToDxf(src: string, dest: string, limits: ConvertLimits = {}): Promise<{ entities: number }> {
  const version = await readDwgVersion(src);
  if (!DWG_READABLE.has(version)) throw new DwgError('version', version, `${dwgLabel(version)} is not read`);
  const turn = queue.then(() => convert(src, dest, version, limits));
  queue = turn.catch(() => undefined);
  return turn;
}

async function convert(src: string, dest: string, version: string, limits: ConvertLimits): Promise<{ entities: number }> {
  const tmp = `${dest}.${randomUUID()}.tmp`;
  const timeoutMs = limits.timeoutMs ?? defaultTimeout((await stat(src)).size);
  try {
    const result = await new Promise<{ entities: number }>((resolve, reject) => {
      const worker = new Worker(new URL('./worker.mjs', import.meta.url), {
        workerData: { src, dest: tmp },
        resourceLimits: { maxOldGenerationSizeMb: limits.maxMemoryMb ?? 1536 },
        stdout: true,
        stderr: true,
      });
      // acad-ts may print notices: they are not the server's log.
      worker.stdout.resume();
      worker.stderr.resume();
      const fail = (message: string) => reject(new DwgError('unreadable', version, message));
      const timer = setTimeout(() => {
        void worker.terminate();
        fail(`the conversion took longer than ${Math.round(timeoutMs / 1000)} s`);
      }, timeoutMs);
      worker.once('message', (m: { ok: boolean; entities?: number; message?: string }) => {
        if (m.ok) resolve({ entities: m.entities ?? 0 });
        else fail(m.message ?? 'unknown error');
      });
      worker.once('error', (error: Error & { code?: string }) =>
        fail(error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'the drawing needs more memory than allowed' : error.message));
      worker.once('exit', (code) => {
        clearTimeout(timer);
        fail(`the converter stopped (exit ${code})`);
      });
    });
    if (result.entities === 0) throw new DwgError('unreadable', version, 'no entity found in the model space');
    await rename(tmp, dest);
    return result;
  } finally {
    await rm(tmp, { force: true });
  }
}

/** The DXF of a stored DWG, converted now if it is not there yet (plans uploaded before the converter). */
export async function ensureDxf(dwgPath: string, limits?: ConvertLimits): Promise<string> {
  const dest = dxfOf(dwgPath);
  if (!(await stat(dest).catch(() => null))) await dwgToDxf(dwgPath, dest, limits);
  return dest;
}
