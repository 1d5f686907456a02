// The tile-server's side of the tile scheme: which z/x/y a URL may name, and how far around
// a tile its features are drawn. The arithmetic itself is core's (`core/src/tile-math.ts`).
import { type LonLatBox, type TileCoord, type TileRange, tilesCovering as covering } from '@calepin/core';

export { type TileCoord, type TileRange, inRange, rangeSize, tileBounds } from '@calepin/core';

export const MAX_ZOOM = 22;
/** The margin around a tile, in tile units of a 4096 extent, that features are drawn into. */
export const TILE_EXTENT = 4096;
export const TILE_BUFFER = 64;

/** z/x/y from URL segments, or null when they are not a tile of this scheme. */
export function parseTile(z: string, x: string, y: string): TileCoord | null {
  if (![z, x, y].every((part) => /^\d{1,8}$/.test(part))) return null;
  const tile = { z: Number(z), x: Number(x), y: Number(y) };
  if (tile.z > MAX_ZOOM) return null;
  const size = 2 ** tile.z;
  return tile.x < size && tile.y < size ? tile : null;
}

/**
 * The tiles of zoom z whose drawn area (tile plus a margin, in tile widths: the buffer by
 * default) meets an EPSG:4326 bounding box [west, south, east, north].
 */
export function tilesCovering(bbox: LonLatBox, z: number, margin = TILE_BUFFER / TILE_EXTENT): TileRange {
  return covering(bbox, z, margin);
}
