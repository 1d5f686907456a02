// One glyph drawn as a signed distance field, the way MapLibre's glyph PBFs expect it
// (node-fontnik's conventions: 24 px em, 3 px border, radius 8, cutoff 0.25). Computed from
// the outline itself — the distance of each pixel centre to the nearest edge, signed by the
// non-zero winding rule — rather than from a rasterised bitmap: exact, and no canvas needed.
import type { PathCommand } from './opentype-types';

export const GLYPH_SIZE = 24;
export const GLYPH_BORDER = 3;
const RADIUS = 8;
const CUTOFF = 0.25;
/** A curve is cut into straight pieces about this long, in px (at most 8): a chord strays by a small fraction of a pixel. */
const CURVE_PIECE_PX = 1.5;
const steps = (...points: number[]) => {
  let length = 0;
  for (let i = 2; i < points.length; i += 2) length += Math.hypot((points[i] as number) - (points[i - 2] as number), (points[i + 1] as number) - (points[i - 1] as number));
  return Math.max(1, Math.min(8, Math.ceil(length / CURVE_PIECE_PX)));
};

export interface SdfGlyph {
  width: number;
  height: number;
  left: number;
  /** Top of the glyph box relative to the ascender line (fontnik: bbox top − ascender). */
  top: number;
  /** (width + 6) × (height + 6) bytes; empty for a glyph with no outline (a space). */
  bitmap: Uint8Array;
}

type Segment = [number, number, number, number];

/** The outline as straight segments, y up (opentype gives y down). */
function segmentsOf(commands: readonly PathCommand[]): Segment[] {
  const segments: Segment[] = [];
  let x = 0, y = 0, startX = 0, startY = 0;
  const line = (nx: number, ny: number) => {
    if (nx !== x || ny !== y) segments.push([x, -y, nx, -ny]);
    x = nx;
    y = ny;
  };
  for (const c of commands) {
    if (c.type === 'M') {
      if (x !== startX || y !== startY) line(startX, startY);
      x = startX = c.x;
      y = startY = c.y;
    } else if (c.type === 'L') {
      line(c.x, c.y);
    } else if (c.type === 'Q') {
      const [x0, y0] = [x, y];
      const n = steps(x0, y0, c.x1, c.y1, c.x, c.y);
      for (let i = 1; i <= n; i++) {
        const t = i / n, u = 1 - t;
        line(u * u * x0 + 2 * u * t * c.x1 + t * t * c.x, u * u * y0 + 2 * u * t * c.y1 + t * t * c.y);
      }
    } else if (c.type === 'C') {
      const [x0, y0] = [x, y];
      const n = steps(x0, y0, c.x1, c.y1, c.x2, c.y2, c.x, c.y);
      for (let i = 1; i <= n; i++) {
        const t = i / n, u = 1 - t;
        line(
          u * u * u * x0 + 3 * u * u * t * c.x1 + 3 * u * t * t * c.x2 + t * t * t * c.x,
          u * u * u * y0 + 3 * u * u * t * c.y1 + 3 * u * t * t * c.y2 + t * t * t * c.y,
        );
      }
    } else {
      line(startX, startY);
    }
  }
  if (x !== startX || y !== startY) line(startX, startY);
  return segments;
}

/** Segments flattened into one array (x1, y1, x2, y2, …): the loops below run per pixel. */
function flat(segments: readonly Segment[]): Float64Array {
  const out = new Float64Array(segments.length * 4);
  segments.forEach((s, i) => out.set(s, i * 4));
  return out;
}

/** Distance from a point to the outline, and whether the point is inside (non-zero winding). */
function signedDistance(px: number, py: number, s: Float64Array): number {
  let best = Infinity;
  let w = 0;
  for (let i = 0; i < s.length; i += 4) {
    const x1 = s[i] as number, y1 = s[i + 1] as number, x2 = s[i + 2] as number, y2 = s[i + 3] as number;
    const dx = x2 - x1, dy = y2 - y1;
    const lengthSq = dx * dx + dy * dy;
    let t = lengthSq === 0 ? 0 : ((px - x1) * dx + (py - y1) * dy) / lengthSq;
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    const ex = x1 + t * dx - px, ey = y1 + t * dy - py;
    const dSq = ex * ex + ey * ey;
    if (dSq < best) best = dSq;
    const side = dx * (py - y1) - (px - x1) * dy;
    if (y1 <= py) {
      if (y2 > py && side > 0) w++;
    } else if (y2 <= py && side < 0) {
      w--;
    }
  }
  const d = Math.sqrt(best);
  return w !== 0 ? -d : d;
}

/** The glyph of a path drawn at GLYPH_SIZE px, its baseline at y = 0. */
export function sdfGlyph(commands: readonly PathCommand[], ascender: number): SdfGlyph {
  const segments = segmentsOf(commands);
  if (segments.length === 0) return { width: 0, height: 0, left: 0, top: -ascender, bitmap: new Uint8Array(0) };
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const [x1, y1, x2, y2] of segments) {
    minX = Math.min(minX, x1, x2);
    maxX = Math.max(maxX, x1, x2);
    minY = Math.min(minY, y1, y2);
    maxY = Math.max(maxY, y1, y2);
  }
  const left = Math.floor(minX), bottom = Math.floor(minY);
  const right = Math.ceil(maxX), top = Math.ceil(maxY);
  const width = right - left, height = top - bottom;
  const w = width + 2 * GLYPH_BORDER, h = height + 2 * GLYPH_BORDER;
  const bitmap = new Uint8Array(w * h);
  const edges = flat(segments);
  for (let row = 0; row < h; row++) {
    const py = top + GLYPH_BORDER - row - 0.5;
    for (let col = 0; col < w; col++) {
      const px = left - GLYPH_BORDER + col + 0.5;
      const signed = signedDistance(px, py, edges);
      bitmap[row * w + col] = Math.max(0, Math.min(255, Math.round(255 - 255 * (signed / RADIUS + CUTOFF))));
    }
  }
  return { width, height, left, top: top - ascender, bitmap };
}
