import { MAX_PLANT_BOUNDARY_HA, type PlantUpdate } from '@calepin/core';
import type { Queryable } from '../../db';
import { badRequest } from '../../http/errors';
import { checkProjectedSrid, prepareGeometry, sourceSrid, suggestSrid } from '../../geo/request-geometry';

/** The geometry columns of a plant write, ready for SQL (hex EWKB in EPSG:4326). */
export interface PlantGeometry {
  location?: string | null;
  boundary?: string | null;
  srid?: number;
}

/**
 * Checks and reprojects the location and boundary of a plant write, and settles its
 * projected CRS: the one given, the current one (currentSrid, on update), or one
 * suggested from where the plant is. A boundary without a location gives the location.
 */
export async function plantGeometry(db: Queryable, body: PlantUpdate, currentSrid: number | null): Promise<PlantGeometry> {
  const source = await sourceSrid(db, body.crs, { location: body.location, boundary: body.boundary });
  const result: PlantGeometry = {};
  if (body.location !== undefined) {
    result.location = body.location && (await prepareGeometry(db, 'location', body.location, source));
  }
  if (body.boundary !== undefined) {
    result.boundary = body.boundary && (await prepareGeometry(db, 'boundary', body.boundary, source));
    if (result.boundary) {
      const { rows } = await db.query<{ multi: string; ha: number }>(
        'select st_multi($1::geometry)::text as multi, st_area($1::geometry::geography) / 10000 as ha',
        [result.boundary],
      );
      const { multi, ha } = rows[0] as { multi: string; ha: number };
      if (ha > MAX_PLANT_BOUNDARY_HA) {
        throw badRequest('boundary_too_large', 'e.boundary_too_large', { area: Math.round(ha), max: MAX_PLANT_BOUNDARY_HA }, 'boundary');
      }
      result.boundary = multi;
    }
  }
  if (result.location === undefined && result.boundary && currentSrid === null) {
    const { rows } = await db.query<{ point: string }>('select st_pointonsurface($1::geometry)::text as point', [
      result.boundary,
    ]);
    result.location = (rows[0] as { point: string }).point;
  }
  if (body.srid !== undefined) {
    await checkProjectedSrid(db, body.srid);
    result.srid = body.srid;
  } else if (currentSrid === null) {
    const where = result.location ?? result.boundary;
    if (!where) throw badRequest('srid_missing', 'e.srid_missing', {}, 'srid');
    result.srid = await suggestSrid(db, where);
  }
  return result;
}
