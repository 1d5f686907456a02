// Tables and modules as tilted panels: each feature's footprint (EPSG:4326) is taken into
// the plant CRS in metres, then stood up at its tilt, azimuth and height. One instance of
// a unit box per panel: a page of 10,000 modules is one draw call.
import { Color, Matrix4, Quaternion, Vector3, Euler } from 'three';
import type { LonLat, PlantCrs } from '../crs';

/** Three.js axes: x east, y up, z south (north is −z). */
export interface Panel {
  id: string;
  matrix: Matrix4;
}

export interface PanelProps { tiltDeg: number | null; azimuthDeg: number | null; heightM: number | null }

const THICKNESS_M = 0.04;

/**
 * The panel of one footprint: its extent along the row and across it (measured in the frame
 * of its azimuth), the slope length being the depth over cos(tilt); `lift` raises it (m).
 */
export function panelMatrix(
  crs: PlantCrs, origin: [number, number], ring: readonly LonLat[], props: PanelProps, lift = 0, grow = 0,
): Matrix4 | null {
  if (ring.length < 4) return null;
  const azimuth = ((props.azimuthDeg ?? 180) * Math.PI) / 180;
  const tilt = ((props.tiltDeg ?? 0) * Math.PI) / 180;
  const along: [number, number] = [Math.cos(azimuth), -Math.sin(azimuth)];
  const facing: [number, number] = [Math.sin(azimuth), Math.cos(azimuth)];
  let s0 = Infinity, s1 = -Infinity, t0 = Infinity, t1 = -Infinity;
  for (let i = 0; i < ring.length - 1; i += 1) {
    const [x, y] = crs.toMetric(ring[i] as LonLat);
    const dx = x - origin[0];
    const dy = y - origin[1];
    const s = dx * along[0] + dy * along[1];
    const t = dx * facing[0] + dy * facing[1];
    s0 = Math.min(s0, s); s1 = Math.max(s1, s); t0 = Math.min(t0, t); t1 = Math.max(t1, t);
  }
  const length = s1 - s0 + grow;
  const depth = t1 - t0 + grow;
  if (!(length > 0 && depth > 0)) return null;
  const slope = depth / Math.max(Math.cos(tilt), 0.05);
  const cs = (s0 + s1) / 2;
  const ct = (t0 + t1) / 2;
  // Centre on the ground (east, north), then in three's axes.
  const east = along[0] * cs + facing[0] * ct;
  const north = along[1] * cs + facing[1] * ct;
  const height = (props.heightM ?? 0) + (slope / 2) * Math.sin(tilt) + lift;
  const rotation = new Quaternion().setFromEuler(new Euler(tilt, Math.PI - azimuth, 0, 'YXZ'));
  return new Matrix4().compose(new Vector3(east, height, -north), rotation, new Vector3(length, THICKNESS_M, slope));
}

export const statusColor = (hex: string) => new Color(hex);
