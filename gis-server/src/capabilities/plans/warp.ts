// Warps a plan page into a Cloud Optimized GeoTIFF in EPSG:3857 (what tiles are cut from).
import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import gdal from 'gdal-async';
import { mercatorToLonLat as toLonLat } from '@calepin/core';
import type { GeoTransform } from './worldfile';

export type WarpGeoref =
  | { kind: 'geotransform'; srid: number; geoTransform: GeoTransform }
  | { kind: 'gcps'; srid: number; order: 2 | 3 | 'tps'; points: { pixel: readonly [number, number]; target: readonly [number, number] }[] };


/** Control points that reproduce a geotransform exactly with a first-order fit. */
function cornerGcps(gt: GeoTransform, width: number, height: number) {
  return [[0, 0], [width, 0], [0, height], [width, height], [width / 2, height / 2]].map(([x, y]) => ({
    pixel: [x!, y!] as const,
    target: [gt[0] + gt[1] * x! + gt[2] * y!, gt[3] + gt[4] * x! + gt[5] * y!] as const,
  }));
}

export interface WarpResult {
  /** The new COG, under a name of its own: the caller moves it into place (two warps of a plan may overlap). */
  cogPath: string;
  /** minLon, minLat, maxLon, maxLat */
  bounds: [number, number, number, number];
}

export async function warpToCog(
  source: string,
  dir: string,
  georef: WarpGeoref,
  progress: (fraction: number) => void,
  options: { renderFirst?: boolean } = {},
): Promise<WarpResult> {
  // Every file of this warp has a name of its own: another warp of the same plan may run at
  // the same time (a newer georeferencing sent while this one runs), in this server or another.
  const tag = randomUUID();
  // The page is copied once into a tiled GeoTIFF: the warp reads its source in many
  // windows, and PNG, JPEG and PDF would decode or render from the start for each of them.
  const pagePath = join(dir, `page-${tag}.tif`);
  if (options.renderFirst) {
    const page = await gdal.openAsync(source);
    (await gdal.translateAsync(pagePath, page, ['-of', 'GTiff', '-co', 'TILED=YES', '-co', 'COMPRESS=LZW'])).close();
    page.close();
  }
  const src = await gdal.openAsync(options.renderFirst ? pagePath : source);
  const vrtPath = join(dir, `georef-${tag}.vrt`);
  const cogPath = join(dir, `warp-${tag}.cog.tif`);
  let done = false;
  try {
    const { x: width, y: height } = src.rasterSize;
    const points = georef.kind === 'geotransform' ? cornerGcps(georef.geoTransform, width, height) : georef.points;
    const gcpArgs = points.flatMap((p) => ['-gcp', ...[p.pixel[0], p.pixel[1], p.target[0], p.target[1]].map(String)]);
    const expand = src.bands.get(1).colorTable ? ['-expand', 'rgba'] : [];
    const vrt = await gdal.translateAsync(vrtPath, src, ['-of', 'VRT', ...expand, '-a_srs', `EPSG:${georef.srid}`, ...gcpArgs]);
    // SRC_METHOD: the GCPs, never a geotransform the source may also carry (a GeoTIFF, a rendered drawing).
    const order =
      georef.kind === 'geotransform' ? ['-order', '1', '-to', 'SRC_METHOD=GCP_POLYNOMIAL']
      : georef.order === 'tps' ? ['-tps', '-to', 'SRC_METHOD=GCP_TPS']
      : ['-order', String(georef.order), '-to', 'SRC_METHOD=GCP_POLYNOMIAL'];
    const out = await gdal.warpAsync(
      cogPath,
      null,
      [vrt],
      ['-of', 'COG', '-t_srs', 'EPSG:3857', '-r', 'bilinear', '-dstalpha', ...order,
       '-co', 'COMPRESS=DEFLATE', '-co', 'BLOCKSIZE=256', '-co', 'OVERVIEW_RESAMPLING=AVERAGE', '-co', 'NUM_THREADS=1',
       '-wm', '256'],
      { progress_cb: (complete: number) => progress(complete) },
    );
    const gt = out.geoTransform as GeoTransform;
    const { x, y } = out.rasterSize;
    out.close();
    vrt.close();
    const [minLon, maxLat] = toLonLat(gt[0], gt[3]);
    const [maxLon, minLat] = toLonLat(gt[0] + gt[1] * x, gt[3] + gt[5] * y);
    done = true;
    return { cogPath, bounds: [minLon, minLat, maxLon, maxLat] };
  } finally {
    src.close();
    if (!done) await rm(cogPath, { force: true });
    await rm(vrtPath, { force: true });
    await rm(pagePath, { force: true });
  }
}
