/**
 * Plane geometry in metres, in a plant's projected CRS. A table's local frame has its
 * origin at the table's centre, u along the rows (left to right seen from the front)
 * and v up the slope (towards the back): a table facing south (180°) has u = east and
 * v = north. Facing azimuth A, the frame is turned by (180 − A)° counter-clockwise.
 */
export type Point = [number, number];
export type Ring = Point[];
/** Polygon rings: the outer one first, then holes (GeoJSON order). */
export type PolygonRings = Ring[];

export interface Frame {
  origin: Point;
  azimuthDeg: number;
}

const rad = (deg: number) => (deg * Math.PI) / 180;

/** A local (u, v) point of the frame, in the plant's CRS. */
export function toWorld(frame: Frame, [u, v]: Point): Point {
  const t = rad(180 - frame.azimuthDeg);
  const c = Math.cos(t);
  const s = Math.sin(t);
  return [frame.origin[0] + u * c - v * s, frame.origin[1] + u * s + v * c];
}

/** A plant CRS point in the frame's (u, v). */
export function toLocal(frame: Frame, [x, y]: Point): Point {
  const t = rad(180 - frame.azimuthDeg);
  const c = Math.cos(t);
  const s = Math.sin(t);
  const dx = x - frame.origin[0];
  const dy = y - frame.origin[1];
  return [dx * c + dy * s, -dx * s + dy * c];
}

/** A closed ring of the local rectangle [u0, u1] × [v0, v1], counter-clockwise. */
export function localRect(frame: Frame, u0: number, v0: number, u1: number, v1: number): Ring {
  const ring = [
    toWorld(frame, [u0, v0]),
    toWorld(frame, [u1, v0]),
    toWorld(frame, [u1, v1]),
    toWorld(frame, [u0, v1]),
  ];
  return [...ring, ring[0] as Point];
}

/** The bounds of points in the frame: [uMin, vMin, uMax, vMax]. */
export function localBounds(frame: Frame, points: Point[]): [number, number, number, number] {
  let b: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const p of points) {
    const [u, v] = toLocal(frame, p);
    b = [Math.min(b[0], u), Math.min(b[1], v), Math.max(b[2], u), Math.max(b[3], v)];
  }
  return b;
}

/** Rounds every coordinate (to a tenth of a millimetre by default) for stable output. */
export const roundRing = (ring: Ring, step = 1e-4): Ring =>
  ring.map(([x, y]) => [Math.round(x / step) * step, Math.round(y / step) * step].map((n) => Number(n.toFixed(6))) as Point);

export function centroidOfBounds(points: Point[]): Point {
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [x, y] of points) {
    x0 = Math.min(x0, x); y0 = Math.min(y0, y); x1 = Math.max(x1, x); y1 = Math.max(y1, y);
  }
  return [(x0 + x1) / 2, (y0 + y1) / 2];
}

function insideRing(ring: Ring, [x, y]: Point): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as Point;
    const [xj, yj] = ring[j] as Point;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Whether a point lies inside a polygon (outside its holes). */
export function pointInPolygon(polygon: PolygonRings, p: Point): boolean {
  const [outer, ...holes] = polygon;
  if (!outer || !insideRing(outer, p)) return false;
  return !holes.some((hole) => insideRing(hole, p));
}

const cross = (o: Point, a: Point, b: Point) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);

function segmentsCross(a: Point, b: Point, c: Point, d: Point): boolean {
  const d1 = cross(c, d, a);
  const d2 = cross(c, d, b);
  const d3 = cross(a, b, c);
  const d4 = cross(a, b, d);
  return ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0));
}

/**
 * Whether a small convex ring (a module, a table) lies within a polygon: every corner
 * inside and no edge properly crossing one of the polygon's edges.
 */
export function ringWithin(polygon: PolygonRings, ring: Ring): boolean {
  if (!ring.every((p) => pointInPolygon(polygon, p))) return false;
  for (let i = 0; i + 1 < ring.length; i++) {
    for (const edgeRing of polygon) {
      for (let j = 0; j + 1 < edgeRing.length; j++) {
        if (segmentsCross(ring[i] as Point, ring[i + 1] as Point, edgeRing[j] as Point, edgeRing[j + 1] as Point)) return false;
      }
    }
  }
  return true;
}
