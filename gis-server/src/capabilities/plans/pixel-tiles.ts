// A plan cut into tiles in its own pixel space (core/src/georef/pixel-space.ts), for the
// control-point editor: the whole 10,000 × 7,000 px plan at full detail, where one image
// would have to be downscaled to what a WebGL texture holds (4,096 px). The tiles are read
// from a pyramid of the page (a tiled, compressed GeoTIFF with overviews, no georeferencing)
// made on the first request and kept beside the plan.
import { randomUUID } from 'node:crypto';
import { rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import gdal from 'gdal-async';
import { z } from 'zod';
import { ROLES, Uuid } from '@calepin/core';
import { pixelSpaceNativeZoom, pixelTileWindow } from '@calepin/core/georef';
import { badRequest } from '../../http/errors';
import { type RouteSpec, defineRoute } from '../../http/route';
import { revalidated } from '../../http/revalidate';
import { drawing } from './limits';
import { ensurePlanDir } from './files';
import { sourceOf } from './process';
import { readablePage } from './page';
import { planPlant } from './repo';

const SIZE = 256;

/** A tile coordinate of the path: digits only (a coerced number would be optional in the OpenAPI document). */
const coordinate = (max: number) => z.string().regex(/^\d{1,8}$/).transform(Number).pipe(z.number().int().max(max));
const TileParams = z.object({ planId: Uuid, z: coordinate(24), x: coordinate(2 ** 24), y: coordinate(2 ** 24) });
const TileQuery = z.object({ page: z.coerce.number().int().min(1).max(10_000).optional() });

export const pixelTileRoutes: RouteSpec[] = [
  defineRoute({
    method: 'get',
    path: '/plans/{planId}/pixel-tiles/{z}/{x}/{y}',
    tag: 'plans',
    summary: 'A 256 px PNG tile of the plan page in its own pixel space (the control-point editor’s grid), 204 outside the plan',
    description:
      'The page spans a quarter of the Web Mercator square, centred (core/src/georef/pixel-space.ts). ' +
      'X-Plan-Max-Zoom gives the zoom of one plan pixel per tile pixel; deeper tiles are refused.',
    roles: ROLES,
    plant: planPlant,
    params: TileParams,
    query: TileQuery,
    produces: 'image/png',
    errors: [409],
    async handler({ params, query, user, ctx, deps }) {
      const { plan, page, ...size } = await readablePage(deps, params.planId, user, query.page);
      // Deeper zooms would only enlarge the plan's pixels: MapLibre over-zooms these tiles.
      const maxZoom = pixelSpaceNativeZoom(size, SIZE);
      const n = 2 ** params.z;
      if (params.z > maxZoom) throw badRequest('tile_coordinates', 'e.pixel_tile_zoom', { z: params.z, maxzoom: maxZoom }, 'z');
      if (params.x >= n || params.y >= n) throw badRequest('tile_coordinates', 'e.pixel_tile_xy', { z: params.z, max: n - 1 }, params.x >= n ? 'x' : 'y');
      ctx.set('X-Plan-Max-Zoom', String(maxZoom));
      ctx.set('Access-Control-Expose-Headers', 'X-Plan-Max-Zoom');
      const window = pixelTileWindow(size, params, SIZE);
      if (!window) return undefined;
      if (revalidated(ctx, `${plan.id}-${plan.storageKey}-p${page}-${params.z}/${params.x}/${params.y}`)) return undefined;
      const dir = await ensurePlanDir(deps.config.filesDir, plan.id);
      const failure = plan.error as { detail?: string } | null;
      const png = await drawing(async () => {
        const pyramid = await pyramidOf(sourceOf(deps.config.filesDir, { ...plan, page }), join(dir, `pixels-p${page}.tif`));
        return renderTile(pyramid, window);
      }, failure);
      if (!png) {
        ctx.status = 204;
        ctx.body = null;
        return undefined;
      }
      ctx.type = 'image/png';
      ctx.body = png;
      return undefined;
    },
  }),
];

const building = new Map<string, Promise<string>>();

/** The page's pyramid: made once (concurrent requests wait for the same one), written aside then renamed. */
async function pyramidOf(source: string, target: string): Promise<string> {
  if (await stat(target).catch(() => null)) return target;
  let pending = building.get(target);
  if (!pending) {
    pending = buildPyramid(source, target).finally(() => building.delete(target));
    building.set(target, pending);
  }
  return pending;
}

async function buildPyramid(source: string, target: string): Promise<string> {
  const ds = await gdal.openAsync(source);
  const partial = `${target}.${randomUUID()}.tif`;
  try {
    const first = await ds.bands.getAsync(1);
    const expand = first.colorTable ? ['-expand', 'rgba'] : [];
    const out = await gdal.translateAsync(partial, ds, [
      '-of', 'COG', '-co', `BLOCKSIZE=${SIZE}`, '-co', 'COMPRESS=DEFLATE', '-co', 'OVERVIEW_RESAMPLING=AVERAGE',
      '-co', 'NUM_THREADS=ALL_CPUS', ...expand,
    ]);
    out.close();
    await rename(partial, target);
    return target;
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  } finally {
    ds.close();
  }
}

/** The window read from the pyramid (GDAL picks the overview) into an RGBA PNG; null when it is all transparent. */
async function renderTile(path: string, window: NonNullable<ReturnType<typeof pixelTileWindow>>): Promise<Buffer | null> {
  const ds = await gdal.openAsync(path);
  try {
    const count = await ds.bands.countAsync();
    const bands = await Promise.all(Array.from({ length: count }, (_, i) => ds.bands.getAsync(i + 1)));
    const data = await Promise.all(
      bands.map(
        async (band) =>
          (await band.pixels.readAsync(window.x, window.y, window.width, window.height, undefined, {
            buffer_width: window.tileWidth,
            buffer_height: window.tileHeight,
          })) as Uint8Array,
      ),
    );
    // Grey, grey + alpha, RGB or RGBA (palettes were expanded when the pyramid was made).
    const hasAlpha = count === 2 || count >= 4;
    const colour = count >= 3 ? data.slice(0, 3) : [data[0]!, data[0]!, data[0]!];
    const alpha = hasAlpha ? data[count - 1]! : new Uint8Array(window.tileWidth * window.tileHeight).fill(255);
    if (!alpha.some((v) => v > 0)) return null;
    const mem = await gdal.openAsync('pixel-tile', 'w', 'MEM', SIZE, SIZE, 4, gdal.GDT_Byte);
    try {
      for (const [i, band] of [...colour, alpha].entries()) {
        await (await mem.bands.getAsync(i + 1)).pixels.writeAsync(window.tileX, window.tileY, window.tileWidth, window.tileHeight, band);
      }
      const vsi = `/vsimem/pixel-tile-${randomUUID()}.png`;
      (await gdal.drivers.get('PNG').createCopyAsync(vsi, mem, { ZLEVEL: '6' })).close();
      return gdal.vsimem.release(vsi);
    } finally {
      mem.close();
    }
  } finally {
    ds.close();
  }
}
