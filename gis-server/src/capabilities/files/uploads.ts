// Photos and voice notes from the field, uploaded with tus 1.0.0 (docs/sync.md §7):
// POST /api/v1/files/uploads (creation, Upload-Metadata: sha256, filename, mimeType, kind,
// previewOf), then PATCH with Upload-Offset, HEAD to resume, DELETE to give up. Unfinished
// uploads live in CALEPIN_FILES_DIR/uploads and expire after 24 h; on the last byte the
// file is hashed: the announced SHA-256 or 460 and the upload is deleted.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { FileStore as TusDiskStore } from '@tus/file-store';
import { Server, type ServerOptions } from '@tus/server';
import type { Upload } from '@tus/utils';
import type Koa from 'koa';
import { type Locale, type MessageKey, type MessageParams, type SessionUser, negotiateLocale, t } from '@calepin/core';
import { SYNC_LIMITS } from '@calepin/core/sync';
import { STAFF } from '../../access/scope';
import type { AppState, Deps } from '../../http/context';
import { ApiError } from '../../http/errors';
import { type FieldFileKind, receive, sha256Of } from './received';

export const UPLOADS_PATH = '/api/v1/files/uploads';
const DAY_MS = 24 * 3600 * 1000;
const SHA256 = /^[0-9a-f]{64}$/;

export const uploadsDir = (filesDir: string) => join(filesDir, 'uploads');
export const tusStore = (filesDir: string) => new TusDiskStore({ directory: uploadsDir(filesDir), expirationPeriodInMilliseconds: DAY_MS });

type TusRequest = Parameters<NonNullable<ServerOptions['onUploadCreate']>>[0];

/** The authenticated caller of a request, set by the middleware for the tus hooks. */
const callers = new WeakMap<IncomingMessage, SessionUser>();
const nodeRequest = (req: TusRequest) => (req as { runtime?: { node?: { req: IncomingMessage } } }).runtime?.node?.req;
const localeOf = (req: TusRequest): Locale => negotiateLocale(req.headers.get('accept-language') ?? undefined);

/** A tus refusal: a status and a text body in the caller's language. */
const refuse = (req: TusRequest, status: number, key: MessageKey, params: MessageParams = {}) => ({
  status_code: status,
  body: `${t(localeOf(req), key, params)}\n`,
});

function checkMetadata(req: TusRequest, metadata: Upload['metadata']) {
  const m = metadata ?? {};
  if (!m.sha256 || !SHA256.test(m.sha256)) throw refuse(req, 400, 'e.upload_sha256_missing');
  if (m.kind !== 'photo' && m.kind !== 'voice') throw refuse(req, 400, 'e.upload_kind');
  if (!m.mimeType || !/^[\w.+-]+\/[\w.+-]+$/.test(m.mimeType) || m.mimeType.length > 127) throw refuse(req, 400, 'e.upload_mime');
  if (m.filename && (m.filename.length > 255 || /[/\\]/.test(m.filename))) throw refuse(req, 400, 'e.upload_filename');
  if (m.previewOf && !SHA256.test(m.previewOf)) throw refuse(req, 400, 'e.upload_sha256_missing');
}

/** Stores a finished upload whose bytes match its SHA-256, then deletes the upload. */
export async function finish(deps: Deps, datastore: TusDiskStore, upload: Upload): Promise<{ stored: boolean; actual: string }> {
  const m = upload.metadata ?? {};
  const path = join(uploadsDir(deps.config.filesDir), upload.id);
  const actual = await sha256Of(path);
  if (actual !== m.sha256) {
    await datastore.remove(upload.id);
    return { stored: false, actual };
  }
  await receive(deps.db, deps.config.filesDir, deps.log, {
    path, sha256: actual, size: upload.size ?? upload.offset, kind: m.kind as FieldFileKind, mimeType: m.mimeType as string,
    filename: m.filename ?? null, previewOf: m.previewOf ?? null, userId: m.uploadedBy as string,
  });
  await datastore.remove(upload.id).catch(() => {});
  return { stored: true, actual };
}

