import { describe, expect, it } from 'vitest';
import { MESSAGES } from '@calepin/core';
import { type ControlPoint, TRANSFORM_METHODS, type Xy, allowedMethods, applyTransform, fitControlPoints } from '@calepin/core/georef';

// Truth: a plan at 0.05 m per pixel, turned by 7°, in Lambert-93 near Montpellier.
const SCALE = 0.05;
const ANGLE = (7 * Math.PI) / 180;
const ORIGIN: Xy = [770_000, 6_280_000];
function truth([x, y]: Xy): [number, number] {
  const u = x * SCALE;
  const v = -y * SCALE;
  return [ORIGIN[0] + u * Math.cos(ANGLE) - v * Math.sin(ANGLE), ORIGIN[1] + u * Math.sin(ANGLE) + v * Math.cos(ANGLE)];
}

// A repeatable pseudo-random sequence (no Math.random in tests).
function noise(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648 - 0.5;
  };
}

function grid(count: number, pixelNoise: number, seed = 7): ControlPoint[] {
  const rnd = noise(seed);
  const pts: ControlPoint[] = [];
  for (let i = 0; i < count; i++) {
    const pixel: Xy = [200 + ((i * 3571) % 9600), 150 + ((i * 2713) % 6700)];
    const clicked: Xy = [pixel[0] + rnd() * 2 * pixelNoise, pixel[1] + rnd() * 2 * pixelNoise];
    pts.push({ id: `p${i}`, pixel: clicked, target: truth(pixel) });
  }
  return pts;
}

describe('control-point fits', () => {
  it('recover an exact similarity with every transform', () => {
    const pts = grid(14, 0);
    for (const method of TRANSFORM_METHODS) {
      const fit = fitControlPoints(method, pts);
      if (!fit.ok) throw new Error(fit.error.reason);
      expect(fit.rmsM, method).toBeLessThan(1e-3);
      const probe = fit.apply([5000, 3500]);
      const want = truth([5000, 3500]);
      expect(Math.hypot(probe[0] - want[0], probe[1] - want[1]), method).toBeLessThan(1e-3);
    }
  });

  it('give an RMS under 0.5 m with points clicked a few pixels off', () => {
    const pts = grid(16, 3);
    for (const method of TRANSFORM_METHODS) {
      const fit = fitControlPoints(method, pts);
      if (!fit.ok) throw new Error(fit.error.reason);
      expect(fit.rmsM, method).toBeGreaterThan(0.01);
      expect(fit.rmsM, method).toBeLessThan(0.5);
      expect(fit.residuals).toHaveLength(16);
    }
  });

  it('helmert from two points is the similarity through them', () => {
    const fit = fitControlPoints('helmert', [
      { id: 'a', pixel: [0, 0], target: truth([0, 0]) },
      { id: 'b', pixel: [1000, 500], target: truth([1000, 500]) },
    ]);
    if (!fit.ok) throw new Error(fit.error.reason);
    expect(fit.transform.method).toBe('helmert');
    const [x, y] = fit.apply([300, 900]);
    const want = truth([300, 900]);
    expect(Math.hypot(x - want[0], y - want[1])).toBeLessThan(1e-6);
  });

  it('poly2 follows a quadratic warp that affine cannot', () => {
    const bent = (p: Xy): [number, number] => {
      const [x, y] = truth(p);
      return [x + 1e-8 * p[0] * p[0], y + 2e-8 * p[0] * p[1]];
    };
    const pts = grid(12, 0).map((p, i) => {
      const pixel: Xy = [200 + ((i * 3571) % 9600), 150 + ((i * 2713) % 6700)];
      return { ...p, pixel, target: bent(pixel) };
    });
    const affine = fitControlPoints('affine', pts);
    const poly2 = fitControlPoints('poly2', pts);
    if (!affine.ok || !poly2.ok) throw new Error('fit refused');
    expect(affine.rmsM).toBeGreaterThan(0.05);
    expect(poly2.rmsM).toBeLessThan(1e-4);
  });

  it('thin-plate spline passes through the points and reports leave-one-out residuals', () => {
    const pts = grid(8, 3);
    const fit = fitControlPoints('tps', pts);
    if (!fit.ok) throw new Error(fit.error.reason);
    expect(fit.residualKind).toBe('leave_one_out');
    for (const p of pts) {
      const [x, y] = fit.apply(p.pixel);
      expect(Math.hypot(x - p.target[0], y - p.target[1])).toBeLessThan(1e-6);
    }
    expect(fit.rmsM).toBeGreaterThan(0);
    // JSON round trip: the stored transform replays the same positions.
    const stored = JSON.parse(JSON.stringify(fit.transform));
    expect(applyTransform(stored, [4321, 1234])).toEqual(fit.apply([4321, 1234]));
  });

  it('refuse too few, duplicate and collinear points with a reason', () => {
    const tooFew = fitControlPoints('poly3', grid(9, 0));
    expect(tooFew).toMatchObject({ ok: false, error: { code: 'too_few_points', params: { needed: 10, count: 9 } } });
    expect(fitControlPoints('helmert', [])).toMatchObject({ ok: false, error: { code: 'too_few_points' } });
    const line: ControlPoint[] = [0, 1, 2, 3, 4, 5].map((i) => ({ id: `l${i}`, pixel: [i * 100, i * 50], target: truth([i * 100, i * 50]) }));
    for (const method of ['affine', 'poly2', 'tps'] as const) {
      expect(fitControlPoints(method, line)).toMatchObject({ ok: false, error: { code: 'collinear_points' } });
    }
    const twice: ControlPoint[] = [
      { id: 'a', pixel: [10, 10], target: [1, 1] },
      { id: 'b', pixel: [10, 10], target: [2, 2] },
    ];
    const dup = fitControlPoints('helmert', twice);
    expect(dup).toMatchObject({ ok: false, error: { code: 'duplicate_points', key: 'e.georef_duplicate_points' } });
    if (!dup.ok) expect(MESSAGES.fr[dup.error.key]).toContain('même endroit');
  });

  it('list the transforms a number of points allows', () => {
    expect(allowedMethods(2)).toEqual(['helmert']);
    expect(allowedMethods(6)).toEqual(['helmert', 'affine', 'poly2', 'tps']);
    expect(allowedMethods(10)).toEqual(['helmert', 'affine', 'poly2', 'poly3', 'tps']);
  });
});
