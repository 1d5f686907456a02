// lon/lat ↔ a plant's projected CRS in the browser (proj4, with core's table of the CRSs
// plants use): the layout editor's previews, the 3D view and the georeferencing residuals
// are computed in metres, as the server computes them.
import proj4 from 'proj4';
import { proj4Definition } from '@calepin/core';

/** x, y in metres in the plant's projected CRS. */
export type Xy = [number, number];
export type LonLat = [number, number];

export interface PlantCrs {
  /** The EPSG code used, or null when a local transverse Mercator stands in for it. */
  srid: number | null;
  toMetric(lonLat: LonLat): Xy;
  toLonLat(xy: Xy): LonLat;
}

/**
 * Conversions between EPSG:4326 and the plant's projected CRS (plants.srid). A CRS that
 * core's table does not know falls back to a transverse Mercator centred on the plant:
 * metric too, for a preview only (the server makes the geometry authoritative in the
 * plant's own CRS).
 */
export function plantCrs(srid: number, centre: LonLat): PlantCrs {
  const known = proj4Definition(srid);
  const definition =
    known ?? `+proj=tmerc +lat_0=${centre[1]} +lon_0=${centre[0]} +k=1 +x_0=0 +y_0=0 +datum=WGS84 +units=m +no_defs`;
  const converter = proj4('EPSG:4326', definition);
  return {
    srid: known ? srid : null,
    toMetric: (p) => converter.forward(p) as Xy,
    toLonLat: (p) => converter.inverse(p) as LonLat,
  };
}

export type Projector = (lonLat: readonly [number, number]) => [number, number];

/** lon/lat → metres in that CRS, or null when core's table does not know it (then ask the server). */
export function projector(srid: number): Projector | null {
  const definition = proj4Definition(srid);
  if (!definition) return null;
  const converter = proj4('EPSG:4326', definition);
  return (lonLat) => converter.forward([lonLat[0], lonLat[1]]) as [number, number];
}
