// Photo rows of an audit: created by the device's push or here, completed by their file
// when it arrives (tus, capabilities/files); until then their fileState is "pending".
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { Photo, PhotoCreate, PhotoUpdate, ROLES, Uuid } from '@calepin/core';
import { STAFF, clientScope } from '../../access/scope';
import { type Queryable, sqlFile } from '../../db';
import { notFound } from '../../http/errors';
import { type RouteSpec, defineRoute } from '../../http/route';
import { edit } from '../../sync/office';
import { missionOf, ownerOf } from './access';

const photosSql = sqlFile(import.meta.url, 'photos.sql');

const AuditParams = z.object({ auditId: Uuid });
const PhotoParams = z.object({ photoId: Uuid });

const COLUMNS: Record<string, string> = {
  defectId: 'defect_id', moduleId: 'module_id', category: 'category', sha256: 'sha256', filename: 'original_filename',
  mimeType: 'mime_type', sizeBytes: 'size_bytes', takenAt: 'taken_at', geom: 'geom', caption: 'caption',
};
const columnsOf = (body: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(body).filter(([k, v]) => COLUMNS[k] && v !== undefined).map(([k, v]) => [COLUMNS[k] as string, v]));

async function readPhoto(db: Queryable, id: string, scope: string | null): Promise<Photo> {
  const { rows } = await db.query<Photo>(photosSql, [null, id, scope]);
  if (!rows[0]) throw notFound();
  return rows[0];
}

export const photoRoutes: RouteSpec[] = [
  defineRoute({
    method: 'get',
    path: '/audits/{auditId}/photos',
    tag: 'audits',
    summary: 'An audit’s photos, each with whether its file has arrived (present, a preview only, or pending)',
    roles: ROLES,
    params: AuditParams,
    response: z.object({ items: z.array(Photo) }).meta({ id: 'PhotoList' }),
    async handler({ params, user, deps }) {
      await ownerOf(deps.db, 'audit', params.auditId, user);
      return { items: (await deps.db.query(photosSql, [params.auditId, null, clientScope(user)])).rows };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/photos/{photoId}',
    tag: 'audits',
    summary: 'One photo’s record (its file: /photos/{photoId}/file)',
    roles: ROLES,
    params: PhotoParams,
    response: Photo,
    async handler({ params, user, deps }) {
      return readPhoto(deps.db, params.photoId, clientScope(user));
    },
  }),
  defineRoute({
    method: 'post',
    path: '/audits/{auditId}/photos',
    tag: 'audits',
    summary: 'Record a photo of an audit; its file is uploaded by tus (POST /files/uploads) before or after',
    description: 'geom: where it was taken, when known (else the EXIF GPS of the file fills it).',
    roles: STAFF,
    params: AuditParams,
    body: PhotoCreate,
    status: 201,
    response: Photo,
    errors: [409],
    async handler({ params, body, user, ctx, deps }) {
      const owner = await ownerOf(deps.db, 'audit', params.auditId, user);
      const id = body.id ?? randomUUID();
      const values: Record<string, unknown> = { audit_id: params.auditId, ...columnsOf(body) };
      if (body.geom) values.gps_source = 'manual';
      await edit(deps.db, user, missionOf(owner), [{ table: 'photos', key: { id }, op: 'create', values }], ctx.state.locale);
      return readPhoto(deps.db, id, null);
    },
  }),
  defineRoute({
    method: 'patch',
    path: '/photos/{photoId}',
    tag: 'audits',
    summary: 'Change a photo’s caption, category, or the defect or module it shows',
    roles: STAFF,
    params: PhotoParams,
    body: PhotoUpdate,
    response: Photo,
    async handler({ params, body, user, ctx, deps }) {
      const owner = await ownerOf(deps.db, 'photo', params.photoId, user);
      const values = columnsOf(body);
      if (Object.keys(values).length) {
        await edit(deps.db, user, missionOf(owner), [{ table: 'photos', key: { id: params.photoId }, op: 'patch', values }], ctx.state.locale);
      }
      return readPhoto(deps.db, params.photoId, null);
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/photos/{photoId}',
    tag: 'audits',
    summary: 'Delete a photo (its file stays in the store: another row may name the same bytes)',
    roles: STAFF,
    params: PhotoParams,
    status: 204,
    async handler({ params, user, ctx, deps }) {
      const owner = await ownerOf(deps.db, 'photo', params.photoId, user);
      await edit(deps.db, user, missionOf(owner), [{ table: 'photos', key: { id: params.photoId }, op: 'delete' }], ctx.state.locale);
    },
  }),
];
