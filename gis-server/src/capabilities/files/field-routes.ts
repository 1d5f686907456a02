// Field files read back: by SHA-256 for devices and staff (HEAD tells a device its upload
// is safe and it may free the space), and a photo or a voice note through its row, for
// everyone who may see that row (a client: validated audits of its plants only).
import { readdir } from 'node:fs/promises';
import { z } from 'zod';
import { ROLES, Uuid } from '@calepin/core';
import { STAFF, clientScope } from '../../access/scope';
import type { AppContext, Deps } from '../../http/context';
import { ApiError, notFound } from '../../http/errors';
import { type RouteSpec, defineRoute } from '../../http/route';
import { type Derivative, derivatives, makeDerivatives, originals } from './received';
import { finish, tusStore, uploadsDir } from './uploads';

const Variant = z.object({ size: z.enum(['original', 'web', 'thumb']).default('original') });

interface Stored {
  sha256: string;
  kind: 'photo' | 'voice';
  mime_type: string;
  thumb_sha256: string | null;
  web_sha256: string | null;
}

async function storedFile(deps: Deps, sha256: string): Promise<Stored | null> {
  const { rows } = await deps.db.query<Stored>('select sha256, kind, mime_type, thumb_sha256, web_sha256 from stored_files where sha256 = $1', [sha256]);
  return rows[0] ?? null;
}

/**
 * A file whose last byte arrived but whose server died before storing it: its upload is
 * still there, named after its SHA-256. Stored now, so that the device need not send it again.
 */
async function recoverFinished(deps: Deps, sha256: string): Promise<void> {
  const names = await readdir(uploadsDir(deps.config.filesDir)).catch(() => [] as string[]);
  const datastore = tusStore(deps.config.filesDir);
  for (const id of names.filter((n) => n.startsWith(`${sha256}-`) && !n.endsWith('.json'))) {
    const upload = await datastore.getUpload(id).catch(() => null);
    if (upload && upload.size !== undefined && upload.offset === upload.size) {
      await finish(deps, datastore, upload);
      return;
    }
  }
}

/** Sends a stored file or one of its sizes (made now when missing); the preview stands in for a missing original's sizes. */
async function send(ctx: AppContext, deps: Deps, sha256: string, size: 'original' | Derivative, filename: string | null): Promise<void> {
  let file = await storedFile(deps, sha256);
  if (!file) {
    await recoverFinished(deps, sha256);
    file = await storedFile(deps, sha256);
  }
  if (!file && size !== 'original') {
    const { rows } = await deps.db.query<{ sha256: string }>('select sha256 from stored_files where preview_of = $1 order by created_at desc limit 1', [sha256]);
    if (rows[0]) file = await storedFile(deps, rows[0].sha256);
  }
  if (!file) throw new ApiError(404, 'file_pending', { key: 'e.photo_pending' });
  let served = file.sha256;
  let store = originals(deps.config.filesDir, file.kind);
  let type = file.mime_type;
  if (size !== 'original' && file.kind === 'photo') {
    const made = file[`${size}_sha256`] ?? (await makeDerivatives(deps.db, deps.config.filesDir, file.sha256, deps.log))?.[size];
    if (made) {
      served = made;
      store = derivatives(deps.config.filesDir);
      type = 'image/jpeg';
    }
  }
  const found = await store.has(served);
  if (!found) throw new ApiError(404, 'file_missing', { key: 'e.file_missing' });
  ctx.status = 200;
  ctx.type = type;
  ctx.set('X-Sha256', served);
  ctx.set('X-Content-Type-Options', 'nosniff');
  // Content-addressed: the bytes behind a name never change.
  ctx.set('Cache-Control', 'private, max-age=31536000, immutable');
  if (filename && size === 'original') ctx.set('Content-Disposition', `inline; filename*=UTF-8''${encodeURIComponent(filename)}`);
  if (ctx.method === 'HEAD') {
    ctx.body = '';
  } else {
    const opened = await store.open(served);
    if (!opened) throw new ApiError(404, 'file_missing', { key: 'e.file_missing' });
    ctx.body = opened.stream;
  }
  ctx.length = found.size;
}

export const fieldFileRoutes: RouteSpec[] = [
  defineRoute({
    method: 'get',
    path: '/files/{sha256}',
    tag: 'files',
    summary: 'A field file by its SHA-256 (HEAD: does the server have it?)',
    description:
      'HEAD answers 200 with X-Sha256 and Content-Length when the server holds the file, 404 otherwise: a device ' +
      'frees its copy of a photo only after this answered 200 for the original. GET sends the bytes as they were ' +
      'uploaded (EXIF kept), or `size=web` (1,600 px) / `size=thumb` (256 px) JPEG versions.',
    roles: STAFF,
    params: z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/, { error: 'v.sha256' }) }),
    query: Variant,
    produces: 'application/octet-stream',
    async handler({ params, query, ctx, deps }) {
      await send(ctx, deps, params.sha256, query.size, null);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/photos/{photoId}/file',
    tag: 'files',
    summary: 'A photo’s file: the original (EXIF kept), its web version or its thumbnail',
    description: '404 with code file_pending while the photo’s file has not arrived from the field ("photo pending").',
    roles: ROLES,
    params: z.object({ photoId: Uuid }),
    query: Variant,
    produces: 'image/jpeg',
    async handler({ params, query, user, ctx, deps }) {
      const { rows } = await deps.db.query<{ sha256: string; filename: string | null }>(
        `select p.sha256, p.original_filename as filename
           from photos p join plants pl on pl.id = p.plant_id left join audits a on a.id = p.audit_id
          where p.id = $1 and p.deleted_at is null and pl.deleted_at is null
            and ($2::uuid is null or (pl.client_id = $2 and a.validated_at is not null))`,
        [params.photoId, clientScope(user)],
      );
      if (!rows[0]) throw notFound();
      await send(ctx, deps, rows[0].sha256, query.size, rows[0].filename);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/defects/{defectId}/voice-note',
    tag: 'files',
    summary: 'A defect’s voice note, as it was recorded',
    roles: ROLES,
    params: z.object({ defectId: Uuid }),
    produces: 'audio/webm',
    async handler({ params, user, ctx, deps }) {
      const { rows } = await deps.db.query<{ sha256: string | null }>(
        `select d.voice_note_key as sha256
           from defects d join plants pl on pl.id = d.plant_id join audits a on a.id = d.audit_id
          where d.id = $1 and d.deleted_at is null and pl.deleted_at is null
            and ($2::uuid is null or (pl.client_id = $2 and a.validated_at is not null))`,
        [params.defectId, clientScope(user)],
      );
      if (!rows[0]?.sha256) throw notFound();
      await send(ctx, deps, rows[0].sha256, 'original', null);
    },
  }),
];
