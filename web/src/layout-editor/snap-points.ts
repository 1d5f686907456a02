// Snapping a point (a cable's end, a polygon's corner, a single module, a moved selection)
// to what is near it, in metres in the plant's projected CRS: the reach is a number of
// screen pixels turned into metres where the point is, so snapping feels the same at any zoom.
import type { Map as MapLibreMap } from 'maplibre-gl';
import { type LonLat, MODULES_LAYER, type PlantCrs, type Xy } from '@calepin/map-kit';

/** Screen pixels within which a point snaps. */
export const SNAP_PX = 12;

export interface SnapTarget { at: LonLat; kind: string; id?: string; code?: string }
export interface Snapped<T> { at: LonLat; target: T; distanceM: number }

const distance = (a: Xy, b: Xy) => Math.hypot(a[0] - b[0], a[1] - b[1]);

/** The metres that `px` screen pixels cover around a screen point, in the plant CRS. */
export function reachMetres(map: MapLibreMap, crs: PlantCrs, point: { x: number; y: number }, px = SNAP_PX): number {
  const a = map.unproject([point.x, point.y]);
  const b = map.unproject([point.x + px, point.y]);
  return distance(crs.toMetric([a.lng, a.lat]), crs.toMetric([b.lng, b.lat]));
}

/** The nearest target within reach, or null. */
export function nearestTarget<T extends SnapTarget>(crs: PlantCrs, p: LonLat, targets: readonly T[], reachM: number): Snapped<T> | null {
  const xy = crs.toMetric(p);
  let best: Snapped<T> | null = null;
  for (const target of targets) {
    const d = distance(xy, crs.toMetric(target.at));
    if (d <= reachM && (!best || d < best.distanceM)) best = { at: target.at, target, distanceM: d };
  }
  return best;
}

/** The closest point of segment ab to p (metric). */
function onSegment(p: Xy, a: Xy, b: Xy): Xy {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2));
  return [a[0] + t * dx, a[1] + t * dy];
}

export type OutlineSnap = { at: LonLat; kind: 'corner' | 'edge'; distanceM: number };

/**
 * Snaps a point to the outlines (rings in EPSG:4326) near it: to a corner within reach
 * first, else to the nearest point of an edge within reach; null when none is near.
 */
export function snapToOutlines(crs: PlantCrs, p: LonLat, rings: readonly (readonly GeoJSON.Position[])[], reachM: number): OutlineSnap | null {
  const xy = crs.toMetric(p);
  let corner: { xy: Xy; d: number } | null = null;
  let edge: { xy: Xy; d: number } | null = null;
  for (const ring of rings) {
    const pts = ring.map((q) => crs.toMetric([q[0]!, q[1]!]));
    pts.forEach((q, i) => {
      const d = distance(xy, q);
      if (d <= reachM && (!corner || d < corner.d)) corner = { xy: q, d };
      const next = pts[i + 1];
      if (!next) return;
      const s = onSegment(xy, q, next);
      const ds = distance(xy, s);
      if (ds <= reachM && (!edge || ds < edge.d)) edge = { xy: s, d: ds };
    });
  }
  const found = (corner ?? edge) as { xy: Xy; d: number } | null;
  if (!found) return null;
  return { at: crs.toLonLat(found.xy), kind: corner ? 'corner' : 'edge', distanceM: found.d };
}

/**
 * Snaps a moved shape (its corners, metric translation) so that its nearest corner lands on
 * a neighbour's corner or edge: returns the corrected translation, or null.
 */