export function fieldUploads(deps: Deps): Koa.Middleware<AppState> {
  const datastore = tusStore(deps.config.filesDir);
  let lastCleanUp = 0;
  const tus = new Server({
    path: UPLOADS_PATH,
    datastore,
    maxSize: deps.config.uploadLimitBytes,
    relativeLocation: true,
    respectForwardedHeaders: process.env.TRUST_PROXY === '1',
    // The upload id starts with the file's SHA-256: HEAD /files/{sha256} finds an upload
    // that got its last byte but not its answer (a server killed in between) and stores it.
    namingFunction: (_req, metadata) => `${metadata?.sha256 ?? 'x'}-${randomBytes(8).toString('hex')}`,
    async onUploadCreate(req, upload) {
      checkMetadata(req, upload.metadata);
      if (Date.now() - lastCleanUp > 3600_000) {
        lastCleanUp = Date.now();
        tus.cleanUpExpiredUploads().catch((error: unknown) => deps.log.warn({ err: error }, 'expired uploads not cleaned'));
      }
      const user = callers.get(nodeRequest(req) as IncomingMessage) as SessionUser;
      return { metadata: { ...upload.metadata, uploadedBy: user.id } };
    },
    // Only its uploader resumes or deletes an upload.
    async onIncomingRequest(req, uploadId) {
      if (req.method === 'POST' || req.method === 'OPTIONS') return;
      const user = callers.get(nodeRequest(req) as IncomingMessage);
      const upload = await datastore.getUpload(uploadId).catch(() => null);
      if (upload && upload.metadata?.uploadedBy !== user?.id) throw refuse(req, 404, 'e.upload_not_found');
    },
    async onUploadFinish(req, upload) {
      const { stored, actual } = await finish(deps, datastore, upload);
      if (!stored) throw refuse(req, 460, 'e.upload_checksum', { actual, announced: upload.metadata?.sha256 ?? '' });
      return { headers: { 'X-Sha256': upload.metadata?.sha256 ?? '' } };
    },
    onResponseError(req, error) {
      const status = 'status_code' in error ? error.status_code : 500;
      if (status === 460 || status < 400) return undefined;
      const key = ({ 409: 'e.upload_offset', 404: 'e.upload_not_found', 410: 'e.upload_not_found', 413: 'e.upload_too_large' } as Record<number, MessageKey>)[status];
      if (key) return refuse(req, status, key, { limit: `${Math.round(deps.config.uploadLimitBytes / 2 ** 20)} MiB` });
      if (status >= 500) {
        deps.log.error({ err: error }, 'tus upload failed');
        return refuse(req, 500, 'e.internal');
      }
      return refuse(req, status, 'e.upload_invalid', { detail: ('body' in error ? error.body : error.message).trim() });
    },
  });

  return async (ctx, next) => {
    if (ctx.path !== UPLOADS_PATH && !ctx.path.startsWith(`${UPLOADS_PATH}/`)) return next();
    if (ctx.method !== 'OPTIONS') {
      const user = ctx.state.user;
      if (!user) throw new ApiError(401, 'unauthorized', { key: 'e.unauthorized', headers: { 'WWW-Authenticate': 'Bearer', 'Tus-Resumable': '1.0.0' } });
      if (!(STAFF as readonly string[]).includes(user.role)) {
        throw new ApiError(403, 'forbidden', { key: 'e.upload_forbidden', params: { role: user.role } });
      }
      if (ctx.method === 'PATCH' && ctx.request.length > SYNC_LIMITS.chunkBytes) {
        throw new ApiError(413, 'chunk_too_large', { key: 'e.upload_too_big_chunk', params: { max: SYNC_LIMITS.chunkBytes / 2 ** 20 } });
      }
      callers.set(ctx.req, user);
    }
    ctx.respond = false;
    await tus.handle(ctx.req, ctx.res);
  };
}
