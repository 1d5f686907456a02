// What layout and wiring edits look up before they write: a library model, request
// geometry in the plant's projected CRS, ids that must be the plant's, geometry that must
// lie near the plant.
import { MAX_LAYOUT_DISTANCE_KM, type Point, type PolygonRings } from '@calepin/core';
import { type Queryable, sqlFile } from '../db';
import { badRequest } from '../http/errors';
import { prepareGeometry } from '../geo/request-geometry';

const farFromPlantSql = sqlFile(import.meta.url, 'far-from-plant.sql');

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

/**
 * 400 naming `field` when a geometry (EWKB or EWKT, any SRID) lies farther than
 * MAX_LAYOUT_DISTANCE_KM from the plant: layout 8,000 km from its plant was accepted.
 */
export async function refuseFarFromPlant(db: Queryable, plantId: string, field: string, geometry: string): Promise<void> {
  const { rows } = await db.query<{ km: number }>(farFromPlantSql, [geometry, plantId]);
  const km = rows[0]?.km;
  if (km !== undefined && km > MAX_LAYOUT_DISTANCE_KM) {
    throw badRequest('layout_far_from_plant', 'e.layout_far_from_plant', { km: Math.round(km), max: MAX_LAYOUT_DISTANCE_KM }, field);
  }
}

/** A [lon, lat] position as EWKT, for refuseFarFromPlant. */
export const pointEwkt = ([lon, lat]: readonly [number, number] | readonly number[]) => `SRID=4326;POINT(${Number(lon)} ${Number(lat)})`;

/** The extent (EWKB, EPSG:4326) of some tables and modules, for refuseFarFromPlant after a move or a copy. */
export async function extentOf(db: Queryable, ids: { tables: string[]; modules: string[] }): Promise<string | null> {
  const { rows } = await db.query<{ extent: string | null }>(
    `select st_setsrid(st_extent(geom)::geometry, 4326)::text as extent
       from (select geom from tables where id = any($1::uuid[]) union all select geom from modules where id = any($2::uuid[])) g`,
    [ids.tables, ids.modules],
  );
  return rows[0]?.extent ?? null;
}
