// Photos and voice notes leave the device by tus (docs/sync.md §7), independently of the rows
// that name them: a file the server already has (HEAD /files/{sha256}) is not sent; an upload
// cut half-way resumes from the server's offset (its URL is kept with the file); on a slow or
// metered connection a photo goes first as a small preview, the original later on Wi-Fi; the
// device frees its copy only once the server confirmed the original's SHA-256.
import * as tus from 'tus-js-client';
import { files, isSlowOrMetered, sha256Hex } from '../device';
import { authorizedFetch, tokens } from '../app/session';
import type { DeviceStore } from '../store/client';
import { SYNC_LIMITS_DEVICE } from './protocol';

interface LocalFile {
  sha256: string;
  kind: 'photo' | 'voice';
  mime_type: string;
  filename: string | null;
  size_bytes: number;
  upload_url: string | null;
  preview_sha256: string | null;
}

async function confirmed(sha256: string): Promise<boolean> {
  const response = await authorizedFetch(`/api/v1/files/${sha256}`, { method: 'HEAD' });
  if (response.status >= 500) throw new Error(`HTTP ${response.status}`);
  return response.status === 200 && response.headers.get('x-sha256') === sha256;
}

function send(bytes: Uint8Array, meta: Record<string, string>, uploadUrl: string | null, onUrl: (url: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const upload = new tus.Upload(new Blob([bytes as Uint8Array<ArrayBuffer>]), {
      endpoint: '/api/v1/files/uploads',
      uploadUrl,
      chunkSize: SYNC_LIMITS_DEVICE.chunkBytes,
      metadata: meta,
      retryDelays: [], // the sync loop retries, with its own backoff
      storeFingerprintForResuming: false,
      removeFingerprintOnSuccess: true,
      onBeforeRequest(req) {
        if (tokens.accessToken) req.setHeader('Authorization', `Bearer ${tokens.accessToken}`);
      },
      onUploadUrlAvailable() {
        if (upload.url) onUrl(upload.url);
      },
      onError(error) {
        const status = (error as tus.DetailedError).originalResponse?.getStatus();
        if (status === 401) void tokens.refresh();
        reject(Object.assign(error, { status }));
      },
      onSuccess() {
        resolve();
      },
    });
    upload.start();
  });
}

/** A JPEG of at most 1600 px, for a slow connection (the original follows on a good one). */
async function preview(bytes: Uint8Array, mimeType: string): Promise<Uint8Array | null> {
  try {
    const bitmap = await createImageBitmap(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: mimeType }));
    const scale = Math.min(1, 1600 / Math.max(bitmap.width, bitmap.height));
    const canvas = new OffscreenCanvas(Math.round(bitmap.width * scale), Math.round(bitmap.height * scale));
    canvas.getContext('2d')?.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    bitmap.close();
    return new Uint8Array(await (await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.7 })).arrayBuffer());
  } catch {
    return null;
  }
}

/** Sends every file not yet confirmed; returns how many the server confirmed. */
export async function uploadFiles(store: DeviceStore, online: () => boolean): Promise<number> {
  let done = 0;
  const waiting = (await store.read('localFiles', undefined as never)) as unknown as LocalFile[];
  for (const file of waiting) {
    if (!online()) break;
    if (await confirmed(file.sha256)) {
      await store.call('confirmFile', file.sha256);
      await files.remove(file.sha256);
      done++;
      continue;
    }
    const bytes = await files.get(file.sha256);
    if (!bytes) continue; // freed already (a confirmation not yet recorded): HEAD will say next time
    const meta = { sha256: file.sha256, filename: file.filename ?? file.sha256, mimeType: file.mime_type, kind: file.kind };
    if (file.kind === 'photo' && isSlowOrMetered()) {
      if (!file.preview_sha256) {
        const small = await preview(bytes, file.mime_type);
        if (small && small.length < bytes.length) {
          const sha = await sha256Hex(small as Uint8Array<ArrayBuffer>);
          await send(small, { ...meta, sha256: sha, mimeType: 'image/jpeg', filename: `preview-${meta.filename}`, previewOf: file.sha256 }, null, () => {});
          await store.call('setPreview', file.sha256, sha);
        }
      }
      continue; // the original waits for a better connection
    }
    try {
      await send(bytes, meta, file.upload_url, (url) => void store.call('setUploadUrl', file.sha256, url));
    } catch (error) {
      const status = (error as { status?: number }).status;
      // An upload the server no longer knows (expired, or refused at the wrong offset) starts over.
      if (status === 404 || status === 410 || status === 409 || status === 460) await store.call('setUploadUrl', file.sha256, null);
      throw error;
    }
    if (await confirmed(file.sha256)) {
      await store.call('confirmFile', file.sha256);
      await files.remove(file.sha256);
      done++;
    }
  }
  return done;
}
