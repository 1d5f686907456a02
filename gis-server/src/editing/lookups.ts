// What layout and wiring edits look up before they write: a library model, request
// geometry in the plant's projected CRS, ids that must be the plant's.
import type { Point, PolygonRings } from '@calepin/core';
import type { Queryable } from '../db';
import { badRequest } from '../http/errors';
import { prepareGeometry } from '../geo/request-geometry';

export interface ModelSize {
  id: string;
  widthM: number;
  heightM: number;
}

/** A module model of the library, with its size in metres; 400 naming the field when unknown. */
export async function loadModel(db: Queryable, modelId: string, field: string): Promise<ModelSize> {
  const { rows } = await db.query<ModelSize>(
    'select id, width_mm / 1000.0 as "widthM", height_mm / 1000.0 as "heightM" from module_models where id = $1 and deleted_at is null',
    [modelId],
  );
  if (!rows[0]) throw badRequest('model_unknown', 'e.model_unknown', {}, field);
  return { id: rows[0].id, widthM: Number(rows[0].widthM), heightM: Number(rows[0].heightM) };
}

/** [lon, lat] in the plant's projected CRS. */
export async function toPlantCrs(db: Queryable, srid: number, [lon, lat]: [number, number]): Promise<Point> {
  const { rows } = await db.query<{ x: number; y: number }>(
    'select st_x(p) as x, st_y(p) as y from (select st_transform(st_setsrid(st_makepoint($1, $2), 4326), $3::int) as p) s',
    [lon, lat, srid],
  );
  const r = rows[0] as { x: number; y: number };
  return [r.x, r.y];
}

/** A request polygon (EPSG:4326) checked by PostGIS, as rings in the plant's projected CRS. */
export async function polygonInPlantCrs(db: Queryable, field: string, polygon: object, srid: number): Promise<PolygonRings> {
  const ewkb = await prepareGeometry(db, field, polygon, 4326);
  const { rows } = await db.query<{ json: string }>('select st_asgeojson(st_transform($1::geometry, $2::int), 4) as json', [ewkb, srid]);
  return (JSON.parse((rows[0] as { json: string }).json) as { coordinates: PolygonRings }).coordinates;
}

/** Ids that must all be live rows of the plant in `table` (a fixed name); 400 naming the field otherwise. */
export async function checkIds(
  db: Queryable,
  table: 'modules' | 'tables' | 'strings' | 'inverters' | 'junction_boxes' | 'mppt_inputs' | 'cables',
  plantId: string,
  ids: string[],
  field: string,
): Promise<void> {
  if (!ids.length) return;
  const { rows } = await db.query<{ id: string }>(
    `select u.id from unnest($2::uuid[]) u(id)
      where not exists (select 1 from ${table} t where t.id = u.id and t.plant_id = $1 and t.deleted_at is null)`,
    [plantId, ids],
  );
  if (rows.length) {
    throw badRequest('layout_ids_unknown', 'e.layout_ids_unknown', { count: rows.length, kind: table, id: (rows[0] as { id: string }).id }, field);
  }
}
