// Control points from the API (lonLat) → the plan's projected CRS, and their fit.
import type { PlanControlPoint, PlanFitRequest } from '@calepin/core';
import { type ControlPoint, type Fit, fitControlPoints } from '@calepin/core/georef';
import type { Queryable } from '../../db';
import { ApiError, badRequest } from '../../http/errors';
import type { WarpGeoref } from './warp';

/** Refuses a CRS that is not projected in metres: residuals in degrees mean nothing. */
export async function checkMetricSrid(db: Queryable, srid: number): Promise<void> {
  const { rows } = await db.query<{ metric: boolean }>(
    `select srtext like 'PROJCS%' and proj4text ~ '\\+units=m( |$)' as metric from spatial_ref_sys where srid = $1`,
    [srid],
  );
  if (!rows[0]) throw badRequest('srid_unknown', 'e.srid_unknown', { srid }, 'srid');
  if (!rows[0].metric) throw badRequest('srid_not_metric', 'e.plan_srid_not_metric', { srid }, 'srid');
}

/** lon/lat (EPSG:4326) → x/y in `srid`, through PostGIS. */
export async function project(db: Queryable, points: readonly PlanControlPoint[], srid: number): Promise<ControlPoint[]> {
  if (points.length === 0) return [];
  const { rows } = await db.query<{ x: number; y: number }>(
    `select st_x(p) as x, st_y(p) as y
       from unnest($1::float8[], $2::float8[]) with ordinality as u(lon, lat, n),
            lateral st_transform(st_setsrid(st_makepoint(lon, lat), 4326), $3::int) as p
      order by n`,
    [points.map((p) => p.lonLat[0]), points.map((p) => p.lonLat[1]), srid],
  );
  return points.map((p, i) => ({ id: p.id, pixel: p.pixel, target: [rows[i]!.x, rows[i]!.y] as const }));
}

/** The fit of a request, or a 400 that says why the points cannot carry it. */
export async function fitRequest(db: Queryable, body: PlanFitRequest, plantSrid: number): Promise<{ fit: Fit; srid: number; points: ControlPoint[] }> {
  const srid = body.srid ?? plantSrid;
  await checkMetricSrid(db, srid);
  const ids = new Set<string>();
  for (const [i, p] of body.points.entries()) {
    if (ids.has(p.id)) throw badRequest('validation_failed', 'v.invalid', {}, `points.${i}.id`);
    ids.add(p.id);
  }
  const points = await project(db, body.points, srid);
  const fit = fitControlPoints(body.transform, points);
  if (!fit.ok) {
    throw new ApiError(400, fit.error.code, { key: fit.error.key, params: fit.error.params, field: 'points' });
  }
  return { fit, srid, points };
}

/** What the warp needs from a control-point fit. */
export function warpGeorefOf(fit: Fit, srid: number, points: ControlPoint[]): WarpGeoref {
  const t = fit.transform;
  if (t.method === 'helmert' || t.method === 'affine') return { kind: 'geotransform', srid, geoTransform: t.geoTransform };
  const order = t.method === 'poly2' ? 2 : t.method === 'poly3' ? 3 : 'tps';
  return { kind: 'gcps', srid, order, points: points.map((p) => ({ pixel: p.pixel, target: p.target })) };
}
