// A map's vector source kept true to the database through the live changes.
import type { LiveChange, TileCoord } from '@calepin/core';
import type { Map as MapLibreMap } from 'maplibre-gl';
import type { LiveClient } from './client';
import { touchedTiles, zoomsAround } from './tiles';

/** How long a change is remembered for tiles MapLibre kept out of view (they come back on a pan or zoom). */
const REMEMBER_MS = 5 * 60_000;
const MAX_REMEMBERED = 100;
/** How often, and how long at most, the tiles being fetched again are watched until they are in. */
const SETTLE_EVERY_MS = 50;
const SETTLE_FOR_MS = 60_000;

export interface FollowOptions {
  plant: string;
  /** The map's vector source of the plant's tiles. */
  source: string;
  /** The tile-server sources that vector source draws (a change to another is ignored). */
  drawn: readonly string[];
  onStatus?(connected: boolean): void;
}

/**
 * On a change of the plant to a layer the source draws, the loaded tiles over the change
 * are fetched again (`map.refreshTiles`; the browser revalidates with the tile's ETag, and
 * the tile-server has already evicted what changed). Tiles MapLibre keeps out of view are
 * refetched when the view comes back over them; a `reset` reloads the whole source.
 * Returns the function that stops following.
 */
export function followLiveTiles(map: MapLibreMap, live: LiveClient, options: FollowOptions): () => void {
  const { plant, source } = options;
  const layers = new Set(options.drawn);
  let remembered: { change: LiveChange; at: number }[] = [];
  let stopped = false;
  let settling: ReturnType<typeof setTimeout> | undefined;
  /**
   * MapLibre fires no event when a tile fetched again comes back unchanged (the tile-server
   * answers 304 to its ETag): when it was the last tile loading, no frame runs after it and
   * the map never fires `idle` (nor does anything waiting for it, like the second refresh
   * below) until the next pan or zoom. Watch the tiles until they are in, then draw a frame.
   */
  const settle = () => {
    clearTimeout(settling);
    const until = Date.now() + SETTLE_FOR_MS;
    const check = () => {
      if (stopped) return;
      if (map.areTilesLoaded()) map.triggerRepaint();
      else if (Date.now() < until) settling = setTimeout(check, SETTLE_EVERY_MS);
    };
    settling = setTimeout(check, SETTLE_EVERY_MS);
  };
  const reloadAll = () => {
    remembered = [];
    if (stopped || !map.getSource(source)) return;
    map.refreshTiles(source);
    settle();
  };
  /** Refetches the loaded tiles that meet these changes; false when the whole source had to be reloaded. */
  const refresh = (changes: readonly LiveChange[]): boolean => {
    if (stopped || !map.getSource(source)) return true;
    const bounds = map.getBounds();
    const view = [bounds.getWest(), bounds.getSouth(), bounds.getEast(), bounds.getNorth()] as const;
    const maxzoom = (map.getSource(source) as { maxzoom?: number }).maxzoom ?? 22;
    const zooms = zoomsAround(map.getZoom(), maxzoom);
    const ids = new Map<string, TileCoord>();
    for (const change of changes) {
      const tiles = touchedTiles(change, view, zooms);
      if (tiles === 'all') {
        reloadAll();
        return false;
      }
      for (const tile of tiles) ids.set(`${tile.z}/${tile.x}/${tile.y}`, tile);
    }
    if (ids.size > 0) {
      map.refreshTiles(source, [...ids.values()]);
      settle();
    }
    return true;
  };
  const stop = live.listen(plant, {
    change(change) {
      if (!change.sources.some((s) => layers.has(s))) return;
      // A tile still loading is not refetched by MapLibre, and may have been read before the
      // eviction: once the map is idle, the change is applied again.
      if (!map.areTilesLoaded()) map.once('idle', () => refresh([change]));
      if (!refresh([change])) return;
      remembered.push({ change, at: Date.now() });
      if (remembered.length > MAX_REMEMBERED) reloadAll();
    },
    reset: reloadAll,
    status: options.onStatus,
  });
  const onMoveEnd = () => {
    const now = Date.now();
    remembered = remembered.filter((r) => now - r.at < REMEMBER_MS);
    if (remembered.length > 0) refresh(remembered.map((r) => r.change));
  };
  map.on('moveend', onMoveEnd);
  return () => {
    stopped = true;
    clearTimeout(settling);
    stop();
    map.off('moveend', onMoveEnd);
  };
}
