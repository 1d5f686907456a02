// Snapping a new rectangular table to its neighbours, in metres in the plant CRS: a table
// dropped near the end of another with the same azimuth joins its row, one gap away.
import type { LonLat, PlantCrs, Xy } from '@calepin/map-kit';

export interface Neighbour { outline: GeoJSON.Polygon; azimuthDeg: number | null }

const dot = (a: Xy, b: Xy) => a[0] * b[0] + a[1] * b[1];

function frame(azimuthDeg: number): { along: Xy; facing: Xy } {
  const a = (azimuthDeg * Math.PI) / 180;
  return { facing: [Math.sin(a), Math.cos(a)], along: [Math.cos(a), -Math.sin(a)] };
}

/** Centre and extents of a neighbour in the frame of an azimuth. */
function extents(crs: PlantCrs, outline: GeoJSON.Polygon, azimuthDeg: number) {
  const { along, facing } = frame(azimuthDeg);
  const points = (outline.coordinates[0] ?? []).map((p) => crs.toMetric(p as LonLat));
  const s = points.map((p) => dot(p, along));
  const t = points.map((p) => dot(p, facing));
  const [s0, s1, t0, t1] = [Math.min(...s), Math.max(...s), Math.min(...t), Math.max(...t)];
  return { s: (s0 + s1) / 2, t: (t0 + t1) / 2, length: s1 - s0, depth: t1 - t0 };
}

/**
 * Where a table (lengthM × widthM at azimuthDeg) dropped at `centre` goes: beside the
 * nearest neighbour of the same azimuth whose row it overlaps and whose end is within
 * `reachM`, `gapM` away; else where it was dropped.
 */
export function snapTable(
  crs: PlantCrs, centre: LonLat, size: { lengthM: number; widthM: number; azimuthDeg: number },
  neighbours: readonly Neighbour[], gapM: number, reachM = 3,
): { centre: LonLat; snapped: boolean } {
  const { along, facing } = frame(size.azimuthDeg);
  const p = crs.toMetric(centre);
  const ps = dot(p, along);
  const pt = dot(p, facing);
  let best: { s: number; t: number; distance: number } | null = null;
  for (const n of neighbours) {
    if (n.azimuthDeg === null || Math.abs(((n.azimuthDeg - size.azimuthDeg + 540) % 360) - 180) > 1) continue;
    const e = extents(crs, n.outline, size.azimuthDeg);
    if (Math.abs(pt - e.t) > (e.depth + size.widthM) / 2) continue;
    const side = ps >= e.s ? 1 : -1;
    const s = e.s + side * ((e.length + size.lengthM) / 2 + gapM);
    const distance = Math.abs(ps - s);
    if (distance <= reachM + size.lengthM / 2 && (!best || distance < best.distance)) best = { s, t: e.t, distance };
  }
  if (!best) return { centre, snapped: false };
  const xy: Xy = [along[0] * best.s + facing[0] * best.t, along[1] * best.s + facing[1] * best.t];
  return { centre: crs.toLonLat(xy), snapped: true };
}
