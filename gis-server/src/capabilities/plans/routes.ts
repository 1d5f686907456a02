import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createReadStream } from 'node:fs';
import { z } from 'zod';
import { Plan, PlanAccepted, PlanFit, PlanFitRequest, PlanPatch, Plans, ROLES, Uuid } from '@calepin/core';
import { MANAGERS, clientScope } from '../../access/scope';
import { transaction } from '../../db';
import { ApiError, badRequest, conflict } from '../../http/errors';
import { type RouteSpec, defineRoute } from '../../http/route';
import { revalidated } from '../../http/revalidate';
import { ensurePlanDir, removePlanDir, storedPath } from './files';
import { fitRequest } from './georef';
import { PLAN_QUEUE, isHeavyPlan, sourceOf } from './process';
import { DEFAULT_IMAGE_SIZE, inspectRaster, renderPage } from './raster';
import { getPlan, listPlans, planPlant, toPlan } from './repo';
import { candidateRoutes } from './candidates';
import { readablePage } from './page';
import { drawing, tooManyPixels } from './limits';
import { pixelTileRoutes } from './pixel-tiles';
import { downloadRoutes } from './download';
import { acceptUpload } from './accept';
import { discard } from './upload';

const PlantParams = z.object({ plantId: Uuid });
const PlanParams = z.object({ planId: Uuid });
const ImageQuery = z.object({
  page: z.coerce.number().int().min(1).max(10_000).optional(),
  maxSize: z.coerce.number().int().min(256).max(8192).default(DEFAULT_IMAGE_SIZE),
});

