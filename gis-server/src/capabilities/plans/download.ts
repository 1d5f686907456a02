// GET /plans/{planId}/geotiff: a georeferenced plan as the Cloud Optimized GeoTIFF that its
// tiles are cut from, for QGIS (a raster layer that works offline) and GDAL.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { ROLES, Uuid } from '@calepin/core';
import { ApiError } from '../../http/errors';
import { revalidated } from '../../http/revalidate';
import { type RouteSpec, defineRoute } from '../../http/route';
import { planDir } from './files';
import { getPlan, planPlant } from './repo';

const Params = z.object({ planId: Uuid });

/** A file name for the download: the plan's name without what a header or a file system refuses. */
const fileName = (name: string) => `${name.replace(/[^\p{L}\p{N} ._()-]+/gu, '_').trim().slice(0, 150) || 'plan'}.tif`;

export const downloadRoutes: RouteSpec[] = [
  defineRoute({
    method: 'get',
    path: '/plans/{planId}/geotiff',
    tag: 'plans',
    summary: 'The georeferenced plan as a Cloud Optimized GeoTIFF (EPSG:3857, RGBA), to open in QGIS or GDAL',
    description: 'The file the plan tiles are cut from. 409 while the plan is not georeferenced.',
    roles: ROLES,
    plant: planPlant,
    params: Params,
    produces: 'image/tiff',
    errors: [409],
    async handler({ params, ctx, deps }) {
      const plan = await getPlan(deps.db, params.planId, null);
      if (plan.status !== 'georeferenced' || !plan.cogPath) {
        throw new ApiError(409, 'plan_not_georeferenced', { key: 'e.plan_not_georeferenced' });
      }
      const path = join(planDir(deps.config.filesDir, plan.id), plan.cogPath);
      const file = await stat(path).catch(() => null);
      if (!file) throw new ApiError(404, 'file_missing', { key: 'e.file_missing' });
      if (revalidated(ctx, `${plan.id}-${file.mtimeMs}-${file.size}`)) return undefined;
      ctx.type = 'image/tiff; application=geotiff; profile=cloud-optimized';
      ctx.length = file.size;
      ctx.set('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(fileName(plan.name))}`);
      ctx.body = createReadStream(path);
      return undefined;
    },
  }),
];
