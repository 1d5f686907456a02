import { describe, expect, test } from 'vitest';
import { type EncodedTile, TileCache } from '../src/cache';
import { tileBounds } from '../src/tile-math';

const tile = (bytes: number): EncodedTile => ({ raw: Buffer.alloc(bytes), gzip: Buffer.alloc(0), etag: 'e' });
const at = (z: number, x: number, y: number, summarisesPlants = false) => ({ z, x, y, summarisesPlants });

describe('tile cache', () => {
  test('keeps within its byte bound, dropping the least recently used first', () => {
    const cache = new TileCache(10_000);
    cache.set('a', tile(3000), at(18, 1, 1));
    cache.set('b', tile(3000), at(18, 1, 2));
    expect(cache.get('a')).toBeDefined(); // a is now more recent than b
    cache.set('c', tile(3000), at(18, 1, 3));
    expect(cache.bytes).toBeLessThanOrEqual(10_000);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBeDefined();
    expect(cache.get('c')).toBeDefined();
  });

  test('a tile larger than the whole cache is not kept', () => {
    const cache = new TileCache(1000);
    cache.set('big', tile(5000), at(10, 0, 0));
    expect(cache.size).toBe(0);
  });

  test('a change evicts the tiles around it at every zoom, and only those', () => {
    const cache = new TileCache(1e9);
    // Around Toulouse at z18, a 3 × 3 block of tiles, plus a far one and lower zooms.
    const [x0, y0] = [131_940, 95_900];
    for (let dx = -1; dx <= 1; dx++) for (let dy = -1; dy <= 1; dy++) cache.set(`m/${dx}/${dy}`, tile(10), at(18, x0 + dx, y0 + dy));
    cache.set('far', tile(10), at(18, x0 + 50, y0));
    cache.set('z10', tile(10), at(10, x0 >> 8, y0 >> 8));
    cache.set('z10-other', tile(10), at(10, (x0 >> 8) + 3, y0 >> 8));
    // A change in the middle of the centre tile.
    const [west, south, east, north] = tileBounds({ z: 18, x: x0, y: y0 });
    const mid: [number, number, number, number] = [(west + east) / 2, (south + north) / 2, (west + east) / 2 + 1e-7, (south + north) / 2 + 1e-7];
    expect(cache.evictArea(mid)).toBe(2);
    expect(cache.get('m/0/0')).toBeUndefined();
    expect(cache.get('z10')).toBeUndefined();
    for (const key of ['m/-1/-1', 'm/1/1', 'm/0/1', 'far', 'z10-other']) expect(cache.get(key), key).toBeDefined();
    // A change on the edge with the east neighbour evicts both.
    const edge: [number, number, number, number] = [east, (south + north) / 2, east, (south + north) / 2];
    expect(cache.evictArea(edge)).toBe(1);
    expect(cache.get('m/1/0')).toBeUndefined();
  });

  test('plant summaries go with a change anywhere in the plant', () => {
    const cache = new TileCache(1e9);
    cache.set('plants', tile(10), at(8, 128, 95, true));
    cache.set('defects', tile(10), at(8, 128, 95));
    const [west, south] = tileBounds({ z: 8, x: 128, y: 95 });
    expect(cache.evictArea([west + 0.1, south + 0.1, west + 0.1, south + 0.1], true)).toBe(1);
    expect(cache.get('defects')).toBeDefined();
  });
});