export function snapShift(
  crs: PlantCrs, corners: readonly LonLat[], shiftM: Xy, rings: readonly (readonly GeoJSON.Position[])[], reachM: number,
): { shiftM: Xy; snap: OutlineSnap } | null {
  let best: { shiftM: Xy; snap: OutlineSnap } | null = null;
  for (const c of corners) {
    const m = crs.toMetric(c);
    const moved: Xy = [m[0] + shiftM[0], m[1] + shiftM[1]];
    const snap = snapToOutlines(crs, crs.toLonLat(moved), rings, reachM);
    if (!snap) continue;
    const target = crs.toMetric(snap.at);
    if (!best || snap.distanceM < best.snap.distanceM) best = { shiftM: [shiftM[0] + target[0] - moved[0], shiftM[1] + target[1] - moved[1]], snap };
  }
  return best;
}

/** The outlines of the modules and tables drawn within a screen box (ids in `exclude` left out). */
export function outlinesIn(map: MapLibreMap, box: [[number, number], [number, number]], exclude: ReadonlySet<string> = new Set()): GeoJSON.Position[][] {
  const layers = [MODULES_LAYER, 'le-tables-hit'].filter((l) => map.getLayer(l));
  const rings: GeoJSON.Position[][] = [];
  for (const f of map.queryRenderedFeatures(box, { layers })) {
    if (typeof f.properties.id === 'string' && exclude.has(f.properties.id)) continue;
    const g = f.geometry;
    if (g.type === 'Polygon') rings.push(...g.coordinates);
    else if (g.type === 'MultiPolygon') for (const poly of g.coordinates) rings.push(...poly);
  }
  return rings;
}

/** The outlines drawn around a screen point (within `px` pixels). */
export const outlinesNear = (map: MapLibreMap, point: { x: number; y: number }, px: number, exclude?: ReadonlySet<string>) =>
  outlinesIn(map, [[point.x - px, point.y - px], [point.x + px, point.y + px]], exclude);

/** Corners of a selection snapped at most (beyond, a move is not snapped). */
const MAX_SNAP_CORNERS = 4000;

/**
 * A move of the selected modules and tables by `shiftM` (metres east, north), corrected so
 * that the nearest moved corner lands on a corner or an edge of what is drawn around it.
 */
export function snapMove(map: MapLibreMap, crs: PlantCrs, ids: ReadonlySet<string>, shiftM: Xy): { shiftM: Xy; snap: OutlineSnap } | null {
  const layers = [MODULES_LAYER, 'le-tables-hit'].filter((l) => map.getLayer(l));
  const corners: LonLat[] = [];
  for (const f of map.queryRenderedFeatures({ layers })) {
    if (typeof f.properties.id !== 'string' || !ids.has(f.properties.id) || f.geometry.type !== 'Polygon') continue;
    for (const p of f.geometry.coordinates[0] ?? []) corners.push([p[0]!, p[1]!]);
  }
  if (!corners.length || corners.length > MAX_SNAP_CORNERS) return null;
  const moved = corners.map((c) => {
    const m = crs.toMetric(c);
    return map.project(crs.toLonLat([m[0] + shiftM[0], m[1] + shiftM[1]]));
  });
  const xs = moved.map((p) => p.x);
  const ys = moved.map((p) => p.y);
  const box: [[number, number], [number, number]] = [[Math.min(...xs) - SNAP_PX, Math.min(...ys) - SNAP_PX], [Math.max(...xs) + SNAP_PX, Math.max(...ys) + SNAP_PX]];
  const centre = { x: (box[0][0] + box[1][0]) / 2, y: (box[0][1] + box[1][1]) / 2 };
  return snapShift(crs, corners, shiftM, outlinesIn(map, box, ids), reachMetres(map, crs, centre));
}

/** Snaps a pointer to the module and table outlines within SNAP_PX of it (Alt: no snapping). */
export function outlineSnapper(map: MapLibreMap, crs: PlantCrs) {
  return (pointer: { lng: number; lat: number; x: number; y: number; alt: boolean }): OutlineSnap | null => {
    if (pointer.alt) return null;
    const at = { x: pointer.x, y: pointer.y };
    return snapToOutlines(crs, [pointer.lng, pointer.lat], outlinesNear(map, at, SNAP_PX), reachMetres(map, crs, at));
  };
}
