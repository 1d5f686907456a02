import proj4 from 'proj4';

/**
 * lon/lat ↔ the plant's projected CRS in the browser, for live residuals in metres. proj4
 * knows the CRS that plants use (core's suggestProjectedSrid: Lambert-93, the WGS 84 UTM
 * zones; also the French CC conic zones); for any other EPSG code the editor asks the
 * server (POST /plans/{id}/fit), which reads the definition from PostGIS.
 */
const LAMBERT_93 =
  '+proj=lcc +lat_0=46.5 +lon_0=3 +lat_1=49 +lat_2=44 +x_0=700000 +y_0=6600000 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs';

export function proj4Definition(srid: number): string | null {
  if (srid === 2154) return LAMBERT_93;
  if (srid >= 32601 && srid <= 32660) return `+proj=utm +zone=${srid - 32600} +datum=WGS84 +units=m +no_defs`;
  if (srid >= 32701 && srid <= 32760) return `+proj=utm +zone=${srid - 32700} +south +datum=WGS84 +units=m +no_defs`;
  if (srid >= 3942 && srid <= 3950) {
    const zone = srid - 3900; // CC42 … CC50: conic zones of one degree of latitude
    return `+proj=lcc +lat_0=${zone} +lon_0=3 +lat_1=${zone - 0.75} +lat_2=${zone + 0.75} +x_0=1700000 +y_0=${(zone - 41) * 1000000 + 200000} +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs`;
  }
  if (srid === 3857) return '+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 +k=1 +units=m +nadgrids=@null +wktext +no_defs';
  return null;
}

export type Projector = (lonLat: readonly [number, number]) => [number, number];

/** lon/lat → plant CRS metres, or null when the browser does not know the CRS. */
export function projector(srid: number): Projector | null {
  const definition = proj4Definition(srid);
  if (!definition) return null;
  const converter = proj4('EPSG:4326', definition);
  return (lonLat) => converter.forward([lonLat[0], lonLat[1]]) as [number, number];
}
