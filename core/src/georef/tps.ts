// Thin-plate spline: an interpolating transform that passes exactly through every point.
import { solve } from './linalg';
import { normalisation } from './polynomial';
import type { ControlPoint, FittedTransform, Xy } from './types';

/** The radial basis U(r) = r² log r² (0 at r = 0). */
export function tpsKernel(dx: number, dy: number): number {
  const r2 = dx * dx + dy * dy;
  return r2 === 0 ? 0 : r2 * Math.log(r2);
}

export function fitTps(points: readonly ControlPoint[]): FittedTransform | null {
  const { origin, scale } = normalisation(points.map((p) => p.pixel));
  const nodes: Xy[] = points.map((p) => [(p.pixel[0] - origin[0]) / scale, (p.pixel[1] - origin[1]) / scale]);
  const n = nodes.length;
  const size = n + 3;
  const a = Array.from({ length: size }, () => new Array<number>(size).fill(0));
  for (let i = 0; i < n; i++) {
    const [xi, yi] = nodes[i]!;
    for (let j = 0; j < n; j++) a[i]![j] = tpsKernel(xi - nodes[j]![0], yi - nodes[j]![1]);
    a[i]![n] = 1;
    a[i]![n + 1] = xi;
    a[i]![n + 2] = yi;
    a[n]![i] = 1;
    a[n + 1]![i] = xi;
    a[n + 2]![i] = yi;
  }
  // Targets relative to their mean keep the system's right-hand side small.
  const bx = [...points.map((p) => p.target[0]), 0, 0, 0];
  const by = [...points.map((p) => p.target[1]), 0, 0, 0];
  const sx = solve(a, bx);
  const sy = solve(a, by);
  if (!sx || !sy) return null;
  return {
    method: 'tps',
    origin,
    scale,
    nodes,
    wx: sx.slice(0, n),
    wy: sy.slice(0, n),
    ax: sx.slice(n),
    ay: sy.slice(n),
  };
}
