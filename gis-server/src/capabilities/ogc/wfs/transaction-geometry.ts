import type { Element } from '@xmldom/xmldom';
import type pg from 'pg';
import { prepareGeometry } from '../../../geo/request-geometry';
import type { LayerDef } from '../../../layers/catalog';
import type { Crs } from '../crs';
import { type ParseContext, gmlForPostgis } from '../fes/parse';
import { OwsError } from '../ows-error';

/**
 * A GML geometry of a transaction, checked and in EPSG:4326 as EWKB, of the layer's
 * geometry type. It is read by PostGIS, then goes through the REST API's own checks
 * (valid where drawn, reprojectable, inside the world and the CRS's area of use).
 */
export async function transactionGeometry(client: pg.PoolClient, layer: LayerDef, gml: Element, crs: ParseContext): Promise<string> {
  const text = await gmlForPostgis(gml, crs);
  let parsed: { srid: number; geojson: string };
  try {
    await client.query('savepoint gml');
    const { rows } = await client.query<{ srid: number; geojson: string }>(
      'select st_srid(g) as srid, st_asgeojson(g, 15) as geojson from (select st_geomfromgml($1) as g) s',
      [text],
    );
    await client.query('release savepoint gml');
    parsed = rows[0] as typeof parsed;
  } catch (error) {
    await client.query('rollback to savepoint gml');
    const reason = error instanceof Error ? error.message : String(error);
    throw new OwsError('InvalidParameterValue', 'geom', 'e.ogc_geometry_invalid', { reason });
  }
  const ewkb = await prepareGeometry(client, 'geom', JSON.parse(parsed.geojson), parsed.srid || crs.defaultCrs.srid);
  const { rows } = await client.query<{ type: string; parts: number; single: string; multi: string }>(
    `select geometrytype($1::geometry) as type, st_numgeometries($1::geometry) as parts,
            st_geometryn($1::geometry, 1)::text as single, st_multi($1::geometry)::text as multi`,
    [ewkb],
  );
  const { type, parts, single, multi } = rows[0] as { type: string; parts: number; single: string; multi: string };
  const expected = layer.geometry.toUpperCase();
  if (type === expected) return ewkb;
  // QGIS writes MultiPolygon for polygon layers: one part is one polygon.
  if (`MULTI${expected}` === type && parts === 1) return single;
  if (expected === `MULTI${type}`) return multi;
  throw new OwsError('InvalidParameterValue', 'geom', 'e.ogc_geometry_type', { expected: layer.geometry, actual: type });
}

/**
 * How a transaction document's coordinates are read. WFS 1.0.0 and GML 2 predate the
 * EPSG axis order: their coordinates are always x, y (longitude first), and QGIS 3.22
 * writes them so even under a `urn:ogc:def:crs:EPSG::4326` srsName (seen on its commits
 * to a 2.0 server). Later versions follow the spelling of the CRS (crs.ts).
 */
export function transactionCrs(version: string, defaultCrs: Crs, resolve: (name: string) => Promise<Crs>): ParseContext {
  if (version !== '1.0.0') return { defaultCrs, resolveCrs: resolve };
  const xy = (crs: Crs): Crs => ({ ...crs, latFirst: false });
  return { defaultCrs: xy(defaultCrs), resolveCrs: async (name) => xy(await resolve(name)) };
}
