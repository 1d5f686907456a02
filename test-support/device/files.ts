// Photos and voice notes leave the device by tus (tus-js-client, as in the field app): each
// upload resumes from where the server is, and the device frees its copy only once
// HEAD /files/{sha256} answered 200 for that very file.
import * as tus from 'tus-js-client';
import { type Backoff, SyncGaveUp, pause, persist } from './sync';
import type { DeviceSession } from './session';
import type { DeviceFile, LocalStore } from './store';

export interface UploadOptions {
  chunkSize: number;
  /** Where the bytes of a file kept out of the state come from (benchmarks make them on demand). */
  source?: (file: DeviceFile) => Buffer;
  /** An upload making no progress for this long is aborted and tried again. */
  stallMs: number;
}

export async function uploadAll(store: LocalStore, session: DeviceSession, backoff: Backoff, options: UploadOptions): Promise<number> {
  let sent = 0;
  for (const file of Object.values(store.state.files)) {
    if (file.confirmed) continue;
    if (await confirmed(session, backoff, file)) {
      release(store, file);
      continue;
    }
    for (let attempt = 0; ; attempt++) {
      const outcome = await uploadOnce(store, session, file, options).catch((error: unknown) => error as Error);
      if (outcome === true && (await confirmed(session, backoff, file))) break;
      if (outcome instanceof ChecksumRefused) throw outcome;
      if (attempt + 1 >= backoff.maxAttempts) throw new SyncGaveUp(`upload of ${file.sha256} gave up: ${String(outcome)}`);
      await pause(backoff, attempt);
    }
    release(store, file);
    sent++;
  }
  return sent;
}

export class ChecksumRefused extends Error {}

async function confirmed(session: DeviceSession, backoff: Backoff, file: DeviceFile): Promise<boolean> {
  const answer = await persist(backoff, () => session.call('HEAD', `/api/v1/files/${file.sha256}`));
  return answer.status === 200 && answer.headers['x-sha256'] === file.sha256;
}

function release(store: LocalStore, file: DeviceFile): void {
  file.bytes = null;
  file.confirmed = true;
  file.uploadUrl = null;
  store.commit();
}

function uploadOnce(store: LocalStore, session: DeviceSession, file: DeviceFile, options: UploadOptions): Promise<true> {
  const bytes = file.bytes !== null ? Buffer.from(file.bytes, 'base64') : (options.source?.(file) ?? Buffer.alloc(0));
  return new Promise((resolve, reject) => {
    let stall: NodeJS.Timeout;
    const watch = () => {
      clearTimeout(stall);
      stall = setTimeout(() => {
        void upload.abort();
        reject(new Error('upload stalled'));
      }, options.stallMs);
    };
    const upload = new tus.Upload(bytes, {
      endpoint: `${session.baseUrl}/api/v1/files/uploads`,
      uploadUrl: file.uploadUrl,
      uploadSize: bytes.length,
      chunkSize: options.chunkSize,
      metadata: { sha256: file.sha256, filename: file.filename, mimeType: file.mimeType, kind: file.kind },
      // The device's own loop retries, with its backoff.
      retryDelays: [],
      storeFingerprintForResuming: false,
      httpStack: new tus.DefaultHttpStack({ agent: false }),
      onBeforeRequest(req) {
        req.setHeader('Authorization', `Bearer ${session.token}`);
        watch();
      },
      onUploadUrlAvailable() {
        // Kept with the file: a device killed mid-upload resumes it.
        file.uploadUrl = upload.url;
        store.commit();
      },
      onProgress: watch,
      onError(error) {
        clearTimeout(stall);
        const status = (error as tus.DetailedError).originalResponse?.getStatus();
        if (status === 460) return reject(new ChecksumRefused(error.message));
        // An upload the server no longer knows starts again from its first byte.
        if (status === 404 || status === 410) file.uploadUrl = null;
        if (status === 401) void session.recover().catch(() => {});
        reject(error);
      },
      onSuccess() {
        clearTimeout(stall);
        resolve(true);
      },
    });
    watch();
    upload.start();
  });
}
