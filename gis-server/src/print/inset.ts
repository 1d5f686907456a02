import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';

const require = createRequire(import.meta.url);

type Ring = [number, number][];
let countries: { rings: Ring[]; bbox: [number, number, number, number] }[] | null = null;

/**
 * Natural Earth's countries at 1:50m (world-atlas, public domain), read once: enough for
 * an inset that says where a plant is within its region, with no network and no tiles.
 */
function world() {
  if (countries) return countries;
  const topology = JSON.parse(readFileSync(require.resolve('world-atlas/countries-50m.json'), 'utf8')) as Topology;
  const collection = feature(topology, topology.objects.countries as GeometryCollection);
  countries = collection.features.flatMap((f) => {
    const g = f.geometry;
    if (!g) return [];
    const polygons = g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : [];
    const rings = polygons.flatMap((p) => p as Ring[]);
    const xs = rings.flatMap((r) => r.map((p) => p[0]));
    const ys = rings.flatMap((r) => r.map((p) => p[1]));
    return [{ rings, bbox: [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)] as [number, number, number, number] }];
  });
  return countries;
}

/**
 * An SVG inset locating a point: the countries within `spanDeg` degrees of latitude
 * around it (equirectangular, longitudes shrunk by cos(latitude) so that shapes read
 * right), and the point as a red dot with a ring.
 */
export function insetSvg(lon: number, lat: number, options: { width?: number; height?: number; spanDeg?: number } = {}): string {
  const width = options.width ?? 220;
  const height = options.height ?? 220;
  const span = options.spanDeg ?? 9;
  const k = Math.cos((lat * Math.PI) / 180);
  const scale = height / span;
  const halfLon = width / scale / 2 / k;
  const view = [lon - halfLon, lat - span / 2, lon + halfLon, lat + span / 2];
  const x = (l: number) => ((l - (view[0] as number)) * k * scale).toFixed(1);
  const y = (p: number) => (((view[3] as number) - p) * scale).toFixed(1);
  const paths = world()
    .filter((c) => c.bbox[0] <= (view[2] as number) && c.bbox[2] >= (view[0] as number) && c.bbox[1] <= (view[3] as number) && c.bbox[3] >= (view[1] as number))
    .map((c) => c.rings.map((r) => `M${r.map((p) => `${x(p[0])},${y(p[1])}`).join('L')}Z`).join(''))
    .map((d) => `<path d="${d}"/>`)
    .join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">` +
    `<rect width="${width}" height="${height}" fill="#dbeafe"/>` +
    `<g fill="#f8fafc" stroke="#64748b" stroke-width="0.6" stroke-linejoin="round">${paths}</g>` +
    `<circle cx="${x(lon)}" cy="${y(lat)}" r="9" fill="none" stroke="#dc2626" stroke-width="2"/>` +
    `<circle cx="${x(lon)}" cy="${y(lat)}" r="3.5" fill="#dc2626"/>` +
    `</svg>`
  );
}
