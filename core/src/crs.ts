// Coordinate reference systems as people and software write them.

/**
 * The EPSG code of a CRS name, or null when the name is not an EPSG CRS we recognise.
 * Accepts EPSG:2154, urn:ogc:def:crs:EPSG::2154, urn:ogc:def:crs:EPSG:9.9.1:2154,
 * http(s)://www.opengis.net/def/crs/EPSG/0/2154 and the CRS84 names (→ 4326).
 */
export function parseCrs(name: string): number | null {
  const text = name.trim();
  if (/^(urn:ogc:def:crs:OGC:(1\.3:)?CRS84|https?:\/\/www\.opengis\.net\/def\/crs\/OGC\/1\.3\/CRS84)$/i.test(text)) {
    return 4326;
  }
  const match =
    /^EPSG:(\d{1,6})$/i.exec(text) ??
    /^urn:ogc:def:crs:EPSG:[\d.]*:(\d{1,6})$/i.exec(text) ??
    /^https?:\/\/www\.opengis\.net\/def\/crs\/EPSG\/\d+\/(\d{1,6})$/i.exec(text);
  if (!match) return null;
  const code = Number(match[1]);
  return code > 0 ? code : null;
}

// Metropolitan France and Corsica, where Lambert-93 is the projection everyone uses.
const FRANCE = { minLon: -5.5, minLat: 41.2, maxLon: 10.0, maxLat: 51.3 };

/**
 * A projected CRS in metres suited to metric work at a place: Lambert-93 (EPSG:2154) in
 * metropolitan France, otherwise the WGS 84 UTM zone of the place.
 */
export function suggestProjectedSrid(lon: number, lat: number): number {
  if (lon >= FRANCE.minLon && lon <= FRANCE.maxLon && lat >= FRANCE.minLat && lat <= FRANCE.maxLat) {
    return 2154;
  }
  const zone = Math.min(60, Math.max(1, Math.floor((lon + 180) / 6) + 1));
  return (lat >= 0 ? 32600 : 32700) + zone;
}

const LAMBERT_93 =
  '+proj=lcc +lat_0=46.5 +lon_0=3 +lat_1=49 +lat_2=44 +x_0=700000 +y_0=6600000 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs';

/**
 * The proj4 definition of the CRSs that plants use, for code that projects in the browser
 * or on a tablet without PostGIS: Lambert-93, the WGS 84 UTM zones (what
 * suggestProjectedSrid gives), the French CC conic zones (CC42 … CC50) and Web Mercator.
 * Null for any other code: ask the server, which reads the definition from PostGIS.
 */
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
