import type { LayoutModule } from '@calepin/core';
import type { Queryable } from '../db';

/** Live modules of a plant (or of some tables) as numbering and strings see them. */
export async function layoutModules(db: Queryable, plantId: string, srid: number, tableIds?: string[]): Promise<LayoutModule[]> {
  const { rows } = await db.query<{ id: string; table_id: string | null; row_index: number | null; column_index: number | null;
    string_id: string | null; position_in_string: number | null; x: number; y: number }>(
    `select id, table_id, row_index, column_index, string_id, position_in_string, st_x(c) as x, st_y(c) as y
       from (select m.*, st_centroid(st_transform(m.geom, $2::int)) as c from modules m
              where m.plant_id = $1 and m.deleted_at is null and ($3::uuid[] is null or m.table_id = any($3::uuid[]))) s`,
    [plantId, srid, tableIds ?? null],
  );
  return rows.map((r) => ({
    id: r.id, tableId: r.table_id, row: r.row_index, column: r.column_index, center: [r.x, r.y],
    stringId: r.string_id, positionInString: r.position_in_string,
  }));
}
