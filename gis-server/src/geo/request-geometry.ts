import { parseCrs, suggestProjectedSrid } from '@calepin/core';
import type { Queryable } from '../db';
import { badRequest } from '../http/errors';
import { areaOfUse, withinAreaOfUse } from './area-of-use';

type Named = { crs?: { properties: { name: string } } } | null | undefined;

/**
 * The EPSG code of the geometries of a request: the body's `crs`, or the GeoJSON 2008
 * `crs` member of the geometries, which must agree; EPSG:4326 (lon, lat) by default.
 */
export async function sourceSrid(db: Queryable, crs: string | undefined, geometries: Record<string, Named>): Promise<number> {
  const declared: { field: string; name: string; srid: number }[] = [];
  const candidates: [string, string | undefined][] = [
    ['crs', crs],
    ...Object.entries(geometries).map(([field, g]): [string, string | undefined] => [`${field}.crs`, g?.crs?.properties.name]),
  ];
  for (const [field, name] of candidates) {
    if (name === undefined) continue;
    const srid = parseCrs(name);
    if (srid === null) throw badRequest('crs_unknown', 'e.crs_unknown', { crs: name }, field);
    declared.push({ field, name, srid });
  }
  const [first, ...rest] = declared;
  if (!first) return 4326;
  const other = rest.find((d) => d.srid !== first.srid);
  if (other) throw badRequest('crs_conflict', 'e.crs_conflict', { a: first.name, b: other.name }, other.field);
  const { rowCount } = await db.query('select 1 from spatial_ref_sys where srid = $1', [first.srid]);
  if (!rowCount) throw badRequest('crs_unknown', 'e.crs_unknown', { crs: first.name }, first.field);
  return first.srid;
}

/** Refuses an srid that is unknown or not a projected CRS in metres. */
export async function checkProjectedSrid(db: Queryable, srid: number, field = 'srid'): Promise<void> {
  const { rows } = await db.query<{ proj4text: string }>('select proj4text from spatial_ref_sys where srid = $1', [srid]);
  const proj = rows[0]?.proj4text;
  if (proj === undefined) throw badRequest('srid_unknown', 'e.srid_unknown', { srid }, field);
  if (/\+proj=(longlat|latlong|geocent)\b/.test(proj) || !/\+units=m\b/.test(proj)) {
    throw badRequest('srid_not_projected', 'e.srid_not_projected', { srid }, field);
  }
}

/**
 * A request geometry checked and turned into EPSG:4326 (as hex EWKB for the insert):
 * valid where it was drawn (PostGIS says why not), reprojectable, and within the world.
 */
export async function prepareGeometry(db: Queryable, field: string, geojson: object, srid: number): Promise<string> {
  const { crs: _crs, ...plain } = geojson as { crs?: unknown };
  const text = JSON.stringify(plain);
  const { rows } = await db.query<{ valid: boolean; reason: string }>(
    `select st_isvalid(g) as valid, st_isvalidreason(g) as reason
       from (select st_force2d(st_setsrid(st_geomfromgeojson($1), $2)) as g) s`,
    [text, srid],
  );
  const check = rows[0] as { valid: boolean; reason: string };
  if (!check.valid) throw badRequest('geometry_invalid', 'e.geometry_invalid', { reason: check.reason }, field);
  type Projected = { ewkb: string; inside: boolean; valid: boolean; box: [number, number, number, number] };
  let projected: Projected;
  try {
    const result = await db.query<Projected>(
      `select g::text as ewkb, geom_in_bounds(g) as inside, st_isvalid(g) as valid,
              array[st_xmin(g), st_ymin(g), st_xmax(g), st_ymax(g)] as box
         from (select st_transform(st_force2d(st_setsrid(st_geomfromgeojson($1), $2)), 4326) as g) s`,
      [text, srid],
    );
    projected = result.rows[0] as typeof projected;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw badRequest('geometry_unprojectable', 'e.geometry_unprojectable', { srid, reason }, field);
  }
  if (!projected.inside) throw badRequest('geometry_out_of_bounds', 'e.geometry_out_of_bounds', {}, field);
  // Coordinates in one CRS declared as another land far away (Lambert-93 read as degrees
  // lands in the Gulf of Guinea): refuse what falls outside the declared CRS's area of use.
  const area = srid === 4326 ? null : areaOfUse(srid);
  if (area && !withinAreaOfUse(area, projected.box)) {
    throw badRequest('geometry_outside_crs', 'e.geometry_outside_crs', { srid, area: area.join(', ') }, field);
  }
  if (!projected.valid) {
    throw badRequest('geometry_invalid', 'e.geometry_invalid', { reason: 'not valid once reprojected to EPSG:4326' }, field);
  }
  return projected.ewkb;
}

/** The projected CRS suggested for a plant placed at this EPSG:4326 geometry. */
export async function suggestSrid(db: Queryable, ewkb: string): Promise<number> {
  const { rows } = await db.query<{ lon: number; lat: number }>(
    'select st_x(p) as lon, st_y(p) as lat from (select st_pointonsurface($1::geometry) as p) s',
    [ewkb],
  );
  const point = rows[0] as { lon: number; lat: number };
  return suggestProjectedSrid(point.lon, point.lat);
}
