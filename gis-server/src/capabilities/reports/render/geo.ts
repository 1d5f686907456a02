// Drawing GeoJSON into a box of the page as SVG (the statistics maps: choropleth, hot
// spots, comparison), and placing labels over a MapLibre composite: both in Web
// Mercator, north up, as the composites are drawn.
import { latToTileY, lonToTileX } from '@calepin/core';

type Position = [number, number];
export type Geometry = { type: string; coordinates: unknown };

// Web Mercator in units of the whole square (core's tile maths at zoom 0).
export const mercX = (lon: number) => lonToTileX(lon, 0);
export const mercY = (lat: number) => latToTileY(lat, 0);

/** A projection of lon/lat into a `width` × `height` box that holds `bbox` with `padding`, aspect kept. */
export function fitBox(bbox: readonly number[], width: number, height: number, padding = 8) {
  const [w, s, e, n] = bbox as [number, number, number, number];
  const x0 = mercX(w);
  const y0 = mercY(n);
  const spanX = Math.max(mercX(e) - x0, 1e-12);
  const spanY = Math.max(mercY(s) - y0, 1e-12);
  const k = Math.min((width - 2 * padding) / spanX, (height - 2 * padding) / spanY);
  const ox = (width - spanX * k) / 2;
  const oy = (height - spanY * k) / 2;
  return (p: Position): Position => [ox + (mercX(p[0]) - x0) * k, oy + (mercY(p[1]) - y0) * k];
}

/**
 * Where a lon/lat falls on a composite drawn by MapLibre (512-pixel tiles) at `zoom`
 * around `center`, in CSS pixels of an image `width` × `height` shown at `detail`.
 */
export function compositeProjection(center: Position, zoom: number, width: number, height: number, detail: number) {
  const k = (512 * 2 ** zoom) / detail;
  const cx = mercX(center[0]);
  const cy = mercY(center[1]);
  return (p: Position): Position => [width / 2 + (mercX(p[0]) - cx) * k, height / 2 + (mercY(p[1]) - cy) * k];
}

function rings(geometry: Geometry): Position[][] {
  if (geometry.type === 'Polygon') return geometry.coordinates as Position[][];
  if (geometry.type === 'MultiPolygon') return (geometry.coordinates as Position[][][]).flat();
  return [];
}

/** An SVG path of a polygon or multipolygon (closed), or of a line or multiline. */
export function pathOf(geometry: Geometry, project: (p: Position) => Position): string {
  const line = (points: Position[]) => `M${points.map((p) => project(p).map((v) => v.toFixed(1)).join(',')).join('L')}`;
  if (geometry.type === 'LineString') return line(geometry.coordinates as Position[]);
  if (geometry.type === 'MultiLineString') return (geometry.coordinates as Position[][]).map(line).join('');
  return rings(geometry).map((ring) => `${line(ring)}Z`).join('');
}

/** The bounding box [w, s, e, n] of some geometries. */
export function bboxOf(geometries: readonly Geometry[]): [number, number, number, number] | null {
  let box: [number, number, number, number] | null = null;
  for (const g of geometries) {
    for (const ring of rings(g)) {
      for (const [x, y] of ring) {
        box = box ? [Math.min(box[0], x), Math.min(box[1], y), Math.max(box[2], x), Math.max(box[3], y)] : [x, y, x, y];
      }
    }
  }
  return box;
}

/** Metres per CSS pixel of an SVG map drawn by fitBox, at its centre latitude. */
export function svgMetresPerPixel(bbox: readonly number[], width: number, height: number, padding = 8): number {
  const project = fitBox(bbox, width, height, padding);
  const [w, s, e, n] = bbox as [number, number, number, number];
  const a = project([w, (s + n) / 2]);
  const b = project([e, (s + n) / 2]);
  const metres = (e - w) * 111_320 * Math.cos((((s + n) / 2) * Math.PI) / 180);
  return metres / Math.max(b[0] - a[0], 1e-9);
}
