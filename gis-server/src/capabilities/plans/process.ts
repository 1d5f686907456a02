// The background work on a plan: its page image, and the warp when it is georeferenced.
import { rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fitControlPoints } from '@calepin/core/georef';
import { type PlanControlPoint, t } from '@calepin/core';
import { transaction } from '../../db';
import type { Deps } from '../../http/context';
import { ApiError } from '../../http/errors';
import { FinalJobError, type QueueDeclaration, type Report } from '../../jobs/queue';
import { ensurePlanDir, storedPath } from './files';
import { project, warpGeorefOf } from './georef';
import { DEFAULT_IMAGE_SIZE, pageSource, renderPage } from './raster';
import { getPlan } from './repo';
import { type WarpGeoref, warpToCog } from './warp';
import type { GeoTransform } from './worldfile';
import { prjSrid } from './upload';
import { readDeferredDwg } from './vector';

export const PLAN_QUEUE = 'plan-process';
/**
 * Plans of more pixels than this go to the heavy lane (plan-process-heavy). Measured on the
 * shared 2-core machine (load average 12–15): 2.8 Mpx read and warped in 2.9 s, 17.5 Mpx in
 * 24 s, 70 Mpx in 21 s quiet and over 70 s loaded; a vector plan's rendering (4,000 px on
 * its longest side) stays under the limit. See bench/RESULTS.md, *Jobs*.
 */
export const HEAVY_PLAN_PIXELS = 16_000_000;
export const isHeavyPlan = (plan: { width: number | null; height: number | null }) =>
  (plan.width ?? 0) * (plan.height ?? 0) > HEAVY_PLAN_PIXELS;
/**
 * Formats without random access (PNG and JPEG decode from the top, PDF renders the page):
 * the warp reads its source in many windows, so they are first copied once to a tiled GeoTIFF.
 */
const RENDER_FIRST = new Set(['pdf', 'geopdf', 'png', 'jpeg']);

interface StoredGeoref {
  method: string;
  srid: number;
  geoTransform?: GeoTransform;
  transform?: 'helmert' | 'affine' | 'poly2' | 'poly3' | 'tps';
  controlPoints?: PlanControlPoint[];
}

async function warpGeoref(deps: Deps, georef: StoredGeoref): Promise<WarpGeoref> {
  if (georef.geoTransform) return { kind: 'geotransform', srid: georef.srid, geoTransform: georef.geoTransform };
  if (!georef.transform || !georef.controlPoints) throw new FinalJobError('the plan has no georeferencing to warp with');
  const points = await project(deps.db, georef.controlPoints, georef.srid);
  const fit = fitControlPoints(georef.transform, points);
  if (!fit.ok) throw new FinalJobError(fit.error.reason);
  return warpGeorefOf(fit, georef.srid, points);
}

/** The image the warp reads: the page of a raster plan, the rendering of a vector plan. */
export function sourceOf(filesDir: string, plan: { storageKey: string; format: string | null; page: number; pageCount: number | null; id: string }): string {
  if (plan.format === 'dxf' || plan.format === 'dwg') return `${filesDir}/plans/${plan.id}/drawing.tif`;
  const isPdf = plan.format === 'pdf' || plan.format === 'geopdf';
  return pageSource(storedPath(filesDir, plan.storageKey), isPdf, plan.page, plan.pageCount ?? 1);
}

/** The plan of a job given up after its server died on every attempt: failed, with why. */
export async function planGivenUp(deps: Deps, data: Record<string, unknown>, message: string): Promise<void> {
  await deps.db.query(`update plans set status = 'failed', error = $2, updated_at = now() where id = $1 and status = 'processing'`,
    [String(data.planId), JSON.stringify({ code: 'plan_processing_failed', detail: message })]);
}

/** The plan job: a light lane, and a heavy one for the plans that take long to warp (`isHeavyPlan`). */
export const planQueue = (deps: Deps): QueueDeclaration => ({
  name: PLAN_QUEUE,
  run: planJob(deps),
  givenUp: (data, message) => planGivenUp(deps, data, message),
  heavy: {},
});