export const planRoutes: RouteSpec[] = [
  defineRoute({
    method: 'post',
    path: '/plants/{plantId}/plans',
    tag: 'plans',
    summary: 'Upload a plan (PDF, PNG, JPEG, TIFF/GeoTIFF, GeoPDF, DXF, DWG), with an optional world file and .prj',
    description:
      'multipart/form-data: `file` (required), `worldFile` (.pgw/.jgw/.tfw/.wld), `prj`, `name`. The type is read from the ' +
      'content. Answers at once with the plan and the job that prepares it (GET /jobs/{id}). See docs/plans.md.',
    roles: MANAGERS,
    plant: 'plantId',
    params: PlantParams,
    upload: {
      description: 'The plan and its optional sidecars',
      form: {
        parts: {
          file: { description: 'The plan: PDF, PNG, JPEG, TIFF/GeoTIFF, GeoPDF, DXF or DWG R14 to 2018 (type read from the content)', file: true },
          worldFile: { description: 'World file (.pgw/.jgw/.tfw/.wld): six numbers A D B E C F', file: true },
          prj: { description: 'The CRS of the world file or DXF: WKT or EPSG:nnnn', file: true },
          name: { description: 'Name of the plan (default: the file name)', file: false },
        },
        required: ['file'],
      },
    },
    status: 202,
    response: PlanAccepted,
    errors: [415, 422],
    handler: ({ params, user, ctx, deps }) => acceptUpload(params.plantId, user, ctx, deps),
  }),
  defineRoute({
    method: 'get',
    path: '/plants/{plantId}/plans',
    tag: 'plans',
    summary: 'The plans of a plant, newest first',
    roles: ROLES,
    plant: 'plantId',
    params: PlantParams,
    response: Plans,
    async handler({ params, user, ctx, deps }) {
      return { items: (await listPlans(deps.db, params.plantId, clientScope(user))).map((row) => toPlan(row, ctx.state.locale)) };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/plans/{planId}',
    tag: 'plans',
    summary: 'A plan',
    roles: ROLES,
    plant: planPlant,
    params: PlanParams,
    response: Plan,
    handler: async ({ params, user, ctx, deps }) => toPlan(await getPlan(deps.db, params.planId, clientScope(user)), ctx.state.locale),
  }),
  defineRoute({
    method: 'patch',
    path: '/plans/{planId}',
    tag: 'plans',
    summary: 'Rename a plan, set its opacity, choose its page (PDF) or the layers holding outlines (DXF/DWG)',
    description: 'Choosing another page clears the georeferencing (unless the page is a GeoPDF page) and starts a job.',
    roles: MANAGERS,
    plant: planPlant,
    params: PlanParams,
    body: PlanPatch,
    response: Plan,
    async handler({ params, body, ctx, deps }) {
      const plan = await getPlan(deps.db, params.planId, null);
      // Everything checked and read first; then every write, and the job a page change sends, in one transaction.
      let layers: string | null = null;
      if (body.layers !== undefined) {
        if (plan.kind !== 'vector' || !plan.layers) throw badRequest('plan_not_vector', 'e.plan_not_vector', {}, 'layers');
        const known = new Set(plan.layers.map((l) => l.name));
        const unknown = body.layers.find((l) => !known.has(l));
        if (unknown !== undefined) throw badRequest('plan_layer_unknown', 'e.plan_layer_unknown', { name: unknown }, 'layers');
        const chosen = new Set(body.layers);
        layers = JSON.stringify(plan.layers.map((l) => ({ ...l, selected: chosen.has(l.name) })));
      }
      let page: { page: number; width: number; height: number; georef: string | null } | null = null;
      if (body.page !== undefined && body.page !== plan.page) {
        if (plan.status === 'processing') throw conflict('plan_processing', 'e.plan_processing');
        const pageCount = plan.pageCount ?? 1;
        if (body.page > pageCount) throw badRequest('plan_page', 'e.plan_page', { page: body.page, pageCount }, 'page');
        const info = await inspectRaster(storedPath(deps.config.filesDir, plan.storageKey), true, body.page);
        const tooLarge = tooManyPixels(info.width, info.height, deps.config, 422, 'page');
        if (tooLarge) throw tooLarge;
        const georef = info.embedded ? { method: 'geopdf', srid: info.embedded.srid, geoTransform: info.embedded.geoTransform } : null;
        page = { page: body.page, width: info.width, height: info.height, georef: georef && JSON.stringify(georef) };
      }
      await transaction(deps.db, async (client) => {
        // The job first: sending takes its lane's lock before this transaction locks the plan's row.
        if (page) {
          const job = await deps.jobs.send(PLAN_QUEUE, { planId: plan.id }, plan.plantId, { db: client, heavy: isHeavyPlan(page) });
          await client.query(
            `update plans set page = $2, width = $3, height = $4, georef = $5, status = 'processing', cog_path = null,
                    job_id = $6, updated_at = now() where id = $1`,
            [plan.id, page.page, page.width, page.height, page.georef, job]);
        }
        if (body.name !== undefined || body.opacity !== undefined) {
          await client.query('update plans set name = coalesce($2, name), opacity = coalesce($3, opacity), updated_at = now() where id = $1',
            [plan.id, body.name ?? null, body.opacity ?? null]);
        }
        if (layers) await client.query('update plans set layers = $2, updated_at = now() where id = $1', [plan.id, layers]);
      });
      return toPlan(await getPlan(deps.db, plan.id, null), ctx.state.locale);
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/plans/{planId}',
    tag: 'plans',
    summary: 'Delete a plan with its warped image and tiles',
    roles: MANAGERS,
    plant: planPlant,
    params: PlanParams,
    status: 204,
    async handler({ params, deps }) {
      const plan = await getPlan(deps.db, params.planId, null);
      await deps.db.query('delete from plans where id = $1', [plan.id]);
      await removePlanDir(deps.config.filesDir, plan.id);
      await discard(deps.db, deps.config.filesDir, plan.storageKey);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/plans/{planId}/image',
    tag: 'plans',
    summary: 'The plan page as a PNG in pixel space, downscaled to maxSize on its longest side, for the control-point editor',
    description: 'Scale = PNG width / plan.width (also in X-Plan-Scale); a position in plan pixels = PNG position / scale.',
    roles: ROLES,
    plant: planPlant,
    params: PlanParams,
    query: ImageQuery,
    produces: 'image/png',
    errors: [409],
    async handler({ params, query, user, ctx, deps }) {
      const { plan, page, width: planWidth, height: planHeight } = await readablePage(deps, params.planId, user, query.page);
      const width = Math.max(1, Math.round(planWidth * Math.min(1, query.maxSize / Math.max(planWidth, planHeight))));
      ctx.set('X-Plan-Scale', String(width / planWidth));
      ctx.set('X-Plan-Width', String(planWidth));
      ctx.set('X-Plan-Height', String(planHeight));
      ctx.set('Access-Control-Expose-Headers', 'X-Plan-Scale, X-Plan-Width, X-Plan-Height');
      // The image of a stored upload's page never changes; revalidated after the caller's rights were checked.
      if (revalidated(ctx, `${plan.id}-${plan.storageKey}-p${page}-${query.maxSize}`)) return;
      const dir = await ensurePlanDir(deps.config.filesDir, plan.id);
      const file = join(dir, `image-p${page}-${query.maxSize}.png`);
      let size = await stat(file).catch(() => null);
      if (!size) {
        await drawing(() => renderPage(sourceOf(deps.config.filesDir, { ...plan, page }), file, query.maxSize), plan.error as { detail?: string } | null);
        size = await stat(file);
      }
      ctx.type = 'image/png';
      ctx.length = size.size;
      ctx.body = createReadStream(file);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/plans/{planId}/fit',
    tag: 'plans',
    summary: 'Residuals and RMS (metres, projected CRS) of control points for a transform; nothing is saved',
    roles: MANAGERS,
    plant: planPlant,
    params: PlanParams,
    body: PlanFitRequest,
    response: PlanFit,
    async handler({ params, body, deps }) {
      const plan = await getPlan(deps.db, params.planId, null);
      const { fit, srid } = await fitRequest(deps.db, body, plan.plantSrid);
      return { srid, residualKind: fit.residualKind, residuals: fit.residuals, rmsM: fit.rmsM };
    },
  }),
  defineRoute({
    method: 'put',
    path: '/plans/{planId}/georeference',
    tag: 'plans',
    summary: 'Save control points and a transform; the plan is warped in a background job',
    roles: MANAGERS,
    plant: planPlant,
    params: PlanParams,
    body: PlanFitRequest,
    status: 202,
    response: PlanAccepted,
    errors: [409],
    async handler({ params, body, ctx, deps }) {
      const plan = await getPlan(deps.db, params.planId, null);
      if (!plan.format || !plan.width) throw conflict('plan_processing', 'e.plan_processing');
      const { fit, srid } = await fitRequest(deps.db, body, plan.plantSrid);
      const georef = { method: 'control_points', srid, transform: body.transform, controlPoints: body.points, rmsM: fit.rmsM };
      // The plan and the job that warps it in one transaction: never 'processing' with no job.
      const job = await transaction(deps.db, async (client) => {
        const id = await deps.jobs.send(PLAN_QUEUE, { planId: plan.id }, plan.plantId, { db: client, heavy: isHeavyPlan(plan) });
        await client.query(
          `update plans set georef = $2, status = 'processing', cog_path = null, error = null, job_id = $3, updated_at = now()
            where id = $1`,
          [plan.id, JSON.stringify(georef), id]);
        return id;
      });
      return { plan: toPlan(await getPlan(deps.db, plan.id, null), ctx.state.locale), job: { id: job } };
    },
  }),
  ...candidateRoutes,
  ...pixelTileRoutes,
  ...downloadRoutes,
];

export const planNotGeoreferenced = () => new ApiError(409, 'plan_not_georeferenced', { key: 'e.plan_not_georeferenced' });
