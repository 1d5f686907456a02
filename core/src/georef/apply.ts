import { monomials } from './polynomial';
import { tpsKernel } from './tps';
import type { FittedTransform, Xy } from './types';

const dot = (a: readonly number[], b: readonly number[]) => a.reduce((s, v, i) => s + v * (b[i] as number), 0);

/** Pixel (GDAL pixel/line, y down) → projected metres through a fitted transform. */
export function applyTransform(t: FittedTransform, pixel: Xy): [number, number] {
  const [x, y] = pixel;
  switch (t.method) {
    case 'helmert':
    case 'affine': {
      const g = t.geoTransform;
      return [g[0] + g[1] * x + g[2] * y, g[3] + g[4] * x + g[5] * y];
    }
    case 'poly2':
    case 'poly3': {
      const terms = monomials((x - t.origin[0]) / t.scale, (y - t.origin[1]) / t.scale, t.method === 'poly2' ? 2 : 3);
      return [dot(terms, t.cx), dot(terms, t.cy)];
    }
    case 'tps': {
      const u = (x - t.origin[0]) / t.scale;
      const v = (y - t.origin[1]) / t.scale;
      const k = t.nodes.map(([nx, ny]) => tpsKernel(u - nx, v - ny));
      return [dot(k, t.wx) + t.ax[0]! + t.ax[1]! * u + t.ax[2]! * v, dot(k, t.wy) + t.ay[0]! + t.ay[1]! * u + t.ay[2]! * v];
    }
  }
}
