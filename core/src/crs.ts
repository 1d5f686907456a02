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
