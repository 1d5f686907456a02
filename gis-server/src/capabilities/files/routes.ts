import { Readable } from 'node:stream';
import { z } from 'zod';
import { DocumentUploadQuery, PlantDocument, PlantDocuments, ROLES, Uuid } from '@calepin/core';
import { MANAGERS, clientScope } from '../../access/scope';
import { sqlFile } from '../../db';
import type { AppContext } from '../../http/context';
import { ApiError, badRequest, notFound } from '../../http/errors';
import { type RouteSpec, defineRoute } from '../../http/route';
import { type FileStore, LocalFileStore, TooLarge } from '../../storage/file-store';

const documentsSql = sqlFile(import.meta.url, 'documents.sql');

const PlantParams = z.object({ plantId: Uuid });
const DocumentParams = z.object({ plantId: Uuid, documentId: Uuid });
const PhotoParams = z.object({ plantId: Uuid, photoId: Uuid });

const documents = (root: string) => new LocalFileStore(root, 'documents');
const photos = (root: string) => new LocalFileStore(root, 'photos');

type DocumentRow = Omit<PlantDocument, 'url'> & { storageKey: string };
const toDocument = ({ storageKey: _key, ...d }: DocumentRow): PlantDocument => ({
  ...d,
  url: `/api/v1/plants/${d.plantId}/documents/${d.id}/file`,
});

const sizeText = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${Math.round(bytes / 1024 / 1024)} MiB` : `${Math.max(1, Math.round(bytes / 1024))} KiB`;

/** The media type of the upload, without parameters; octet-stream when none is given. */
function mediaType(ctx: AppContext): string {
  const type = (ctx.get('content-type').split(';')[0] ?? '').trim().toLowerCase();
  return /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/.test(type) && type.length <= 127 ? type : 'application/octet-stream';
}

/** The request body as a stream; JSON uploads were already read by the body parser. */
function bodyStream(ctx: AppContext): Readable {
  const raw = (ctx.request as { rawBody?: string }).rawBody;
  return raw !== undefined ? Readable.from([Buffer.from(raw, 'utf8')]) : ctx.req;
}

/**
 * A stored file, revalidated by its SHA-256 (the store is content-addressed): called only
 * after the caller's right to it was checked, so a 304 never confirms a file to someone
 * who may not read it, even from a cache that ignores Vary.
 */
async function sendFile(ctx: AppContext, store: FileStore, sha256: string, type: string, filename: string | null, inline: boolean) {
  ctx.set('Cache-Control', 'private, no-cache');
  ctx.set('Vary', 'Authorization');
  ctx.etag = sha256;
  ctx.status = 200;
  if (ctx.fresh) {
    ctx.status = 304;
    ctx.body = null;
    return;
  }
  const file = await store.open(sha256);
  if (!file) throw new ApiError(404, 'file_missing', { key: 'e.file_missing' });
  ctx.type = type;
  ctx.length = file.size;
  const disposition = inline ? 'inline' : 'attachment';
  ctx.set('Content-Disposition', filename ? `${disposition}; filename*=UTF-8''${encodeURIComponent(filename)}` : disposition);
  ctx.set('X-Content-Type-Options', 'nosniff');
  ctx.body = file.stream;
}

export const fileRoutes: RouteSpec[] = [
  defineRoute({
    method: 'get',
    path: '/plants/{plantId}/documents',
    tag: 'documents',
    summary: 'Documents attached to a plant (plans, contracts, datasheets…), newest first',
    roles: ROLES,
    plant: 'plantId',
    params: PlantParams,
    response: PlantDocuments,
    async handler({ params, deps }) {
      const { rows } = await deps.db.query<DocumentRow>(documentsSql, [params.plantId, null]);
      return { items: rows.map(toDocument) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/plants/{plantId}/documents',
    tag: 'documents',
    summary: 'Attach a document to a plant: the body is the file, its name and kind are in the query',
    description:
      'Send the bytes of the file as the request body, with its media type as Content-Type ' +
      '(application/octet-stream when unknown). The file is kept byte for byte; its SHA-256 is returned.',
    roles: MANAGERS,
    plant: 'plantId',
    params: PlantParams,
    query: DocumentUploadQuery,
    upload: { description: 'The file, byte for byte' },
    status: 201,
    response: PlantDocument,
    async handler({ params, query, user, ctx, deps }) {
      const limit = deps.config.uploadLimitBytes;
      const tooLarge = () => new ApiError(413, 'payload_too_large', { key: 'e.upload_too_large', params: { limit: sizeText(limit) } });
      if (ctx.request.length > limit) throw tooLarge();
      let stored;
      try {
        stored = await documents(deps.config.filesDir).put(bodyStream(ctx), limit);
      } catch (error) {
        if (error instanceof TooLarge) throw tooLarge();
        throw error;
      }
      if (stored.size === 0) throw badRequest('upload_empty', 'e.upload_empty');
      const { rows } = await deps.db.query<{ id: string }>(
        `insert into documents (plant_id, kind, title, filename, mime_type, size_bytes, sha256, storage_key, uploaded_by)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning id`,
        [params.plantId, query.kind, query.title ?? query.filename, query.filename, mediaType(ctx), stored.size,
         stored.sha256, documents(deps.config.filesDir).key(stored.sha256), user.id],
      );
      const created = await deps.db.query<DocumentRow>(documentsSql, [params.plantId, rows[0]?.id]);
      return toDocument(created.rows[0] as DocumentRow);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/plants/{plantId}/documents/{documentId}/file',
    tag: 'documents',
    summary: 'Download a document, byte for byte as it was uploaded',
    roles: ROLES,
    plant: 'plantId',
    params: DocumentParams,
    produces: 'application/octet-stream',
    async handler({ params, ctx, deps }) {
      const { rows } = await deps.db.query<DocumentRow>(documentsSql, [params.plantId, params.documentId]);
      const doc = rows[0];
      if (!doc) throw notFound();
      await sendFile(ctx, documents(deps.config.filesDir), doc.sha256, doc.mimeType, doc.filename, false);
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/plants/{plantId}/documents/{documentId}',
    tag: 'documents',
    summary: 'Remove a document from a plant (archived: the file is kept)',
    roles: MANAGERS,
    plant: 'plantId',
    params: DocumentParams,
    status: 204,
    async handler({ params, deps }) {
      const { rowCount } = await deps.db.query(
        'update documents set deleted_at = now() where id = $1 and plant_id = $2 and deleted_at is null',
        [params.documentId, params.plantId],
      );
      if (!rowCount) throw notFound();
    },
  }),
  defineRoute({
    method: 'get',
    path: '/plants/{plantId}/photos/{photoId}/file',
    tag: 'documents',
    summary: 'The original file of a defect photo (EXIF kept)',
    roles: ROLES,
    share: true,
    plant: 'plantId',
    params: PhotoParams,
    produces: 'image/jpeg',
    async handler({ params, user, ctx, deps }) {
      // A client sees the photos of validated audits only.
      const { rows } = await deps.db.query<{ sha256: string; mimeType: string; filename: string | null }>(
        `select p.sha256, p.mime_type as "mimeType", p.original_filename as filename
           from photos p left join audits a on a.id = p.audit_id
          where p.id = $1 and p.plant_id = $2 and p.deleted_at is null
            and ($3::uuid is null or a.validated_at is not null)`,
        [params.photoId, params.plantId, clientScope(user)],
      );
      const photo = rows[0];
      if (!photo) throw notFound();
      await sendFile(ctx, photos(deps.config.filesDir), photo.sha256, photo.mimeType, photo.filename, true);
    },
  }),
];
