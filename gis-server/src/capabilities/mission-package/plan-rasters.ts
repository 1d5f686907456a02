import { access } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import gdal from 'gdal-async';

// The plans under the layout, offline: each georeferenced plan's warped image (a Cloud
// Optimized GeoTIFF in EPSG:3857, made by the plans capability under <files>/plans/<id>/)
// copied into the package as a GeoPackage tile pyramid in the GoogleMapsCompatible tiling,
// so that its tiles are the map's z/x/y and the field app serves them as they are. An
// overview, not the plan's full resolution: at most z19 (about 0.2 m a pixel in France),
// six zoom levels below it, PNG where a tile has transparency and JPEG elsewhere.
export const PLAN_MAX_ZOOM = 19;
const LEVELS_BELOW = 6;
const WEB_MERCATOR_Z0 = 156543.03392804097; // metres per pixel of a 256 px tile at zoom 0

export interface PackagePlan {
  id: string;
  name: string;
  opacity: number;
  cogPath: string;
}

export interface PlanRaster {
  id: string;
  name: string;
  opacity: number;
  table: string;
  minZoom: number;
  maxZoom: number;
}

/** Where the plans capability keeps a plan's warped image (docs/plans.md): <files>/plans/<id>/<cog_path>. */
const cogFile = (filesDir: string, plan: PackagePlan) => join(resolve(filesDir), 'plans', plan.id, plan.cogPath);

/**
 * Overviews down to `levels` zooms below the plan's own, or fewer: GDAL's GeoPackage driver
 * refuses overviews beyond what a small image's tile matrix holds ("Image too small to
 * support overviews" — a tiny plan made the whole package build a 500). Returns the levels made.
 */
async function buildOverviews(target: gdal.Dataset, levels: number): Promise<number> {
  for (let n = levels; n > 0; n--) {
    try {
      await target.buildOverviewsAsync('AVERAGE', Array.from({ length: n }, (_, i) => 2 ** (i + 1)));
      return n;
    } catch (error) {
      if (!/too small/i.test((error as Error).message)) throw error;
    }
  }
  return 0;
}

/** Appends each plan's raster to the (closed) GeoPackage at `path`; plans whose image is missing are left out. */
export async function addPlanRasters(path: string, plans: PackagePlan[], filesDir: string): Promise<PlanRaster[]> {
  const written: PlanRaster[] = [];
  for (const plan of plans) {
    const file = cogFile(filesDir, plan);
    if (!(await access(file).then(() => true, () => false))) continue;
    const source = await gdal.openAsync(file);
    let maxZoom: number;
    try {
      const pixel = Math.abs(source.geoTransform?.[1] ?? 0);
      if (!(pixel > 0)) continue;
      maxZoom = Math.min(PLAN_MAX_ZOOM, Math.max(0, Math.round(Math.log2(WEB_MERCATOR_Z0 / pixel))));
      const table = `plan_${plan.id.replaceAll('-', '')}`;
      const target = await gdal.translateAsync(path, source, [
        '-of', 'GPKG', '-co', 'APPEND_SUBDATASET=YES', '-co', `RASTER_TABLE=${table}`,
        '-co', 'TILING_SCHEME=GoogleMapsCompatible', '-co', `ZOOM_LEVEL=${maxZoom}`, '-co', 'TILE_FORMAT=AUTO',
        '-co', `RASTER_IDENTIFIER=${plan.name.slice(0, 200)}`,
      ]);
      const levels = await buildOverviews(target, Math.min(LEVELS_BELOW, maxZoom));
      target.close();
      written.push({ id: plan.id, name: plan.name, opacity: plan.opacity, table, minZoom: maxZoom - levels, maxZoom });
    } finally {
      source.close();
    }
  }
  return written;
}
