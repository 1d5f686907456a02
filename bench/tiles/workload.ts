// A user's session on the plant map: at each zoom from 10 to 21, a few screens
// (1280 × 800 px of 512 px tiles: 4 × 3 tiles) each followed by a pan of half a screen,
// at deterministic places over the plant.
import { type TileCoord, latToTileY, lonToTileX } from '@calepin/core';

export type Tile = TileCoord;

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Every tile request of the session, in order, repeats included. */
export function session(bbox: [number, number, number, number], screensPerZoom = 2, seed = 42): Tile[] {
  const random = mulberry32(seed);
  const [west, south, east, north] = bbox;
  const requests: Tile[] = [];
  for (let z = 10; z <= 21; z++) {
    for (let screen = 0; screen < screensPerZoom; screen++) {
      const lon = west + (east - west) * (0.15 + 0.7 * random());
      const lat = south + (north - south) * (0.15 + 0.7 * random());
      for (const shift of [0, 2]) {
        const cx = Math.floor(lonToTileX(lon, z)) + shift;
        const cy = Math.floor(latToTileY(lat, z));
        for (let dy = -1; dy <= 1; dy++) {
          for (let dx = -2; dx <= 1; dx++) {
            const x = cx + dx;
            const y = cy + dy;
            if (x >= 0 && y >= 0 && x < 2 ** z && y < 2 ** z) requests.push({ z, x, y });
          }
        }
      }
    }
  }
  return requests;
}

export function unique(tiles: Tile[]): Tile[] {
  const seen = new Set<string>();
  return tiles.filter((t) => {
    const key = `${t.z}/${t.x}/${t.y}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
