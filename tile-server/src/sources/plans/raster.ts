// The `plans` source: georeferenced plans (Cloud Optimized GeoTIFFs in EPSG:3857, warped
// by gis-server) cut into PNG tiles with transparency. Unlike the vector sources it reads
// files, not SQL features; the database only says which plan the caller may see.
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { join, resolve, sep } from 'node:path';
import gdal from 'gdal-async';
import type pg from 'pg';
import { MERCATOR_HALF as HALF, tileMercatorBounds as mercatorBounds } from '@calepin/core';
import type { TileCache } from '../../cache';
import { TileError } from '../../errors';
import { uuidParam } from '../../params';
import { type Scope, scopeClient, scopePlant } from '../../scope';
import type { TileCoord } from '../../tile-math';
import { PNG, type RasterSource, type ServedTile, type SourceRequest } from '../source';
import { PlanDatasets } from './datasets';

export const PLANS_SOURCE = 'plans';
const SIZE = 256;
const sql = readFileSync(new URL('source.sql', import.meta.url), 'utf8');

// GDAL's block cache defaults to 5 % of the machine's memory and is kept once filled; the
// encoded tiles have their own cache (TILE_CACHE_MB). Bounded unless GDAL_CACHEMAX is set.
if (!process.env.GDAL_CACHEMAX) gdal.config.set('GDAL_CACHEMAX', '64');

interface PlanFile {
  id: string;
  plantId: string;
  cogPath: string;
  bounds: [number, number, number, number] | null;
  version: string;
}

/** Open plan COGs kept (each holds a file handle and GDAL's header of the file). */
const OPEN_DATASETS = 8;
const EMPTY = Buffer.alloc(0);

/**
 * Every request reads the plan's row (who may see it, and its version = updated_at): a
 * plan re-warped, re-paged or deleted is seen at its next tile, by every tile-server
 * instance, without a notification. Encoded tiles go in the shared tile cache under
 * `plans/<id>/<version>/z/x/y` (empty tiles too); the dataset and the cached tiles of an
 * older version are dropped when a newer one is seen, those of a deleted plan when it is
 * asked for again (else they age out of the cache).
 */
export class PlanTiles implements RasterSource {
  readonly kind = 'raster';
  readonly id = PLANS_SOURCE;
  readonly description = 'Georeferenced plans of a plant (raster, ?plan=<id>)';
  readonly format = PNG;
  readonly datasets = new PlanDatasets(OPEN_DATASETS);
  /** planId → the version whose tiles are cached. */
  private readonly cachedVersion = new Map<string, string>();

  constructor(
    private readonly pool: pg.Pool,
    private readonly filesDir: string,
    private readonly cache: TileCache | null = null,
  ) {}

  private async plan(planId: string | null, scope: Scope): Promise<PlanFile> {
    if (!planId) throw new TileError(400, 'validation_failed', 'v.required', {}, 'plan');
    const { rows } = await this.pool.query<PlanFile>(sql, [planId, scopeClient(scope), scope.kind === 'public', scopePlant(scope)]);
    const plan = rows[0];
    if (!plan) {
      // Gone, or not georeferenced any more: its dataset and tiles go (not when only this caller may not see it).
      const exists = await this.pool.query(`select 1 from plans where id = $1 and status = 'georeferenced' and cog_path is not null`, [planId]);
      if (!exists.rowCount) this.forget(planId);
      throw new TileError(404, 'not_found', 'e.not_found', {}, 'plan');
    }
    const seen = this.cachedVersion.get(plan.id);
    if (seen !== undefined && seen !== plan.version) this.forget(plan.id);
    return plan;
  }

  /** Closes the plan's dataset and evicts its cached tiles. */
  forget(planId: string): void {
    this.datasets.forget(planId);
    if (this.cachedVersion.delete(planId)) this.cache?.evictPrefix(`${PLANS_SOURCE}/${planId}/`);
  }

  close(): void {
    this.datasets.closeAll();
  }

  private path(plan: PlanFile): string {
    const root = resolve(this.filesDir);
    const path = resolve(join(root, 'plans', plan.id, plan.cogPath));
    if (!path.startsWith(root + sep)) throw new Error(`plan file outside the store: ${plan.cogPath}`);
    return path;
  }

