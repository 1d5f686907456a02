import type pg from 'pg';
import { type Scope, scopeClient } from './scope';
import type { VectorSource } from './sources';

export interface TileJsonRequest {
  sources: readonly VectorSource[];
  ids: string;
  plant: string | null;
  audit: string | null;
  scope: Scope;
  base: string;
  /** The request's query string, kept on the tile URLs (filters, and a ?token= if given). */
  query: string;
}

/** TileJSON 3.0.0 of one vector source or a composite, bounded by the plants the caller may see. */
export async function tileJson(pool: pg.Pool, r: TileJsonRequest) {
  const { rows } = await pool.query<{ west: number | null; south: number; east: number; north: number }>(
    `select st_xmin(e) as west, st_ymin(e) as south, st_xmax(e) as east, st_ymax(e) as north
       from (select st_extent(coalesce(boundary, location)) as e from plants
              where id = any(tile_visible_plants($1::uuid, $2::uuid, $3::boolean))) x`,
    [scopeClient(r.scope), r.plant, r.scope.kind === 'public'],
  );
  const box = rows[0];
  const bounds = box?.west != null ? [box.west, box.south, box.east, box.north] : [-180, -85.0511287798, 180, 85.0511287798];
  const minzoom = Math.min(...r.sources.map((s) => s.minzoom));
  const maxzoom = Math.max(...r.sources.map((s) => s.maxzoom));
  const [west, south, east, north] = bounds as [number, number, number, number];
  return {
    tilejson: '3.0.0',
    name: r.ids,
    description: r.sources.map((s) => s.description).join('; '),
    tiles: [`${r.base}/${r.ids}/{z}/{x}/{y}${r.query}`],
    minzoom,
    maxzoom,
    bounds,
    center: [(west + east) / 2, (south + north) / 2, Math.max(minzoom, Math.min(16, maxzoom))],
    vector_layers: r.sources.map((s) => ({
      id: s.id,
      description: s.description,
      minzoom: s.minzoom,
      maxzoom: s.maxzoom,
      fields: s.fields,
    })),
  };
}
