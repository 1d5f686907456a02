import { TILE_BUFFER, TILE_EXTENT, type TileRange, inRange, rangeSize, tilesCovering } from './tile-math';

/**
 * How far around a change tiles go, in tile widths: the drawing buffer, plus one cell
 * of the defect clusters (whose mean point can sit that far from a changed defect).
 */
const EVICTION_MARGIN = TILE_BUFFER / TILE_EXTENT + 1 / 32;

/** An encoded tile as served: the bytes, their gzip, and the ETag of both. */
export interface EncodedTile {
  raw: Buffer;
  gzip: Buffer;
  etag: string;
}

interface Entry {
  key: string;
  tile: EncodedTile;
  z: number;
  x: number;
  y: number;
  summarisesPlants: boolean;
  bytes: number;
}

/** Fixed cost of an entry besides its bytes (key, maps, objects), for the size bound. */
const ENTRY_OVERHEAD = 400;

/**
 * The encoded-tile cache: least recently used out first, bounded in bytes, and indexed
 * by zoom and tile so that a change evicts the tiles it touches and nothing else.
 * Keys carry the caller's visibility scope: a client user never gets a tile cached
 * for staff.
 */
export class TileCache {
  private readonly entries = new Map<string, Entry>();
  /** zoom → "x/y" → keys cached for that tile (any source, filter or scope). */
  private readonly byTile = new Map<number, Map<string, Set<string>>>();
  private usedBytes = 0;
  /** Bumped by every eviction: a render that started before one must not be cached. */
  generation = 0;
  hits = 0;
  misses = 0;

  constructor(private readonly maxBytes: number) {}

  get size(): number {
    return this.entries.size;
  }

  get bytes(): number {
    return this.usedBytes;
  }

  get(key: string): EncodedTile | undefined {
    const entry = this.entries.get(key);
    if (!entry) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.tile;
  }

  set(key: string, tile: EncodedTile, where: { z: number; x: number; y: number; summarisesPlants: boolean }): void {
    const bytes = tile.raw.length + tile.gzip.length + key.length * 2 + ENTRY_OVERHEAD;
    if (bytes > this.maxBytes) return;
    this.remove(key);
    const entry: Entry = { key, tile, bytes, ...where };
    this.entries.set(key, entry);
    this.usedBytes += bytes;
    this.tileKeys(where.z, `${where.x}/${where.y}`, true)?.add(key);
    for (const oldest of this.entries.values()) {
      if (this.usedBytes <= this.maxBytes) break;
      this.remove(oldest.key);
    }
  }

  /**
   * Evicts the cached tiles whose drawn area meets an EPSG:4326 bounding box; only those
   * that summarise plants when `summariesOnly`. Returns how many went.
   */
  evictArea(bbox: readonly [number, number, number, number], summariesOnly = false): number {
    this.generation++;
    let evicted = 0;
    for (const [z, tiles] of this.byTile) {
      const range = tilesCovering(bbox, z, EVICTION_MARGIN);
      for (const keys of this.keysIn(range, tiles)) {
        for (const key of [...keys]) {
          const entry = this.entries.get(key);
          if (entry && (!summariesOnly || entry.summarisesPlants)) {
            this.remove(key);
            evicted++;
          }
        }
      }
    }
    return evicted;
  }

  /** Evicts every tile whose key starts with `prefix` (a plan's tiles: `plans/<id>/`). */
  evictPrefix(prefix: string): number {
    this.generation++;
    let evicted = 0;
    for (const key of [...this.entries.keys()]) {
      if (!key.startsWith(prefix)) continue;
      this.remove(key);
      evicted++;
    }
    return evicted;
  }

  clear(): void {
    this.generation++;
    this.entries.clear();
    this.byTile.clear();
    this.usedBytes = 0;
  }

  /** The key sets of the cached tiles in a range: walk the range or the cache, whichever is smaller. */
  private *keysIn(range: TileRange, tiles: Map<string, Set<string>>): Iterable<Set<string>> {
    if (rangeSize(range) <= tiles.size) {
      for (let x = range.minX; x <= range.maxX; x++) {
        for (let y = range.minY; y <= range.maxY; y++) {
          const keys = tiles.get(`${x}/${y}`);
          if (keys) yield keys;
        }
      }
      return;
    }
    for (const [xy, keys] of tiles) {
      const [x, y] = xy.split('/').map(Number) as [number, number];
      if (inRange(range, x, y)) yield keys;
    }
  }

  private tileKeys(z: number, xy: string, create: boolean): Set<string> | undefined {
    let tiles = this.byTile.get(z);
    if (!tiles) {
      if (!create) return undefined;
      tiles = new Map();
      this.byTile.set(z, tiles);
    }
    let keys = tiles.get(xy);
    if (!keys && create) {
      keys = new Set();
      tiles.set(xy, keys);
    }
    return keys;
  }

  private remove(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.usedBytes -= entry.bytes;
    const tiles = this.byTile.get(entry.z);
    const xy = `${entry.x}/${entry.y}`;
    const keys = tiles?.get(xy);
    keys?.delete(key);
    if (keys && keys.size === 0) tiles?.delete(xy);
    if (tiles && tiles.size === 0) this.byTile.delete(entry.z);
  }
}
