import { useEffect } from 'react';
import type { LiveChange } from '@calepin/core';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { listenToPlant } from './stream';
import { type TileId, touchedTiles, zoomsAround } from './tiles';

/** How long a change is remembered for tiles MapLibre kept out of view (they come back on a pan or zoom). */
const REMEMBER_MS = 5 * 60_000;
const MAX_REMEMBERED = 100;

/**
 * Keeps a vector source of the map true to the database: on a change of the plant to a
 * layer the source draws, the loaded tiles over the change are fetched again
 * (`map.refreshTiles`; the browser revalidates with the tile's ETag, and the tile-server
 * has already evicted what changed). Tiles MapLibre keeps out of view are refetched when
 * the view comes back over them; a `reset` reloads the whole source.
 */
export function useLiveTiles(
  map: MapLibreMap | null,
  plant: string,
  source: string,
  drawn: readonly string[],
  onStatus?: (connected: boolean) => void,
): void {
  const drawnKey = drawn.join(',');
  useEffect(() => {
    if (!map) return undefined;
    const layers = new Set(drawnKey.split(','));
    let remembered: { change: LiveChange; at: number }[] = [];
    let stopped = false;
    const reloadAll = () => {
      remembered = [];
      if (!stopped && map.getSource(source)) map.refreshTiles(source);
    };
    /** Refetches the loaded tiles that meet these changes; false when the whole source had to be reloaded. */
    const refresh = (changes: readonly LiveChange[]): boolean => {
      if (stopped || !map.getSource(source)) return true;
      const bounds = map.getBounds();
      const view: [number, number, number, number] = [bounds.getWest(), bounds.getSouth(), bounds.getEast(), bounds.getNorth()];
      const maxzoom = (map.getSource(source) as { maxzoom?: number }).maxzoom ?? 22;
      const zooms = zoomsAround(map.getZoom(), maxzoom);
      const ids = new Map<string, TileId>();
      for (const change of changes) {
        const tiles = touchedTiles(change, view, zooms);
        if (tiles === 'all') {
          reloadAll();
          return false;
        }
        for (const tile of tiles) ids.set(`${tile.z}/${tile.x}/${tile.y}`, tile);
      }
      if (ids.size > 0) map.refreshTiles(source, [...ids.values()]);
      return true;
    };
    const stop = listenToPlant(plant, {
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
      status: onStatus,
    });
    const onMoveEnd = () => {
      const now = Date.now();
      remembered = remembered.filter((r) => now - r.at < REMEMBER_MS);
      if (remembered.length > 0) refresh(remembered.map((r) => r.change));
    };
    map.on('moveend', onMoveEnd);
    return () => {
      stopped = true;
      stop();
      map.off('moveend', onMoveEnd);
    };
  }, [map, plant, source, drawnKey, onStatus]);
}
