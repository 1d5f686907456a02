// A Node device simulator that follows the device rules of docs/sync.md §3–4 (outbox,
// batches, backoff, 401 refresh, pull with rebase, tus uploads). The fault-injection tests
// and benchmarks drive it; the field app (issue 15) implements the same rules in the
// browser and replays the same scenario folders.
import { createHash } from 'node:crypto';
import type { OperationResult, SyncOp } from '@calepin/core/sync';
import type { Random } from '../faults/random';
import { uploadAll } from './files';
import { DeviceSession } from './session';
import { type DeviceDisk, type DeviceFile, LocalStore, type OutboxOp } from './store';
import { type Backoff, pullAll, pushAll } from './sync';

export interface DeviceOptions {
  baseUrl: string;
  deviceId: string;
  missionId: string;
  credentials: { email: string; password: string };
  random: Random;
  /** Survives a kill of the device: a new Device on the same disk resumes. */
  disk?: DeviceDisk;
  batchSize?: number;
  backoff?: Partial<Omit<Backoff, 'random'>>;
  chunkSize?: number;
  stallMs?: number;
  /** Bytes of files kept out of the device's state (see addPhotoBySource). */
  fileSource?: (file: DeviceFile) => Buffer;
}

export class Device {
  readonly store: LocalStore;
  readonly session: DeviceSession;
  private readonly backoff: Backoff;

  constructor(readonly options: DeviceOptions) {
    this.store = new LocalStore(options.disk ?? null, { deviceId: options.deviceId, missionId: options.missionId });
    this.backoff = { baseMs: 20, capMs: 2000, maxAttempts: 60, ...options.backoff, random: options.random };
    this.session = new DeviceSession(options.baseUrl, options.credentials, this.backoff);
  }

  write(table: string, key: Record<string, string>, op: SyncOp, values: Record<string, unknown> = {}, deviceTime?: string): OutboxOp {
    return this.store.write(table, key, op, values, deviceTime);
  }

  /** A photo taken on the device: its file kept locally, its row written with its outbox operation. */
  addPhoto(id: string, bytes: Buffer, values: Record<string, unknown>, deviceTime?: string): string {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    this.store.state.files[sha256] = { sha256, kind: 'photo', mimeType: 'image/jpeg', filename: `${id}.jpg`, bytes: bytes.toString('base64'), confirmed: false, uploadUrl: null };
    this.store.write('photos', { id }, 'create', { category: 'el', sha256, mime_type: 'image/jpeg', size_bytes: bytes.length, original_filename: `${id}.jpg`, ...values }, deviceTime);
    return sha256;
  }

  /** A photo whose bytes stay out of the state, read from `fileSource` when uploaded (benchmarks: thousands of 3 MB photos). */
  addPhotoBySource(id: string, sha256: string, size: number, values: Record<string, unknown>, deviceTime?: string, save = true): void {
    this.store.state.files[sha256] = { sha256, kind: 'photo', mimeType: 'image/jpeg', filename: `${id}.jpg`, bytes: null, confirmed: false, uploadUrl: null };
    this.store.write('photos', { id }, 'create', { category: 'el', sha256, mime_type: 'image/jpeg', size_bytes: size, original_filename: `${id}.jpg`, ...values }, deviceTime, save);
  }

  /** One sync cycle: push before pull (the pull brings the server's resolution), then files. */
  async sync(): Promise<{ results: OperationResult[]; pulled: number; uploaded: number; pushMs: number; pullMs: number; uploadMs: number }> {
    const t0 = performance.now();
    const results = await pushAll(this.store, this.session, this.backoff, this.options.batchSize);
    const t1 = performance.now();
    const pulled = await pullAll(this.store, this.session, this.backoff);
    const t2 = performance.now();
    const uploaded = await uploadAll(this.store, this.session, this.backoff, {
      chunkSize: this.options.chunkSize ?? 256 * 1024, stallMs: this.options.stallMs ?? 15_000, source: this.options.fileSource,
    });
    return { results, pulled, uploaded, pushMs: t1 - t0, pullMs: t2 - t1, uploadMs: performance.now() - t2 };
  }

  /** Nothing left to send: the outbox holds only operations set aside, every file confirmed. */
  get idle(): boolean {
    return this.store.state.outbox.every((o) => o.state === 'rejected') && Object.values(this.store.state.files).every((f) => f.confirmed);
  }
}

export { type DeviceDisk } from './store';
