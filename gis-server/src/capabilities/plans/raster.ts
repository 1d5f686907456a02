// Raster plans through GDAL: pages, size, embedded georeferencing, page images.
import { randomUUID } from 'node:crypto';
import { rename, rm } from 'node:fs/promises';
import gdal from 'gdal-async';
import type { GeoTransform } from './worldfile';

/** PDF pages are rendered at this resolution: it defines the pixel space of PDF plans. */
export const PDF_DPI = 150;
/** Longest side of the page image the editor asks for by default (GET /image). */
export const DEFAULT_IMAGE_SIZE = 4096;
gdal.config.set('GDAL_PDF_DPI', String(PDF_DPI));

export interface RasterInfo {
  pageCount: number;
  width: number;
  height: number;
  /** Georeferencing carried by the file itself (GeoTIFF tags, GeoPDF). */
  embedded: { srid: number; geoTransform: GeoTransform } | null;
}

/** GDAL's name of a page: PDF pages are subdatasets PDF:<n>:<path>. */
export function pageSource(path: string, isPdf: boolean, page: number, pageCount: number): string {
  return isPdf && pageCount > 1 ? `PDF:${page}:${path}` : path;
}

export function pdfPageCount(ds: gdal.Dataset): number {
  const subs = ds.getMetadata('SUBDATASETS') as Record<string, string>;
  const pages = Object.keys(subs).filter((k) => /^SUBDATASET_\d+_NAME$/.test(k)).length;
  return Math.max(1, pages);
}

/** The EPSG code of a dataset's CRS, or null. */
export function epsgOf(srs: gdal.SpatialReference | null): number | null {
  if (!srs) return null;
  try {
    srs.autoIdentifyEPSG();
  } catch {
    // not identifiable by the heuristics: try the authority code as written
  }
  const code = srs.getAuthorityCode(srs.isProjected() ? 'PROJCS' : 'GEOGCS') ?? srs.getAuthorityCode(null);
  return code ? Number(code) : null;
}

export async function inspectRaster(path: string, isPdf: boolean, page: number): Promise<RasterInfo> {
  const top = await gdal.openAsync(path);
  try {
    const pageCount = isPdf ? pdfPageCount(top) : 1;
    const ds = isPdf && pageCount > 1 ? await gdal.openAsync(pageSource(path, true, Math.min(page, pageCount), pageCount)) : top;
    try {
      const gt = ds.geoTransform as GeoTransform | null;
      const srid = epsgOf(ds.srs);
      const identity = !gt || (gt[0] === 0 && gt[1] === 1 && gt[2] === 0 && gt[3] === 0 && gt[4] === 0 && gt[5] === 1);
      return {
        pageCount,
        width: ds.rasterSize.x,
        height: ds.rasterSize.y,
        embedded: gt && !identity && srid ? { srid, geoTransform: gt } : null,
      };
    } finally {
      if (ds !== top) ds.close();
    }
  } finally {
    top.close();
  }
}

/** A PNG of a page, downscaled to at most `maxSize` pixels on its longest side. */
export async function renderPage(source: string, target: string, maxSize: number): Promise<{ width: number; height: number }> {
  const ds = await gdal.openAsync(source);
  try {
    const { x, y } = ds.rasterSize;
    const scale = Math.min(1, maxSize / Math.max(x, y));
    const width = Math.max(1, Math.round(x * scale));
    const height = Math.max(1, Math.round(y * scale));
    const expand = ds.bands.get(1).colorTable ? ['-expand', 'rgba'] : [];
    // Written aside then renamed: a request never streams a half-written image.
    const partial = `${target}.${randomUUID()}.png`;
    const out = await gdal.translateAsync(partial, ds, ['-of', 'PNG', '-outsize', String(width), String(height), '-r', 'average', ...expand]);
    out.close();
    await rename(partial, target);
    await rm(`${partial}.aux.xml`, { force: true });
    return { width, height };
  } finally {
    ds.close();
  }
}
