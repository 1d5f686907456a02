import { existsSync } from 'node:fs';
import gdal from 'gdal-async';

/** Where a CRS is meant to be used: [west, south, east, north] in degrees (west > east across the antimeridian). */
export type AreaOfUse = [number, number, number, number];

// PROJ's own database holds the area of use of every EPSG CRS; GDAL reads it as SQLite.
const candidates = [process.env.PROJ_DATA, process.env.PROJ_LIB, '/usr/share/proj', '/usr/local/share/proj']
  .filter((dir): dir is string => Boolean(dir))
  .map((dir) => `${dir}/proj.db`);

let projDb: gdal.Dataset | null | undefined;
const cache = new Map<number, AreaOfUse | null>();

function openProjDb(): gdal.Dataset | null {
  if (projDb === undefined) {
    const path = candidates.find((p) => existsSync(p));
    projDb = path ? gdal.open(path) : null;
  }
  return projDb;
}

/** The area of use of an EPSG CRS, or null when PROJ does not know it (or proj.db is missing). */
export function areaOfUse(srid: number): AreaOfUse | null {
  if (cache.has(srid)) return cache.get(srid) ?? null;
  const db = openProjDb();
  let area: AreaOfUse | null = null;
  if (db) {
    const layer = db.executeSQL(
      `select e.west_lon, e.south_lat, e.east_lon, e.north_lat
         from usage u join extent e on e.auth_name = u.extent_auth_name and e.code = u.extent_code
        where u.object_auth_name = 'EPSG' and u.object_code = '${Math.trunc(srid)}'
          and u.object_table_name in ('projected_crs', 'geodetic_crs', 'compound_crs')`,
    );
    for (const feature of layer.features) {
      const f = feature.fields.toObject() as { west_lon: number; south_lat: number; east_lon: number; north_lat: number };
      area = area
        ? [Math.min(area[0], f.west_lon), Math.min(area[1], f.south_lat), Math.max(area[2], f.east_lon), Math.max(area[3], f.north_lat)]
        : [f.west_lon, f.south_lat, f.east_lon, f.north_lat];
    }
  }
  cache.set(srid, area);
  return area;
}

/**
 * Whether a lon/lat box lies within a CRS's area of use, give or take `marginDeg`
 * (areas of use are drawn tight; a plant just across a zone border is normal).
 */
export function withinAreaOfUse(
  area: AreaOfUse,
  [minx, miny, maxx, maxy]: [number, number, number, number],
  marginDeg = 2,
): boolean {
  const [west, south, east, north] = area;
  if (miny < south - marginDeg || maxy > north + marginDeg) return false;
  const inLon = (x: number) =>
    west <= east ? x >= west - marginDeg && x <= east + marginDeg : x >= west - marginDeg || x <= east + marginDeg;
  return inLon(minx) && inLon(maxx);
}
