// Web Mercator tile arithmetic (the XYZ scheme of martin, MapLibre and OSM).

export const MAX_ZOOM = 22;
/** The margin around a tile, in tile units of a 4096 extent, that features are drawn into. */
export const TILE_EXTENT = 4096;
export const TILE_BUFFER = 64;

export interface TileCoord {
  z: number;
  x: number;
  y: number;
}

/** z/x/y from URL segments, or null when they are not a tile of this scheme. */
export function parseTile(z: string, x: string, y: string): TileCoord | null {
  if (![z, x, y].every((part) => /^\d{1,8}$/.test(part))) return null;
  const tile = { z: Number(z), x: Number(x), y: Number(y) };
  if (tile.z > MAX_ZOOM) return null;
  const size = 2 ** tile.z;
  return tile.x < size && tile.y < size ? tile : null;
}

const lonToX = (lon: number, z: number) => ((lon + 180) / 360) * 2 ** z;
function latToY(lat: number, z: number): number {
  const clamped = Math.max(-85.0511287798, Math.min(85.0511287798, lat));
  const rad = (clamped * Math.PI) / 180;
  return ((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * 2 ** z;
}

export interface TileRange {
  z: number;
  minX: number;
  maxX: number;
  minY: number;
  maxY: number;
}

/**
 * The tiles of zoom z whose drawn area (tile plus a margin, in tile widths: the buffer by
 * default) meets an EPSG:4326 bounding box [west, south, east, north].
 */
export function tilesCovering(
  bbox: readonly [number, number, number, number],
  z: number,
  margin = TILE_BUFFER / TILE_EXTENT,
): TileRange {
  const [west, south, east, north] = bbox;
  const last = 2 ** z - 1;
  const clamp = (v: number) => Math.max(0, Math.min(last, Math.floor(v)));
  return {
    z,
    minX: clamp(lonToX(west, z) - margin),
    maxX: clamp(lonToX(east, z) + margin),
    minY: clamp(latToY(north, z) - margin),
    maxY: clamp(latToY(south, z) + margin),
  };
}

export const rangeSize = (r: TileRange) => (r.maxX - r.minX + 1) * (r.maxY - r.minY + 1);
export const inRange = (r: TileRange, x: number, y: number) => x >= r.minX && x <= r.maxX && y >= r.minY && y <= r.maxY;

/** The EPSG:4326 bounds [west, south, east, north] of a tile. */
export function tileBounds({ z, x, y }: TileCoord): [number, number, number, number] {
  const n = 2 ** z;
  const lon = (tx: number) => (tx / n) * 360 - 180;
  const lat = (ty: number) => (Math.atan(Math.sinh(Math.PI * (1 - (2 * ty) / n))) * 180) / Math.PI;
  return [lon(x), lat(y + 1), lon(x + 1), lat(y)];
}
