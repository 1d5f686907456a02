// How big a raster plan may be, and what happens when drawing one fails.
import { DEFAULT_PLAN_MAX_MEGAPIXELS } from '@calepin/core';
import type { Config } from '../../config';
import { ApiError } from '../../http/errors';

// GDAL's block cache is bounded by runtime.ts (GDAL_CACHEMAX, 256 MB): GDAL's default, 5 % of
// the machine's memory, is kept once filled (gis-server stayed at 1.77 GB after a 30,000 ×
// 30,000 px PNG).
export const maxPixels = (config: Config) => config.planMaxPixels ?? DEFAULT_PLAN_MAX_MEGAPIXELS * 1e6;

/**
 * The refusal of a page above the pixel limit (docs/plans.md, *Limits*), or null. 413 at
 * upload; 422 for a plan already stored (uploaded before the limit, or a PDF page chosen later).
 */
export function tooManyPixels(width: number, height: number, config: Config, status: 413 | 422, field: string | null): ApiError | null {
  const max = maxPixels(config);
  if (width * height <= max) return null;
  return new ApiError(status, 'plan_too_large', {
    key: 'e.plan_too_large',
    params: { width, height, megapixels: Math.round((width * height) / 1e6), max: Math.round(max / 1e6) },
    field,
  });
}

/** What drawing a page may throw, said to the caller: GDAL could not read the plan's pixels (422). */
export async function drawing<T>(draw: () => Promise<T>, failure: { detail?: string } | null): Promise<T> {
  try {
    return await draw();
  } catch (error) {
    if (error instanceof ApiError) throw error;
    const detail = failure?.detail ?? (error instanceof Error ? error.message : String(error));
    throw new ApiError(422, 'plan_page_unreadable', { key: 'e.plan_page_unreadable', params: { detail: detail.slice(0, 300) } });
  }
}
