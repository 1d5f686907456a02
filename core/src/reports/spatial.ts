// Spatial autocorrelation of defect rates over a plant's tables: global Moran's I (do
// defects cluster at all?) and local Getis-Ord Gi* (where are the hot and cold areas?),
// with binary distance-band weights. Formulas: Getis & Ord (1992), Ord & Getis (1995);
// Moran's I variance under the normality assumption (Cliff & Ord 1981). docs/reports.md.

/** Neighbours of each unit by index (symmetric, never the unit itself). */
export type Neighbours = readonly (readonly number[])[];

export interface GiStar {
  z: number;
  /** Two-sided p-value of z under the standard normal. */
  p: number;
  /** hot / cold at 99 % or 95 % confidence, else none. */
  kind: 'hot99' | 'hot95' | 'cold99' | 'cold95' | 'none';
}

/** Standard normal CDF (Abramowitz & Stegun 26.2.17, error below 7.5e-8). */
export function normalCdf(z: number): number {
  const t = 1 / (1 + 0.2316419 * Math.abs(z));
  const d = 0.3989422804014327 * Math.exp((-z * z) / 2);
  const tail = d * t * (0.31938153 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
  return z >= 0 ? 1 - tail : tail;
}

export const twoSided = (z: number) => 2 * (1 - normalCdf(Math.abs(z)));

function kindOf(z: number): GiStar['kind'] {
  if (z >= 2.576) return 'hot99';
  if (z >= 1.96) return 'hot95';
  if (z <= -2.576) return 'cold99';
  if (z <= -1.96) return 'cold95';
  return 'none';
}

/**
 * Gi* of each unit: its own value and its neighbours' (w = 1), against the plant's mean.
 * Gi* = (Σⱼ wᵢⱼxⱼ − x̄ Σⱼ wᵢⱼ) / (S √((n Σⱼ wᵢⱼ² − (Σⱼ wᵢⱼ)²) / (n − 1))), S² = Σx²/n − x̄².
 * All zero when every value is the same (no variance, nothing stands out).
 */
export function getisOrdGiStar(values: readonly number[], neighbours: Neighbours): GiStar[] {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const s = Math.sqrt(Math.max(values.reduce((a, b) => a + b * b, 0) / n - mean * mean, 0));
  return values.map((own, i) => {
    const around = neighbours[i] ?? [];
    const w = around.length + 1;
    const sum = around.reduce((acc, j) => acc + (values[j] ?? 0), own);
    const denominator = s * Math.sqrt((n * w - w * w) / (n - 1));
    const z = n > 1 && denominator > 1e-12 ? (sum - mean * w) / denominator : 0;
    return { z, p: twoSided(z), kind: kindOf(z) };
  });
}

export interface MoranI {
  i: number;
  expected: number;
  z: number;
  p: number;
}

/** Global Moran's I with binary weights, its expectation −1/(n−1) and its z under normality; null when undefined. */
export function moransI(values: readonly number[], neighbours: Neighbours): MoranI | null {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const dev = values.map((x) => x - mean);
  const m2 = dev.reduce((a, d) => a + d * d, 0);
  const w = neighbours.reduce((a, js) => a + js.length, 0);
  if (n < 3 || w === 0 || m2 === 0) return null;
  let cross = 0;
  neighbours.forEach((js, i) => js.forEach((j) => { cross += (dev[i] as number) * (dev[j] as number); }));
  const i = (n / w) * (cross / m2);
  const expected = -1 / (n - 1);
  // Symmetric binary weights: S1 = 2W, S2 = Σᵢ (2kᵢ)².
  const s1 = 2 * w;
  const s2 = neighbours.reduce((a, js) => a + 4 * js.length * js.length, 0);
  const variance = (n * n * s1 - n * s2 + 3 * w * w) / ((n * n - 1) * w * w) - expected * expected;
  const z = variance > 0 ? (i - expected) / Math.sqrt(variance) : 0;
  return { i, expected, z, p: twoSided(z) };
}

/** Two-proportion z-test: is a/n different from b/m? (pooled; 0 when undefined). */
export function twoProportionZ(a: number, n: number, b: number, m: number): number {
  if (!n || !m) return 0;
  const pooled = (a + b) / (n + m);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n + 1 / m));
  return se > 0 ? (a / n - b / m) / se : 0;
}
