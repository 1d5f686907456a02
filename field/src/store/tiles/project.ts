// Geometry from EPSG:4326 into one tile's coordinates (extent 4096, y down), clipped to the
// tile plus a buffer where a feature may be much larger than the tile (a plant boundary, a
// zone, a cable): MapLibre stores tile vertices in 16 bits, and a 2 km boundary at z18 would
// overflow them. Modules are never larger than a tile and are left whole, like the
// tile-server's tile_small_polygon.
import { latToTileY, lonToTileX } from '@calepin/core';
import type { Geometry, Position } from '../gpkg/geometry';
import { EXTENT, type TileGeometry, type TilePoint } from './mvt';

/** The buffer around a tile, in tile units (the tile-server's ST_AsMVTGeom buffer). */
export const BUFFER = 64;

export interface TileFrame {
  z: number;
  x: number;
  y: number;
}

export function projector({ z, x, y }: TileFrame): (p: Position) => TilePoint {
  return ([lon, lat]) => [Math.round((lonToTileX(lon, z) - x) * EXTENT), Math.round((latToTileY(lat, z) - y) * EXTENT)];
}

const LO = -BUFFER;
const HI = EXTENT + BUFFER;

/** Sutherland–Hodgman against the buffered tile square. */
function clipRing(ring: TilePoint[]): TilePoint[] {
  let points = ring;
  const edges: [(p: TilePoint) => boolean, (a: TilePoint, b: TilePoint) => TilePoint][] = [
    [(p) => p[0] >= LO, (a, b) => cut(a, b, 0, LO)],
    [(p) => p[0] <= HI, (a, b) => cut(a, b, 0, HI)],
    [(p) => p[1] >= LO, (a, b) => cut(a, b, 1, LO)],
    [(p) => p[1] <= HI, (a, b) => cut(a, b, 1, HI)],
  ];
  for (const [inside, intersect] of edges) {
    const out: TilePoint[] = [];
    for (let i = 0; i < points.length; i++) {
      const a = points[(i + points.length - 1) % points.length] as TilePoint;
      const b = points[i] as TilePoint;
      if (inside(b)) {
        if (!inside(a)) out.push(intersect(a, b));
        out.push(b);
      } else if (inside(a)) {
        out.push(intersect(a, b));
      }
    }
    points = out;
    if (!points.length) break;
  }
  return points;
}

function cut(a: TilePoint, b: TilePoint, axis: 0 | 1, value: number): TilePoint {
  const t = (value - a[axis]) / (b[axis] - a[axis]);
  const other = axis === 0 ? 1 : 0;
  const p: TilePoint = [0, 0];
  p[axis] = value;
  p[other] = Math.round(a[other] + t * (b[other] - a[other]));
  return p;
}

/** Liang–Barsky per segment: the parts of a line inside the buffered square. */
function clipLine(line: TilePoint[]): TilePoint[][] {
  const parts: TilePoint[][] = [];
  let current: TilePoint[] = [];
  for (let i = 1; i < line.length; i++) {
    const a = line[i - 1] as TilePoint;
    const b = line[i] as TilePoint;
    const dx = b[0] - a[0];
    const dy = b[1] - a[1];
    let t0 = 0;
    let t1 = 1;
    let visible = true;
    for (const [p, q] of [[-dx, a[0] - LO], [dx, HI - a[0]], [-dy, a[1] - LO], [dy, HI - a[1]]] as const) {
      if (p === 0) {
        if (q < 0) visible = false;
      } else {
        const r = q / p;
        if (p < 0) t0 = Math.max(t0, r);
        else t1 = Math.min(t1, r);
      }
    }
    if (!visible || t0 > t1) {
      if (current.length > 1) parts.push(current);
      current = [];
      continue;
    }
    const start: TilePoint = [Math.round(a[0] + t0 * dx), Math.round(a[1] + t0 * dy)];
    const end: TilePoint = [Math.round(a[0] + t1 * dx), Math.round(a[1] + t1 * dy)];
    if (!current.length) current.push(start);
    current.push(end);
    if (t1 < 1) {
      parts.push(current);
      current = [];
    }
  }
  if (current.length > 1) parts.push(current);
  return parts;
}

/** A geometry in tile coordinates; `clip` for features that may be larger than the tile. */
export function toTile(geometry: Geometry, frame: TileFrame, clip: boolean): TileGeometry | null {
  const project = projector(frame);
  const ring = (r: Position[]) => {
    const projected = r.map(project);
    return clip ? clipRing(projected) : projected;
  };
  const line = (l: Position[]) => (clip ? clipLine(l.map(project)) : [l.map(project)]);
  switch (geometry.type) {
    case 'Point': return { type: 'Point', points: [project(geometry.coordinates)] };
    case 'MultiPoint': return { type: 'Point', points: geometry.coordinates.map(project) };
    case 'LineString': return { type: 'LineString', lines: line(geometry.coordinates) };
    case 'MultiLineString': return { type: 'LineString', lines: geometry.coordinates.flatMap(line) };
    case 'Polygon': return { type: 'Polygon', polygons: [geometry.coordinates.map(ring)] };
    case 'MultiPolygon': return { type: 'Polygon', polygons: geometry.coordinates.map((p) => p.map(ring)) };
  }
}