  async tileJson({ params, scope, base, query }: SourceRequest) {
    const plan = await this.plan(uuidParam(params, 'plan'), scope);
    const lease = await this.datasets.acquire(plan.id, plan.version, this.path(plan));
    let pixel: number;
    try {
      pixel = Math.abs(((await lease.ds.geoTransformAsync) as number[])[1]!);
    } finally {
      lease.release();
    }
    // The zoom where one tile pixel is about one plan pixel; beyond it the tiles only magnify.
    const maxzoom = Math.max(0, Math.min(24, Math.ceil(Math.log2((2 * HALF) / (SIZE * pixel)))));
    const bounds = plan.bounds ?? [-180, -85.0511287798, 180, 85.0511287798];
    return {
      tilejson: '3.0.0',
      name: PLANS_SOURCE,
      description: this.description,
      tiles: [`${base}/${PLANS_SOURCE}/{z}/{x}/{y}${query}`],
      minzoom: 0,
      maxzoom,
      bounds,
      center: [(bounds[0] + bounds[2]) / 2, (bounds[1] + bounds[3]) / 2, Math.max(0, maxzoom - 3)],
    };
  }

  /** A PNG tile (empty where the plan has nothing to draw), and whether it came from the cache. */
  async tile({ params, scope }: SourceRequest, coord: TileCoord): Promise<ServedTile> {
    const plan = await this.plan(uuidParam(params, 'plan'), scope);
    const key = `${PLANS_SOURCE}/${plan.id}/${plan.version}/${coord.z}/${coord.x}/${coord.y}`;
    const etag = `${plan.id}-${plan.version}-${coord.z}-${coord.x}-${coord.y}`;
    const hit = this.cache?.get(key);
    if (hit) return { raw: hit.raw, etag, cached: true };
    const png = (await this.render(plan, coord)) ?? EMPTY;
    if (this.cache) {
      this.cachedVersion.set(plan.id, plan.version);
      this.cache.set(key, { raw: png, gzip: EMPTY, etag }, { ...coord, summarisesPlants: false });
    }
    return { raw: png, etag, cached: false };
  }

  private async render(plan: PlanFile, coord: TileCoord): Promise<Buffer | null> {
    const lease = await this.datasets.acquire(plan.id, plan.version, this.path(plan));
    const ds = lease.ds;
    try {
      // Async getters only: a sync GDAL call would wait for other requests' reads and block the event loop.
      const gt = (await ds.geoTransformAsync) as number[];
      const { x: width, y: height } = await ds.rasterSizeAsync;
      const [minX, minY, maxX, maxY] = mercatorBounds(coord);
      // The tile in the plan's pixels (north-up: gt[2] = gt[4] = 0 after the warp).
      const c0 = (minX - gt[0]!) / gt[1]!;
      const c1 = (maxX - gt[0]!) / gt[1]!;
      const r0 = (maxY - gt[3]!) / gt[5]!;
      const r1 = (minY - gt[3]!) / gt[5]!;
      const x0 = Math.max(0, Math.floor(c0));
      const x1 = Math.min(width, Math.ceil(c1));
      const y0 = Math.max(0, Math.floor(r0));
      const y1 = Math.min(height, Math.ceil(r1));
      if (x1 <= x0 || y1 <= y0) return null;
      // Where that window falls in the 256 × 256 tile.
      const tx0 = Math.round(((x0 - c0) / (c1 - c0)) * SIZE);
      const tx1 = Math.round(((x1 - c0) / (c1 - c0)) * SIZE);
      const ty0 = Math.round(((y0 - r0) / (r1 - r0)) * SIZE);
      const ty1 = Math.round(((y1 - r0) / (r1 - r0)) * SIZE);
      const bw = Math.max(1, Math.min(SIZE, tx1) - Math.max(0, tx0));
      const bh = Math.max(1, Math.min(SIZE, ty1) - Math.max(0, ty0));
      const bands = await ds.bands.countAsync();
      const handles = await Promise.all(Array.from({ length: bands }, (_, i) => ds.bands.getAsync(i + 1)));
      // RGBA, or grey + alpha (gdalwarp -dstalpha adds the last band).
      const data = await Promise.all(
        handles.map(async (band) => (await band.pixels.readAsync(x0, y0, x1 - x0, y1 - y0, undefined, { buffer_width: bw, buffer_height: bh })) as Uint8Array),
      );
      const alpha = data[bands - 1]!;
      if (!alpha.some((v) => v > 0)) return null;
      const colour = bands >= 4 ? data.slice(0, 3) : [data[0]!, data[0]!, data[0]!];
      const mem = await gdal.openAsync('tile', 'w', 'MEM', SIZE, SIZE, 4, gdal.GDT_Byte);
      const ox = Math.max(0, tx0);
      const oy = Math.max(0, ty0);
      for (const [i, band] of [...colour, alpha].entries()) await (await mem.bands.getAsync(i + 1)).pixels.writeAsync(ox, oy, bw, bh, band);
      const vsi = `/vsimem/plan-tile-${randomUUID()}.png`;
      (await gdal.drivers.get('PNG').createCopyAsync(vsi, mem, { ZLEVEL: '6' })).close();
      mem.close();
      return gdal.vsimem.release(vsi);
    } finally {
      lease.release();
    }
  }
}
