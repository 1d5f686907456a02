// Control-point georeferencing: pixel (or drawing) coordinates → projected metres.

export type Xy = readonly [number, number];

/** Transforms offered to the user, with the fewest control points each needs. */
export const TRANSFORM_METHODS = ['helmert', 'affine', 'poly2', 'poly3', 'tps'] as const;
export type TransformMethod = (typeof TRANSFORM_METHODS)[number];
export const MIN_POINTS: Record<TransformMethod, number> = { helmert: 2, affine: 3, poly2: 6, poly3: 10, tps: 3 };

/**
 * A control point. `pixel` is GDAL's pixel/line space: (0, 0) is the top-left corner of
 * the top-left pixel, x to the right, y DOWN. `target` is in the plant's projected CRS, metres.
 */
export interface ControlPoint {
  id: string;
  pixel: Xy;
  target: Xy;
}

/** A fitted transform as plain JSON (stored with the plan, replayed by the web and the warp). */
export type FittedTransform =
  | { method: 'helmert' | 'affine'; geoTransform: [number, number, number, number, number, number] }
  | { method: 'poly2' | 'poly3'; origin: Xy; scale: number; cx: number[]; cy: number[] }
  | { method: 'tps'; origin: Xy; scale: number; nodes: Xy[]; wx: number[]; wy: number[]; ax: number[]; ay: number[] };

/** Residual = transformed pixel − target, in metres. */
export interface Residual {
  id: string;
  dxM: number;
  dyM: number;
  m: number;
}

export type FitErrorCode = 'too_few_points' | 'duplicate_points' | 'collinear_points' | 'degenerate_points';

export interface FitError {
  code: FitErrorCode;
  /** Message key in @calepin/core i18n (e.g. 'e.georef_too_few_points'). */
  key: `e.georef_${FitErrorCode}`;
  params: Record<string, string | number>;
  /** The same reason in English, for logs and tests. */
  reason: string;
}

export interface Fit {
  ok: true;
  transform: FittedTransform;
  /**
   * 'fit': residual of each point against the fitted transform (least squares).
   * 'leave_one_out': the thin-plate spline passes through every point, so each residual is
   * the error at that point of the spline fitted WITHOUT it (0 when fewer than 4 points).
   */
  residualKind: 'fit' | 'leave_one_out';
  residuals: Residual[];
  /** Root mean square of the residual lengths, metres. */
  rmsM: number;
  apply(pixel: Xy): [number, number];
}

export type FitResult = Fit | { ok: false; error: FitError };
