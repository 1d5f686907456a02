import { applyTransform } from './apply';
import { fitAffine, fitHelmert, fitPolynomial, normalisation } from './polynomial';
import { fitTps } from './tps';
import {
  type ControlPoint,
  type FitError,
  type FitErrorCode,
  type FitResult,
  type FittedTransform,
  MIN_POINTS,
  type Residual,
  type TransformMethod,
  type Xy,
} from './types';

function failure(code: FitErrorCode, params: Record<string, string | number>, reason: string): FitResult {
  const error: FitError = { code, key: `e.georef_${code}`, params, reason };
  return { ok: false, error };
}

/** Two points closer than this fraction of the spread of all points count as the same point. */
const SAME_POINT = 1e-9;
/** Ratio of the smallest to the largest spread below which points count as on one line. */
const LINE_RATIO = 1e-6;

/** Why these pixel positions cannot carry a transform, or null when they can. */
function checkGeometry(method: TransformMethod, points: readonly ControlPoint[]): FitResult | null {
  const needed = MIN_POINTS[method];
  if (points.length < needed) {
    return failure('too_few_points', { method, needed, count: points.length },
      `${method} needs at least ${needed} control points (${points.length} given)`);
  }
  const { origin, scale } = normalisation(points.map((p) => p.pixel));
  const rel = points.map((p) => [(p.pixel[0] - origin[0]) / scale, (p.pixel[1] - origin[1]) / scale] as const);
  for (let i = 0; i < rel.length; i++) {
    for (let j = i + 1; j < rel.length; j++) {
      if (Math.hypot(rel[i]![0] - rel[j]![0], rel[i]![1] - rel[j]![1]) < SAME_POINT || scale === 0) {
        return failure('duplicate_points', { a: points[i]!.id, b: points[j]!.id },
          `control points ${points[i]!.id} and ${points[j]!.id} are at the same place on the plan`);
      }
    }
  }
  if (method === 'helmert') return null;
  // Smallest / largest eigenvalue of the covariance of the positions.
  let sxx = 0, syy = 0, sxy = 0;
  for (const [x, y] of rel) { sxx += x * x; syy += y * y; sxy += x * y; }
  const mean = (sxx + syy) / 2;
  const diff = Math.sqrt(((sxx - syy) / 2) ** 2 + sxy * sxy);
  if ((mean - diff) / (mean + diff) < LINE_RATIO) {
    return failure('collinear_points', { method }, `the control points are on one line: ${method} needs points spread over the plan`);
  }
  return null;
}

function fitMethod(method: TransformMethod, points: readonly ControlPoint[]): FittedTransform | null {
  switch (method) {
    case 'helmert': return fitHelmert(points);
    case 'affine': return fitAffine(points);
    case 'poly2': return fitPolynomial(points, 2);
    case 'poly3': return fitPolynomial(points, 3);
    case 'tps': return fitTps(points);
  }
}

function residual(t: FittedTransform, p: ControlPoint): Residual {
  const [x, y] = applyTransform(t, p.pixel);
  const dxM = x - p.target[0];
  const dyM = y - p.target[1];
  return { id: p.id, dxM, dyM, m: Math.hypot(dxM, dyM) };
}

/** Residual of each point against a thin-plate spline fitted on all the other points. */
function leaveOneOut(points: readonly ControlPoint[]): Residual[] {
  return points.map((p, i) => {
    const others = points.filter((_, j) => j !== i);
    const t = others.length >= MIN_POINTS.tps && !checkGeometry('tps', others) ? fitTps(others) : null;
    return t ? residual(t, p) : { id: p.id, dxM: 0, dyM: 0, m: 0 };
  });
}

/**
 * Fits a transform from control points (pixel → projected metres) and reports the
 * residual of each point and the RMS, or why it cannot (too few, duplicate or collinear points).
 */
export function fitControlPoints(method: TransformMethod, points: readonly ControlPoint[]): FitResult {
  const refused = checkGeometry(method, points);
  if (refused) return refused;
  const transform = fitMethod(method, points);
  if (!transform) {
    return failure('degenerate_points', { method },
      `these control points do not determine a ${method} transform: move or add points`);
  }
  const residualKind = method === 'tps' ? 'leave_one_out' : 'fit';
  const residuals = method === 'tps' ? leaveOneOut(points) : points.map((p) => residual(transform, p));
  const rmsM = Math.sqrt(residuals.reduce((s, r) => s + r.m * r.m, 0) / residuals.length);
  return { ok: true, transform, residualKind, residuals, rmsM, apply: (pixel: Xy) => applyTransform(transform, pixel) };
}

/** The transforms the number of points allows, simplest first. */
export function allowedMethods(count: number): TransformMethod[] {
  return (Object.keys(MIN_POINTS) as TransformMethod[]).filter((m) => count >= MIN_POINTS[m]);
}
