// The raster basemaps offered under the plant's layout, besides the plain background that
// needs no network. Defaults: the IGN Géoplateforme's open WMTS (Licence Ouverte 2.0, no
// key), in Web Mercator (tile matrix set PM, TILEMATRIX = z, TILEROW = y, TILECOL = x).
// A deployment replaces or removes them with BASEMAPS (gis-server config, README).

/** [west, south, east, north], in degrees. */
type Box = [number, number, number, number];

export interface BasemapSpec {
  /** Stable id: remembered per user on the device, and the key of its name in the apps' languages. */
  id: string;
  /** What people read when the apps have no name for this id (a deployment's own basemap). */
  label: string | null;
  /** Raster tile URL template: {z}/{x}/{y} (XYZ, WMTS KVP or REST), or {bbox-epsg-3857} (WMS). */
  url: string;
  attribution: string | null;
  /** Deepest zoom the service has tiles for; MapLibre enlarges them further in. */
  maxzoom: number;
  /** Where it is the default basemap of a map centred there (null: never chosen by itself). */
  defaultWithin: Box | null;
}

const GEOPF_WMTS = 'https://data.geopf.fr/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&STYLE=normal&TILEMATRIXSET=PM';
const IGN_ATTRIBUTION = '© IGN – Géoplateforme';
/** Metropolitan France and Corsica: there the orthophoto is the default. */
export const METROPOLITAN_FRANCE: Box = [-5.5, 41.2, 9.8, 51.3];

/** The defaults: IGN orthophoto (aerial imagery, 20 cm) and Plan IGN v2 (street map). */
export const DEFAULT_BASEMAPS: readonly BasemapSpec[] = [
  {
    id: 'ign-ortho',
    label: null,
    url: `${GEOPF_WMTS}&LAYER=ORTHOIMAGERY.ORTHOPHOTOS&FORMAT=image/jpeg&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}`,
    attribution: IGN_ATTRIBUTION,
    maxzoom: 19,
    defaultWithin: METROPOLITAN_FRANCE,
  },
  {
    id: 'ign-plan',
    label: null,
    url: `${GEOPF_WMTS}&LAYER=GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2&FORMAT=image/png&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}`,
    attribution: IGN_ATTRIBUTION,
    maxzoom: 18,
    defaultWithin: null,
  },
];

/** The id of the background that needs nothing from anywhere. */
export const PLAIN_BASEMAP = 'plain';

/** True when a URL template names its tile: {z}, {x} and {y}, or a WMS bbox. */
export function isTileTemplate(url: string): boolean {
  return ['{z}', '{x}', '{y}'].every((p) => url.includes(p)) || url.includes('{bbox-epsg-3857}');
}

/**
 * The basemap a map opens on: the one remembered on this device if it is still offered,
 * else the first whose `defaultWithin` holds the map's centre, else the plain background.
 */
export function initialBasemap(basemaps: readonly Pick<BasemapSpec, 'id' | 'defaultWithin'>[], remembered: string | null, centre: readonly [number, number] | null): string {
  if (remembered === PLAIN_BASEMAP || (remembered && basemaps.some((b) => b.id === remembered))) return remembered;
  if (centre) {
    const [lon, lat] = centre;
    const hit = basemaps.find((b) => b.defaultWithin && lon >= b.defaultWithin[0] && lon <= b.defaultWithin[2] && lat >= b.defaultWithin[1] && lat <= b.defaultWithin[3]);
    if (hit) return hit.id;
  }
  return PLAIN_BASEMAP;
}
