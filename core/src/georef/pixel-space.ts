// A plan's pixel space laid on the Web Mercator square, so that MapLibre can pan, zoom and
// drag markers on an un-georeferenced plan as if it were a map (web/src/plans/georef), and
// so that the server can cut that plan into tiles of the same grid (GET /plans/{id}/pixel-tiles).
// Pixel (x, y) — GDAL's convention, (0, 0) the top-left corner, y down — maps linearly to
// the normalised Mercator square (x, y in [0, 1], y down as well); the plan's longest side
// spans PIXEL_SPACE_SPAN of the square, centred, so it fits any pane.

export const PIXEL_SPACE_SPAN = 0.25;

export interface PixelSpaceFrame {
  /** Normalised Mercator units per plan pixel. */
  scale: number;
  /** Where pixel (0, 0) lies on the normalised square. */
  x0: number;
  y0: number;
}

export function pixelSpaceFrame(width: number, height: number): PixelSpaceFrame {
  const scale = PIXEL_SPACE_SPAN / Math.max(width, height);
  return { scale, x0: 0.5 - (width * scale) / 2, y0: 0.5 - (height * scale) / 2 };
}

/** The part of a plan a tile shows: plan pixels [left, right) × [top, bottom), and where they go in the tile. */
export interface PixelTileWindow {
  /** The window in plan pixels (integers, clipped to the plan). */
  x: number;
  y: number;
  width: number;
  height: number;
  /** Where that window is drawn in the tile, in tile pixels. */
  tileX: number;
  tileY: number;
  tileWidth: number;
  tileHeight: number;
}

/**
 * The window of plan pixels that tile z/x/y (of `size` pixels) covers, or null when the
 * tile misses the plan.
 */
export function pixelTileWindow(
  plan: { width: number; height: number },
  tile: { z: number; x: number; y: number },
  size = 256,
): PixelTileWindow | null {
  const { scale, x0, y0 } = pixelSpaceFrame(plan.width, plan.height);
  const n = 2 ** tile.z;
  // The tile's edges in plan pixels (fractional).
  const c0 = (tile.x / n - x0) / scale;
  const c1 = ((tile.x + 1) / n - x0) / scale;
  const r0 = (tile.y / n - y0) / scale;
  const r1 = ((tile.y + 1) / n - y0) / scale;
  const left = Math.max(0, Math.floor(c0));
  const right = Math.min(plan.width, Math.ceil(c1));
  const top = Math.max(0, Math.floor(r0));
  const bottom = Math.min(plan.height, Math.ceil(r1));
  if (right <= left || bottom <= top) return null;
  const perPixel = size / (c1 - c0);
  const tileX = Math.max(0, Math.round((left - c0) * perPixel));
  const tileY = Math.max(0, Math.round((top - r0) * perPixel));
  const tileRight = Math.min(size, Math.round((right - c0) * perPixel));
  const tileBottom = Math.min(size, Math.round((bottom - r0) * perPixel));
  return {
    x: left,
    y: top,
    width: right - left,
    height: bottom - top,
    tileX,
    tileY,
    tileWidth: Math.max(1, tileRight - tileX),
    tileHeight: Math.max(1, tileBottom - tileY),
  };
}

/** The zoom at which one tile pixel is one plan pixel (tiles of `size` pixels): deeper zooms only enlarge. */
export function pixelSpaceNativeZoom(plan: { width: number; height: number }, size = 256): number {
  return Math.max(0, Math.ceil(Math.log2(Math.max(plan.width, plan.height) / (PIXEL_SPACE_SPAN * size))));
}
