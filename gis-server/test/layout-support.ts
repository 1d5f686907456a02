// Helpers of the layout editing tests: an empty plant of their own (Lambert-93, near
// Toulouse) and positions around it in metres.
import type { TestApp } from '../../test-support/app';

export const ORIGIN: [number, number] = [1.25, 43.55];

/** A new empty plant of the ground plant's client; returns its id. */
export async function emptyPlant(t: TestApp, name: string): Promise<string> {
  const { rows } = await t.db.pool.query(
    `insert into plants (client_id, name, reference, mounting, peak_kwp, srid, location)
     select client_id, $1, $2, 'ground', 100, 2154, st_setsrid(st_point($3, $4), 4326)
       from plants where reference = 'CS-SLYS-01' returning id`,
    [name, name.slice(0, 20).toUpperCase().replace(/[^A-Z0-9]/g, '-'), ...ORIGIN],
  );
  return rows[0].id;
}

/** [lon, lat] of the point dx, dy metres east and north of [lon, lat] (Lambert-93 metres). */
export async function offset(t: TestApp, [lon, lat]: [number, number], dx: number, dy: number): Promise<[number, number]> {
  const { rows } = await t.db.pool.query(
    `select st_x(p) as x, st_y(p) as y from (select st_transform(st_translate(st_transform(st_setsrid(st_point($1, $2), 4326), 2154), $3, $4), 4326) as p) s`,
    [lon, lat, dx, dy],
  );
  return [rows[0].x, rows[0].y];
}

/** A GeoJSON polygon of the rectangle dx0..dx1 × dy0..dy1 metres from ORIGIN. */
export async function rectangle(t: TestApp, dx0: number, dy0: number, dx1: number, dy1: number) {
  const corners = [[dx0, dy0], [dx1, dy0], [dx1, dy1], [dx0, dy1], [dx0, dy0]] as const;
  const coordinates = [];
  for (const [dx, dy] of corners) coordinates.push(await offset(t, ORIGIN, dx, dy));
  return { type: 'Polygon' as const, coordinates: [coordinates] };
}

export async function modelId(t: TestApp, model = 'JAM72S30-545/MR'): Promise<string> {
  return (await t.db.pool.query('select id from module_models where model = $1 and deleted_at is null', [model])).rows[0].id;
}
