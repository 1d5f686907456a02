// The query martin generates for a table source (martin's src/pg/ query for a table
// with a 4326 geometry and every column published), for each of the map's tables.
// Nothing is generalised, nothing cached, nobody checked: the baseline.
import type pg from 'pg';
import type { Tile } from './workload';

const TABLES: [layer: string, columns: string][] = [
  ['plants', 'id::text as id, name, client_id::text as client_id, peak_kwp::float8 as peak_kwp'],
  ['tables', 'id::text as id, code, plant_id::text as plant_id'],
  ['modules', 'id::text as id, code, status, string_id::text as string_id, table_id::text as table_id, plant_id::text as plant_id, position_in_string, row_index, column_index'],
  ['strings', 'id::text as id, code, inverter_id::text as inverter_id, plant_id::text as plant_id'],
  ['cables', 'id::text as id, code, kind, length_m::float8 as length_m, plant_id::text as plant_id'],
  ['junction_boxes', 'id::text as id, code, plant_id::text as plant_id'],
  ['inverters', 'id::text as id, code, plant_id::text as plant_id'],
  ['defects', 'id::text as id, severity, module_status as status, defect_type, plant_id::text as plant_id'],
];

const geomOf = (layer: string) => (layer === 'plants' ? 'coalesce(boundary, location)' : 'geom');

/** martin's query of each table of `layers`, concatenated into one tile. */
export const naiveSql = (layers: readonly string[]) => TABLES.filter(([layer]) => layers.includes(layer)).map(
  ([layer, columns]) => `coalesce((select st_asmvt(tile, '${layer}', 4096, 'geom') from (
      select st_asmvtgeom(st_transform(${geomOf(layer)}, 3857), st_tileenvelope($1, $2, $3), 4096, 64, true) as geom, ${columns}
        from ${layer}
       where ${geomOf(layer)} && st_transform(st_tileenvelope($1, $2, $3, margin => (64.0 / 4096)), 4326)) as tile), ''::bytea)`,
).join(' || ');

export async function naiveTile(pool: pg.Pool, tile: Tile, layers: readonly string[]): Promise<Buffer> {
  const { rows } = await pool.query<{ mvt: Buffer | null }>({
    name: `naive-${layers.join(',')}`,
    text: `select ${naiveSql(layers)} as mvt`,
    values: [tile.z, tile.x, tile.y],
  });
  return rows[0]?.mvt ?? Buffer.alloc(0);
}
