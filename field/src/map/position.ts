// The device's position on the map: a dot, its accuracy as a circle, its heading as a line.
import type { Fix } from '../device';

const METRES_PER_DEGREE = 111_320;

/** A point `metres` away from a position towards `bearing` (degrees from north), on a small patch of the Earth. */
function offset(lon: number, lat: number, metres: number, bearing: number): [number, number] {
  const rad = (bearing * Math.PI) / 180;
  return [
    lon + (metres * Math.sin(rad)) / (METRES_PER_DEGREE * Math.cos((lat * Math.PI) / 180)),
    lat + (metres * Math.cos(rad)) / METRES_PER_DEGREE,
  ];
}

export function positionFeatures(fix: Fix): GeoJSON.FeatureCollection {
  const ring = Array.from({ length: 33 }, (_, i) => offset(fix.lon, fix.lat, Math.max(fix.accuracyM, 0.5), (i * 360) / 32));
  const features: GeoJSON.Feature[] = [
    { type: 'Feature', properties: { part: 'accuracy' }, geometry: { type: 'Polygon', coordinates: [ring] } },
    { type: 'Feature', properties: { part: 'dot' }, geometry: { type: 'Point', coordinates: [fix.lon, fix.lat] } },
  ];
  if (fix.heading !== null && Number.isFinite(fix.heading)) {
    features.push({
      type: 'Feature', properties: { part: 'heading' },
      geometry: { type: 'LineString', coordinates: [[fix.lon, fix.lat], offset(fix.lon, fix.lat, Math.max(6, fix.accuracyM), fix.heading)] },
    });
  }
  return { type: 'FeatureCollection', features };
}
