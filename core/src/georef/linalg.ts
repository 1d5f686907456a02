// Small dense linear algebra for control-point fits (at most a few hundred points).

/** Solves A x = b in place by Gaussian elimination with partial pivoting; null when A is singular. */
export function solve(a: number[][], b: number[]): number[] | null {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i] as number]);
  let scale = 0;
  for (const row of m) for (let j = 0; j < n; j++) scale = Math.max(scale, Math.abs(row[j] as number));
  if (scale === 0) return null;
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) {
      if (Math.abs(m[r]![col]!) > Math.abs(m[pivot]![col]!)) pivot = r;
    }
    if (Math.abs(m[pivot]![col]!) < scale * 1e-12) return null;
    [m[col], m[pivot]] = [m[pivot]!, m[col]!];
    const p = m[col]!;
    for (let r = col + 1; r < n; r++) {
      const row = m[r]!;
      const f = row[col]! / p[col]!;
      if (f === 0) continue;
      for (let j = col; j <= n; j++) row[j] = row[j]! - f * p[j]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    const row = m[r]!;
    let s = row[n]!;
    for (let j = r + 1; j < n; j++) s -= row[j]! * x[j]!;
    x[r] = s / row[r]!;
  }
  return x;
}

/** Least squares: minimises |A x − b|² through the normal equations; null when rank deficient. */
export function leastSquares(rows: number[][], b: number[]): number[] | null {
  const k = rows[0]?.length ?? 0;
  const ata = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const atb = new Array<number>(k).fill(0);
  rows.forEach((row, i) => {
    for (let p = 0; p < k; p++) {
      atb[p] = atb[p]! + row[p]! * b[i]!;
      for (let q = 0; q < k; q++) ata[p]![q] = ata[p]![q]! + row[p]! * row[q]!;
    }
  });
  return solve(ata, atb);
}
