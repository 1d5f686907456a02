// The device's own edits (and pulled pages) as "live changes" for the offline map: the map
// kit's followLiveTiles, which keeps the office map true to the tile-server's events, keeps
// this map true to the store the same way — the touched tiles rebuilt in place, those out
// of view caught up when the view comes back.
import type { LiveChange } from '@calepin/core';
import type { LiveClient, LiveListener } from '@calepin/map-kit';

export class LocalChanges implements LiveClient {
  private readonly listeners = new Set<LiveListener>();

  listen(_plant: string, listener: LiveListener): () => void {
    this.listeners.add(listener);
    listener.status?.(true);
    return () => this.listeners.delete(listener);
  }

  /** Rows changed inside `bbox` (null: anywhere: every tile is rebuilt). */
  changed(plant: string, table: string, bbox: LiveChange['bbox'], point: LiveChange['point']): void {
    const change: LiveChange = { plant, table, op: 'UPDATE', rows: 1, sources: ['modules', 'defects', 'plants', 'tables'], bbox, point };
    for (const l of this.listeners) l.change?.(change);
  }
}
