// The report's detail maps (one page per inverter), drawn as SVG from the layout's own
// geometries: vector in the PDF (sharp at any zoom, codes as text), and no raster drawn
// and read back per page — a MapLibre page cost about 2 s of SwiftShader on the 2-core
// machine, and the 250,000-module plant has 579 of them (docs/reports.md, Speed). The
// camera is the one MapLibre's fitBounds would choose, so that when the report asks for the
// plans underneath, MapLibre draws only them at that camera, under the SVG, and they agree.
import { type MapStatus, STATUS_COLORS, tileXToLon, tileYToLat } from '@calepin/core';
import { metresPerCssPixel } from '../../../print/map-composite';
import { type Geometry, compositeProjection, mercX, mercY, pathOf } from './geo';
import { esc } from './view';

export interface DetailCamera { center: [number, number]; zoom: number }

/** A table (drawn grey, for context), one of the inverter's modules with the status the audit found (today's where it has none), or the plant's boundary line in view. */
export interface LayoutShape { kind: 'table' | 'module' | 'boundary'; code: string | null; status: string | null; geometry: Geometry }

/** A finding whose code is written on the map, at its point on surface. */
export interface Labelled { code: string; lon: number; lat: number }

const TILE = 512;
// Back from Web Mercator in units of the whole square (geo.ts's mercX and mercY, reversed).
const lonOf = (x: number) => tileXToLon(x, 0);
const latOf = (y: number) => tileYToLat(y, 0);

/** The camera MapLibre's fitBounds chooses: `bounds` inside `width` × `height` less `padding`, north up, at most `maxZoom`. */
export function fitCamera(bounds: readonly number[], width: number, height: number, padding: number, maxZoom: number): DetailCamera {
  const [w, s, e, n] = bounds as [number, number, number, number];
  const spanX = Math.max(mercX(e) - mercX(w), 1e-12);
  const spanY = Math.max(mercY(s) - mercY(n), 1e-12);
  const scale = Math.min((width - 2 * padding) / spanX, (height - 2 * padding) / spanY);
  const zoom = Math.min(maxZoom, Math.log2(scale / TILE));
  const cx = (mercX(w) + mercX(e)) / 2;
  const cy = (mercY(n) + mercY(s)) / 2;
  return { center: [lonOf(cx), latOf(cy)], zoom };
}

/**
 * The coarsest scale at which the codes of a detail map stay readable, in metres per CSS
 * pixel: a module of 1 m is 10 px wide, and the codes of findings not side by side do not
 * overlap. The demo roof's page is at 0.08.
 */
export const READABLE_METRES_PER_PIXEL = 0.1;
/** The lowest slice of a long inverter, and the room a slice keeps for its scale bar and north arrow, in CSS pixels. */
const MIN_SLICE_HEIGHT = 200;
const SLICE_FURNITURE = 70;

export interface DetailSlice { camera: DetailCamera; height: number }

/**
 * How an inverter's modules (`bounds`) are shown at a readable scale: one map of
 * `width` × `height` when they fit; otherwise cut into a grid of cells that each read at
 * that scale, every cell as high as it needs (at most `height`), to be laid one under the
 * other — a ground plant's inverter that feeds two rows of 100 m becomes two or three low
 * maps on one page instead of one map where the codes pile up. Cells without the
 * inverter's modules are left out by the caller.
 */
export function detailSlices(bounds: readonly number[], width: number, height: number, padding: number, maxZoom: number): DetailSlice[] {
  const whole = fitCamera(bounds, width, height, padding, maxZoom);
  if (cameraMetresPerPixel(whole) <= READABLE_METRES_PER_PIXEL) return [{ camera: whole, height }];
  const [w, s, e, n] = bounds as [number, number, number, number];
  const metresX = (e - w) * 111_320 * Math.cos((((s + n) / 2) * Math.PI) / 180);
  const metresY = (n - s) * 110_574;
  const columns = Math.max(1, Math.ceil(metresX / ((width - 2 * padding) * READABLE_METRES_PER_PIXEL)));
  const rows = Math.max(1, Math.ceil(metresY / ((height - 2 * padding) * READABLE_METRES_PER_PIXEL)));
  const cellHeight = Math.min(height, Math.max(MIN_SLICE_HEIGHT, Math.ceil(metresY / rows / READABLE_METRES_PER_PIXEL + 2 * padding + SLICE_FURNITURE)));
  const slices: DetailSlice[] = [];
  for (let row = 0; row < rows; row++) {
    for (let column = 0; column < columns; column++) {
      const cell = [w + ((e - w) * column) / columns, n - ((n - s) * (row + 1)) / rows, w + ((e - w) * (column + 1)) / columns, n - ((n - s) * row) / rows];
      slices.push({ camera: fitCamera(cell, width, cellHeight, padding, maxZoom), height: cellHeight });
    }
  }
  return slices;
}

