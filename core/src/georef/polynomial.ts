// Helmert (similarity), affine and polynomial fits by least squares.
import { leastSquares } from './linalg';
import type { ControlPoint, FittedTransform, Xy } from './types';

type Gt = [number, number, number, number, number, number];

/** Similarity with the y flip of pixel space (y down → northing up): X = x0 + a·x + b·y, Y = y0 + b·x − a·y. */
export function fitHelmert(points: readonly ControlPoint[]): FittedTransform {
  const n = points.length;
  const mx = points.reduce((s, p) => s + p.pixel[0], 0) / n;
  const my = points.reduce((s, p) => s + p.pixel[1], 0) / n;
  const mX = points.reduce((s, p) => s + p.target[0], 0) / n;
  const mY = points.reduce((s, p) => s + p.target[1], 0) / n;
  let num1 = 0;
  let num2 = 0;
  let den = 0;
  for (const p of points) {
    const u = p.pixel[0] - mx;
    const v = -(p.pixel[1] - my);
    const X = p.target[0] - mX;
    const Y = p.target[1] - mY;
    num1 += u * X + v * Y;
    num2 += u * Y - v * X;
    den += u * u + v * v;
  }
  const a = num1 / den;
  const b = num2 / den;
  // X = mX + a·u − b·v with u = x − mx, v = −(y − my)
  const gt: Gt = [mX - a * mx - b * my, a, b, mY - b * mx + a * my, b, -a];
  return { method: 'helmert', geoTransform: gt };
}

export function fitAffine(points: readonly ControlPoint[]): FittedTransform | null {
  const rows = points.map((p) => [1, p.pixel[0], p.pixel[1]]);
  const cx = leastSquares(rows, points.map((p) => p.target[0]));
  const cy = leastSquares(rows, points.map((p) => p.target[1]));
  if (!cx || !cy) return null;
  return { method: 'affine', geoTransform: [cx[0]!, cx[1]!, cx[2]!, cy[0]!, cy[1]!, cy[2]!] };
}

/** Monomials of a normalised position up to an order: 1, x, y, x², xy, y², x³, x²y, xy², y³. */
export function monomials(x: number, y: number, order: 2 | 3): number[] {
  const terms = [1, x, y, x * x, x * y, y * y];
  if (order === 3) terms.push(x * x * x, x * x * y, x * y * y, y * y * y);
  return terms;
}

/** Centre and scale of pixel positions, so polynomial terms stay near 1 (well-conditioned normal equations). */
export function normalisation(pixels: readonly Xy[]): { origin: Xy; scale: number } {
  const n = pixels.length;
  const origin: Xy = [pixels.reduce((s, p) => s + p[0], 0) / n, pixels.reduce((s, p) => s + p[1], 0) / n];
  const scale = Math.max(...pixels.map((p) => Math.hypot(p[0] - origin[0], p[1] - origin[1]))) || 1;
  return { origin, scale };
}

export function fitPolynomial(points: readonly ControlPoint[], order: 2 | 3): FittedTransform | null {
  const { origin, scale } = normalisation(points.map((p) => p.pixel));
  const rows = points.map((p) => monomials((p.pixel[0] - origin[0]) / scale, (p.pixel[1] - origin[1]) / scale, order));
  const cx = leastSquares(rows, points.map((p) => p.target[0]));
  const cy = leastSquares(rows, points.map((p) => p.target[1]));
  if (!cx || !cy) return null;
  return { method: order === 2 ? 'poly2' : 'poly3', origin, scale, cx, cy };
}
