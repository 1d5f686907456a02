import type { LiveChange } from '@calepin/core';

type Box = [number, number, number, number];
export interface TileId { z: number; x: number; y: number }

/** Beyond this many tiles, the whole source is reloaded instead. */
const MAX_TILES = 256;
/** Margin around a change, in tiles: what a neighbour tile draws in its buffer. */
const MARGIN = 0.125;

const tileX = (lon: number, n: number) => ((lon + 180) / 360) * n;
const tileY = (lat: number, n: number) => {
  const rad = (Math.max(-85.05, Math.min(85.05, lat)) * Math.PI) / 180;
  return ((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n;
};

/**
 * The tiles to fetch again after a change: those of zooms `zooms` that meet the changed
 * box (plus a margin) or the plant's point, within the view (plus a tile). `[]` when the
 * change is out of sight, `'all'` when it is unknown or too large to list.
 */
export function touchedTiles(change: Pick<LiveChange, 'bbox' | 'point'>, view: Box, zooms: readonly number[]): TileId[] | 'all' {
  if (!change.bbox) return 'all';
  const boxes: Box[] = [change.bbox];
  if (change.point) boxes.push([change.point[0], change.point[1], change.point[0], change.point[1]]);
  const out = new Map<string, TileId>();
  for (const z of zooms) {
    const n = 2 ** z;
    const clamp = (v: number) => Math.max(0, Math.min(n - 1, v));
    const viewMinX = Math.floor(tileX(view[0], n)) - 1;
    const viewMaxX = Math.floor(tileX(view[2], n)) + 1;
    const viewMinY = Math.floor(tileY(view[3], n)) - 1;
    const viewMaxY = Math.floor(tileY(view[1], n)) + 1;
    for (const [w, s, e, north] of boxes) {
      const minX = Math.max(viewMinX, clamp(Math.floor(tileX(w, n) - MARGIN)));
      const maxX = Math.min(viewMaxX, clamp(Math.floor(tileX(e, n) + MARGIN)));
      const minY = Math.max(viewMinY, clamp(Math.floor(tileY(north, n) - MARGIN)));
      const maxY = Math.min(viewMaxY, clamp(Math.floor(tileY(s, n) + MARGIN)));
      if (minX > maxX || minY > maxY) continue;
      if ((maxX - minX + 1) * (maxY - minY + 1) > MAX_TILES) return 'all';
      for (let x = minX; x <= maxX; x++) {
        for (let y = minY; y <= maxY; y++) out.set(`${z}/${x}/${y}`, { z, x, y });
      }
      if (out.size > MAX_TILES) return 'all';
    }
  }
  return [...out.values()];
}

/** The zooms whose tiles a vector source (512 px tiles, up to `maxzoom`) may be showing at a map zoom: the ideal one and its neighbours. */
export function zoomsAround(mapZoom: number, maxzoom: number): number[] {
  const ideal = Math.min(maxzoom, Math.max(0, Math.floor(mapZoom)));
  return [ideal - 1, ideal, ideal + 1].filter((z) => z >= 0 && z <= maxzoom);
}