/** What a camera shows in `width` × `height` CSS pixels: [west, south, east, north]. */
export function cameraBounds(camera: DetailCamera, width: number, height: number): [number, number, number, number] {
  const k = TILE * 2 ** camera.zoom;
  const cx = mercX(camera.center[0]);
  const cy = mercY(camera.center[1]);
  return [lonOf(cx - width / 2 / k), latOf(cy + height / 2 / k), lonOf(cx + width / 2 / k), latOf(cy - height / 2 / k)];
}

/** Metres per CSS pixel at the camera's centre (512-pixel tiles, as MapLibre draws). */
export const cameraMetresPerPixel = (camera: DetailCamera) =>
  metresPerCssPixel(camera.center[1], camera.zoom);

/**
 * One detail map as SVG, `width` × `height` CSS pixels: the plant's boundary (dashed), the tables
 * in grey, the inverter's modules in the status colours (the non-conforming ones outlined dark), and
 * the codes of `labelled` beside their module, white-haloed so that they read over any
 * colour. With `under` (the plans drawn by MapLibre), the background is left to them.
 */
export function detailMapSvg(
  camera: DetailCamera, width: number, height: number,
  layout: readonly LayoutShape[], labelled: readonly Labelled[], under: boolean,
): string {
  const project = compositeProjection(camera.center, camera.zoom, width, height, 1);
  const tables: string[] = [];
  const boundary: string[] = [];
  const byStatus = new Map<string, string[]>();
  for (const shape of layout) {
    const d = pathOf(shape.geometry, project);
    if (shape.kind === 'table') tables.push(d);
    else if (shape.kind === 'boundary') boundary.push(d);
    else {
      const status = shape.status ?? 'pending';
      const paths = byStatus.get(status);
      if (paths) paths.push(d);
      else byStatus.set(status, [d]);
    }
  }
  // One path per status: a page of several hundred modules stays a few elements in the PDF.
  const modules = [...byStatus].map(([status, paths]) => {
    const found = status !== 'ok' && status !== 'pending';
    const colour = STATUS_COLORS[status as MapStatus] ?? STATUS_COLORS.pending;
    return `<path d="${paths.join('')}" fill="${colour}" fill-opacity="0.95" stroke="${found ? '#0f172a' : 'rgba(15,23,42,0.35)'}" stroke-width="${found ? 0.6 : 0.4}"/>`;
  }).join('');
  const labels = labelled.map((f) => {
    const [x, y] = project([f.lon, f.lat]);
    return x < 0 || y < 0 || x > width || y > height ? ''
      : `<text x="${(x + 2).toFixed(1)}" y="${(y - 1.5).toFixed(1)}">${esc(f.code)}</text>`;
  }).join('');
  return (
    `<svg class="detail" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="100%">` +
    (under ? '' : `<rect width="${width}" height="${height}" fill="#f4f3ee"/>`) +
    (boundary.length ? `<path d="${boundary.join('')}" fill="none" stroke="#0f172a" stroke-width="2" stroke-dasharray="6 4"/>` : '') +
    `<path d="${tables.join('')}" fill="#e2e8f0" stroke="#94a3b8" stroke-width="0.6"/>` +
    modules +
    `<g font-family="DejaVu Sans" font-size="5.2" font-weight="bold" stroke="#fff" stroke-width="1.6" paint-order="stroke" fill="#0f172a">${labels}</g>` +
    '</svg>'
  );
}
