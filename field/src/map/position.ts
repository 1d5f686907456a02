// The device's position on the map: a dot, its accuracy as a circle, its heading as a line.
import { accuracyRing, offsetLonLat as offset } from '@calepin/map-kit';
import type { Fix } from '../device';

export function positionFeatures(fix: Fix): GeoJSON.FeatureCollection {
  const ring = accuracyRing(fix.lon, fix.lat, fix.accuracyM);
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
