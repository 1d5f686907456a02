import { parseCrs } from '@calepin/core';
import type { Queryable } from '../../db';
import { OwsError } from './ows-error';

/**
 * A CRS as a request names it. The spelling decides the axis order, as QGIS and GDAL
 * expect: `EPSG:4326` and CRS84 are longitude first (the traditional GIS order);
 * `urn:ogc:def:crs:EPSG::4326` and `http://www.opengis.net/def/crs/EPSG/0/4326` follow the
 * EPSG authority: latitude first for geographic CRSs. Projected CRSs in metres
 * (2154, 3857, UTM) are easting first in every spelling.
 */
export interface Crs {
  srid: number;
  /** The name as written in responses (the caller's own spelling). */
  name: string;
  /** Coordinates go latitude first. */
  latFirst: boolean;
  /** In degrees (coordinates then carry 8 decimals, 3 in metres). */
  geographic: boolean;
}

const geographic = new Map<number, boolean>();

async function isGeographic(db: Queryable, srid: number): Promise<boolean | null> {
  if (geographic.has(srid)) return geographic.get(srid) as boolean;
  const { rows } = await db.query<{ proj4text: string }>('select proj4text from spatial_ref_sys where srid = $1', [srid]);
  if (!rows[0]) return null;
  const value = /\+proj=(longlat|latlong)\b/.test(rows[0].proj4text);
  geographic.set(srid, value);
  return value;
}

const authoritySpelling = (name: string) => /^(urn:|https?:)/i.test(name.trim()) && !/CRS84$/i.test(name.trim());

/** Resolves a CRS name, or refuses it with InvalidParameterValue at `locator`. */
export async function resolveCrs(db: Queryable, name: string, locator: string): Promise<Crs> {
  const srid = parseCrs(name);
  const geo = srid === null ? null : await isGeographic(db, srid);
  if (srid === null || geo === null) throw new OwsError('InvalidParameterValue', locator, 'e.crs_unknown', { crs: name });
  return { srid, name: name.trim(), latFirst: geo && authoritySpelling(name), geographic: geo };
}

/** The OGC URN of an EPSG code, the spelling of DefaultCRS and OtherCRS in capabilities. */
export const urn = (srid: number) => `urn:ogc:def:crs:EPSG::${srid}`;
export const uri = (srid: number) => `http://www.opengis.net/def/crs/EPSG/0/${srid}`;
export const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';

/**
 * CRSs offered beside EPSG:4326: Web Mercator, Lambert-93, and the own CRS of every plant
 * the caller sees (scope: access/scope.ts; another company's plants say nothing).
 */
export async function otherSrids(db: Queryable, scope: string | null): Promise<number[]> {
  const { rows } = await db.query<{ srid: number }>(
    'select distinct srid from plants where deleted_at is null and ($1::uuid is null or client_id = $1::uuid)',
    [scope],
  );
  return [...new Set([3857, 2154, ...rows.map((r) => r.srid)])].filter((s) => s !== 4326).sort((a, b) => a - b);
}

/**
 * The SQL expression of the geometry of source row `s` in a CRS: reprojected, axes
 * swapped when the CRS is latitude first.
 */
export function geometrySql(crs: Crs): string {
  let g = crs.srid === 4326 ? 's.geom' : `st_transform(s.geom, ${Math.trunc(crs.srid)})`;
  if (crs.latFirst) g = `st_flipcoordinates(${g})`;
  return g;
}

/** Decimal places of coordinates: 8 in degrees (about 1 mm), 3 in metres. */
export const precision = (crs: Crs) => (crs.geographic ? 8 : 3);

/** EPSG:4326 as WFS layers declare it by default: the URN, latitude first. */
export const DEFAULT_CRS: Crs = { srid: 4326, name: urn(4326), latFirst: true, geographic: true };
/** EPSG:4326 longitude first (GeoJSON, CRS84). */
export const LONLAT: Crs = { srid: 4326, name: CRS84, latFirst: false, geographic: true };
