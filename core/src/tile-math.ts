// Web Mercator tile arithmetic (the XYZ scheme of martin, MapLibre and OSM), written once:
// the tile-server cuts and evicts tiles with it, the map kit refetches them, and the tests
// and benchmarks ask for them.

/** Half the side of the Web Mercator square, in metres (π × the WGS 84 semi-major axis). */
export const MERCATOR_HALF = Math.PI * 6378137;
/** The latitude where the Web Mercator square ends, north and south. */
export const MERCATOR_MAX_LAT = 85.0511287798;

export interface TileCoord {
  z: number;
  x: number;
  y: number;
}

export type LonLatBox = readonly [west: number, south: number, east: number, north: number];

/** The tile column of a longitude at zoom z, with its fraction (floor it for the tile). */
export const lonToTileX = (lon: number, z: number): number => ((lon + 180) / 360) * 2 ** z;

/** The tile row of a latitude at zoom z, with its fraction; latitudes past the square are clamped to its edge. */
export function latToTileY(lat: number, z: number): number {
  const clamped = Math.max(-MERCATOR_MAX_LAT, Math.min(MERCATOR_MAX_LAT, lat));
  const rad = (clamped * Math.PI) / 180;
  return ((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * 2 ** z;
}

export const tileXToLon = (x: number, z: number): number => (x / 2 ** z) * 360 - 180;
export const tileYToLat = (y: number, z: number): number =>
  (Math.atan(Math.sinh(Math.PI * (1 - (2 * y) / 2 ** z))) * 180) / Math.PI;

/** The tile of zoom z that holds a point. */
export const tileAt = (lon: number, lat: number, z: number): TileCoord => ({
  z,
  x: Math.floor(lonToTileX(lon, z)),
  y: Math.floor(latToTileY(lat, z)),
});

/** The EPSG:4326 bounds [west, south, east, north] of a tile. */
export function tileBounds({ z, x, y }: TileCoord): [number, number, number, number] {
  return [tileXToLon(x, z), tileYToLat(y + 1, z), tileXToLon(x + 1, z), tileYToLat(y, z)];
}

/** The EPSG:3857 bounds [minX, minY, maxX, maxY] of a tile, in metres. */
export function tileMercatorBounds({ z, x, y }: TileCoord): [number, number, number, number] {
  const size = (2 * MERCATOR_HALF) / 2 ** z;
  return [-MERCATOR_HALF + x * size, MERCATOR_HALF - (y + 1) * size, -MERCATOR_HALF + (x + 1) * size, MERCATOR_HALF - y * size];
}

/** EPSG:3857 metres → [lon, lat]. */
export function mercatorToLonLat(x: number, y: number): [number, number] {
  const r = MERCATOR_HALF / Math.PI;
  return [(x / r) * (180 / Math.PI), (2 * Math.atan(Math.exp(y / r)) - Math.PI / 2) * (180 / Math.PI)];
}

export interface TileRange {
  z: number;
  minX: number;
  maxX: number;
  minY: number;
  maxY: number;
}

/**
 * The tiles of zoom z that meet an EPSG:4326 box [west, south, east, north] grown by a
 * margin in tile widths (what a neighbour draws into its buffer), clamped to the world.
 */
export function tilesCovering(bbox: LonLatBox, z: number, margin = 0): TileRange {
  const [west, south, east, north] = bbox;
  const last = 2 ** z - 1;
  const clamp = (v: number) => Math.max(0, Math.min(last, Math.floor(v)));
  return {
    z,
    minX: clamp(lonToTileX(west, z) - margin),
    maxX: clamp(lonToTileX(east, z) + margin),
    minY: clamp(latToTileY(north, z) - margin),
    maxY: clamp(latToTileY(south, z) + margin),
  };
}

export const rangeSize = (r: TileRange): number => (r.maxX - r.minX + 1) * (r.maxY - r.minY + 1);
export const inRange = (r: TileRange, x: number, y: number): boolean => x >= r.minX && x <= r.maxX && y >= r.minY && y <= r.maxY;
