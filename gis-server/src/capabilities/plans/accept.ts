// The checks and the row of an uploaded plan; anything refused leaves no row and no file.
import { randomUUID } from 'node:crypto';
import type { SessionUser } from '@calepin/core';
import { transaction } from '../../db';
import type { AppContext, Deps } from '../../http/context';
import { ApiError, badRequest, notFound } from '../../http/errors';
import { removePlanDir, storedPath } from './files';
import { PLAN_QUEUE, isHeavyPlan } from './process';
import { tooManyPixels } from './limits';
import { inspectRaster } from './raster';
import { getPlan, toPlan } from './repo';
import { discard, prjSrid, readUpload, sniffFile, tooLarge } from './upload';
import { DWG_INLINE_BYTES, deferredDwg, inspectVector } from './vector';
import { parseWorldFile } from './worldfile';

export async function acceptUpload(plantId: string, user: SessionUser, ctx: AppContext, deps: Deps) {
  const plant = (await deps.db.query<{ srid: number }>('select srid from plants where id = $1 and deleted_at is null', [plantId])).rows[0];
  if (!plant) throw notFound();
  const limit = deps.config.uploadLimitBytes;
  // A body announced too large is refused before a byte of it is read.
  if (ctx.request.length > limit + 64 * 1024) throw tooLarge(limit);
  const upload = await readUpload(ctx, deps.db, deps.config.filesDir, limit);
  const key = upload.stored.key;
  const planId = randomUUID();
  let job: string;
  try {
    if (upload.stored.size === 0) throw badRequest('upload_empty', 'e.upload_empty', {}, 'file');
    const path = storedPath(deps.config.filesDir, key);
    const type = await sniffFile(path);
    if (!type) throw new ApiError(415, 'plan_type', { key: 'e.plan_type', params: { detail: upload.filename }, field: 'file' });
    const prjEpsg = upload.prj ? prjSrid(upload.prj) : null;
    if (upload.prj && !prjEpsg) throw badRequest('plan_prj', 'e.plan_prj', { detail: upload.prj.slice(0, 60) }, 'prj');

    let row: Record<string, unknown>;
    if (type === 'dwg' && upload.stored.size > DWG_INLINE_BYTES) {
      row = await deferredDwg(path);
    } else if (type === 'dxf' || type === 'dwg') {
      row = await inspectVector(path, type, prjEpsg);
    } else {
      const info = await inspectRaster(path, type === 'pdf', 1).catch((error: unknown) => {
        throw new ApiError(422, 'plan_unreadable', {
          key: 'e.plan_unreadable', params: { detail: error instanceof Error ? error.message : String(error) }, field: 'file' });
      });
      // Only the header was read: a PNG claiming 100,000 × 100,000 px in a few kilobytes stops here.
      const tooLarge = tooManyPixels(info.width, info.height, deps.config, 413, 'file');
      if (tooLarge) throw tooLarge;
      const format = info.embedded ? (type === 'pdf' ? 'geopdf' : type === 'tiff' ? 'geotiff' : type) : type;
      let georef: Record<string, unknown> | null = null;
      if (upload.worldFile) {
        const gt = parseWorldFile(upload.worldFile);
        if (!gt) throw badRequest('plan_worldfile', 'e.plan_worldfile', {}, 'worldFile');
        georef = { method: 'worldfile', srid: prjEpsg ?? plant.srid, geoTransform: gt };
      } else if (info.embedded) {
        georef = { method: format === 'geopdf' ? 'geopdf' : 'geotiff', srid: info.embedded.srid, geoTransform: info.embedded.geoTransform };
      }
      row = { format, kind: 'raster', pageCount: info.pageCount, width: info.width, height: info.height, georef, layers: null, drawingTransform: null };
    }
    const name = upload.name ?? upload.filename.replace(/\.[^.]+$/, '').slice(0, 200) ?? 'plan';
    if (row.render) await (row.render as (id: string, dir: string) => Promise<void>)(planId, deps.config.filesDir);
    // The plan and its job in one transaction: never a plan 'processing' with no job to process it.
    job = await transaction(deps.db, async (client) => {
      const heavy = row.heavy === true || isHeavyPlan(row as { width: number; height: number });
      const id = await deps.jobs.send(PLAN_QUEUE, { planId }, plantId, { db: client, heavy });
      await client.query(
        `insert into plans (id, plant_id, name, format, kind, page_count, width, height, georef, layers, drawing_transform,
                            filename, storage_key, sha256, size_bytes, world_file, prj, uploaded_by, job_id)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)`,
        [planId, plantId, name || 'plan', row.format, row.kind, row.pageCount, row.width, row.height,
         row.georef ? JSON.stringify(row.georef) : null, row.layers ? JSON.stringify(row.layers) : null,
         row.drawingTransform ? JSON.stringify(row.drawingTransform) : null,
         upload.filename.slice(0, 255), key, upload.stored.sha256, upload.stored.size, upload.worldFile, upload.prj, user.id, id],
      );
      return id;
    });
  } catch (error) {
    await removePlanDir(deps.config.filesDir, planId);
    await discard(deps.db, deps.config.filesDir, key);
    throw error;
  }
  return { plan: toPlan(await getPlan(deps.db, planId, null), ctx.state.locale), job: { id: job } };
}