/** The COG every reader opens (tile-server, downloads): a warp's output is moved there by its job. */
export const PLAN_COG = 'plan.cog.tif';
const SUPERSEDED = { skipped: 'a later job of this plan was sent' };

export function planJob(deps: Deps) {
  return async (data: Record<string, unknown>, report: Report, job: { id: string }) => {
    const planId = String(data.planId);
    let plan = await getPlan(deps.db, planId, null).catch(() => null);
    if (!plan) return { skipped: 'the plan was deleted' };
    // Jobs of one plan may overlap (a georeferencing saved again while the last one is warped,
    // lanes run several jobs at once): only the plan's latest job (plans.job_id) writes it.
    const mine = `coalesce(job_id = $2::uuid, true)`;
    if (plan.jobId && plan.jobId !== job.id) return SUPERSEDED;
    try {
      if (plan.format === 'dwg' && !plan.layers) {
        // A large DWG, left by its upload for this job (vector.ts, DWG_INLINE_BYTES).
        await report(0.01, 'converting the drawing');
        await readDeferredDwg(deps, plan, plan.prj ? prjSrid(plan.prj) : null);
        plan = await getPlan(deps.db, planId, null);
      }
      // The editor's image of the page, made now so that it opens at once (GET /image).
      const dir = await ensurePlanDir(deps.config.filesDir, planId);
      const image = join(dir, `image-p${plan.page}-${DEFAULT_IMAGE_SIZE}.png`);
      if (!(await stat(image).catch(() => null))) {
        await report(0.02, 'page image');
        await renderPage(sourceOf(deps.config.filesDir, plan), image, DEFAULT_IMAGE_SIZE);
      }
      if (!plan.georef) {
        const { rowCount } = await deps.db.query(
          `update plans set status = 'needs_georeferencing', error = null, updated_at = now() where id = $1 and ${mine}`, [planId, job.id]);
        if (!rowCount) return SUPERSEDED;
        await report(1, 'needs georeferencing');
        return { status: 'needs_georeferencing' };
      }
      await report(0.05, 'warping');
      const georef = await warpGeoref(deps, plan.georef as StoredGeoref);
      let last = 0;
      const result = await warpToCog(sourceOf(deps.config.filesDir, plan), dir, georef, (f) => {
        if (f - last >= 0.1) {
          last = f;
          // GDAL's callback cannot wait: the queue writes reports in order, all before the job's end.
          void report(0.05 + 0.9 * f, 'warping');
        }
      }, { renderFirst: plan.format !== null && RENDER_FIRST.has(plan.format) });
      // Moved into place under the plan's row lock, and only by its latest job: the COG and the
      // bounds of the row always come from the same warp.
      const installed = await transaction(deps.db, async (client) => {
        const { rowCount } = await client.query(`select 1 from plans where id = $1 and ${mine} for update`, [planId, job.id]);
        if (!rowCount) return false;
        await rename(result.cogPath, join(dir, PLAN_COG));
        await client.query(
          `update plans set status = 'georeferenced', cog_path = $2, georef = georef || jsonb_build_object('bounds', $3::jsonb),
                  error = null, updated_at = now() where id = $1`,
          [planId, PLAN_COG, JSON.stringify(result.bounds)],
        );
        return true;
      });
      if (!installed) {
        await rm(result.cogPath, { force: true });
        return SUPERSEDED;
      }
      await report(1, 'georeferenced');
      return { status: 'georeferenced', bounds: result.bounds };
    } catch (error) {
      // A refusal of the API (a DWG that cannot be read) keeps its message key: people read it in their language.
      const failure = error instanceof ApiError
        ? { code: error.code, key: error.key, params: error.params }
        : { code: 'plan_processing_failed', detail: error instanceof Error ? error.message : String(error) };
      await deps.db.query(`update plans set status = 'failed', error = $3, updated_at = now() where id = $1 and ${mine}`,
        [planId, job.id, JSON.stringify(failure)]);
      const message = error instanceof ApiError ? t('en', error.key, error.params) : error instanceof Error ? error.message : String(error);
      throw error instanceof FinalJobError ? error : new FinalJobError(message);
    }
  };
}
