// Which loaded tiles a map fetches again after a live change.
import { type LiveChange, type LonLatBox, type TileCoord, tilesCovering } from '@calepin/core';

/** Beyond this many tiles, the whole source is reloaded instead. */
const MAX_TILES = 256;
/** Margin around a change, in tiles: what a neighbour tile draws in its buffer. */
const MARGIN = 0.125;

/**
 * The tiles to fetch again after a change: those of zooms `zooms` that meet the changed
 * box (plus a margin) or the plant's point, within the view (plus a tile). `[]` when the
 * change is out of sight, `'all'` when it is unknown or too large to list.
 */
export function touchedTiles(change: Pick<LiveChange, 'bbox' | 'point'>, view: LonLatBox, zooms: readonly number[]): TileCoord[] | 'all' {
  if (!change.bbox) return 'all';
  const boxes: LonLatBox[] = [change.bbox];
  if (change.point) boxes.push([change.point[0], change.point[1], change.point[0], change.point[1]]);
  const out = new Map<string, TileCoord>();
  for (const z of zooms) {
    const seen = tilesCovering(view, z);
    for (const box of boxes) {
      const changed = tilesCovering(box, z, MARGIN);
      const minX = Math.max(seen.minX - 1, changed.minX);
      const maxX = Math.min(seen.maxX + 1, changed.maxX);
      const minY = Math.max(seen.minY - 1, changed.minY);
      const maxY = Math.min(seen.maxY + 1, changed.maxY);
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
