import proj4 from 'proj4';

/** x, y in metres in the plant's projected CRS. */
export type Xy = [number, number];
export type LonLat = [number, number];

export interface PlantCrs {
  /** The EPSG code used, or null when a local transverse Mercator stands in for it. */
  srid: number | null;
  toMetric(lonLat: LonLat): Xy;
  toLonLat(xy: Xy): LonLat;
}

const LAMBERT_93 =
  '+proj=lcc +lat_0=46.5 +lon_0=3 +lat_1=49 +lat_2=44 +x_0=700000 +y_0=6600000 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs';

/** The proj4 definition of the CRSs the server suggests (Lambert-93, WGS 84 / UTM), or null. */
export function projDefinition(srid: number): string | null {
  if (srid === 2154) return LAMBERT_93;
  if (srid > 32600 && srid <= 32660) return `+proj=utm +zone=${srid - 32600} +datum=WGS84 +units=m +no_defs`;
  if (srid > 32700 && srid <= 32760) return `+proj=utm +zone=${srid - 32700} +south +datum=WGS84 +units=m +no_defs`;
  return null;
}

/**
 * Conversions between EPSG:4326 and the plant's projected CRS (plants.srid), where every
 * preview is computed in metres. A CRS proj4 is not told about here falls back to a
 * transverse Mercator centred on the plant: metric too, for a preview only (the server
 * makes the geometry authoritative in the plant's own CRS).
 */
export function plantCrs(srid: number, centre: LonLat): PlantCrs {
  const known = projDefinition(srid);
  const definition =
    known ?? `+proj=tmerc +lat_0=${centre[1]} +lon_0=${centre[0]} +k=1 +x_0=0 +y_0=0 +datum=WGS84 +units=m +no_defs`;
  const converter = proj4('EPSG:4326', definition);
  return {
    srid: known ? srid : null,
    toMetric: (p) => converter.forward(p) as Xy,
    toLonLat: (p) => converter.inverse(p) as LonLat,
  };
}
