// The live changes channel of the tile-server (GET /events, docs/tiles.md): what a map
// hears after a change has reached the tile cache.

/** The `data` of a `change` event. */
export interface LiveChange {
  plant: string;
  /** The table that changed (modules, tables, strings, inverters, junction_boxes, cables, defects, zones, plants, photos). */
  table: string;
  /** INSERT, UPDATE or DELETE. */
  op: string;
  rows: number;
  /** The tile sources that draw that table: their tiles over `bbox` are new. */
  sources: readonly string[];
  /** EPSG:4326 [west, south, east, north] of the rows before and after the change; null: unknown. */
  bbox: [number, number, number, number] | null;
  /** The plant's low-zoom point (its module counts may have changed), if it has one. */
  point: [number, number] | null;
}

/** The events of the stream: `ready` once, `change` (a LiveChange), `reset` (every tile may have changed), `expired` (the token did; the stream ends). */
export const LIVE_EVENTS = ['ready', 'change', 'reset', 'expired'] as const;
