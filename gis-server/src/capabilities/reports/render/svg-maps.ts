// The statistics maps of the report, drawn as SVG from the tables' and modules' outlines
// (vector in the PDF, sharp at any zoom): defect rate per table (choropleth), Gi* hot and
// cold spots, the comparison with the previous audit, and the small map that locates a photo.
import { scaleBarSvg, northArrowSvg } from '../../../print/cartography';
import { type Geometry, bboxOf, fitBox, pathOf, svgMetresPerPixel } from './geo';

export const RATE_CLASSES = [
  { max: 0, color: '#f1f5f9' },
  { max: 0.02, color: '#fde68a' },
  { max: 0.05, color: '#fb923c' },
  { max: 0.1, color: '#ef4444' },
  { max: Number.POSITIVE_INFINITY, color: '#7f1d1d' },
] as const;
export const rateColor = (rate: number) => (RATE_CLASSES.find((c) => rate <= c.max) ?? RATE_CLASSES[4]).color;

export const HOT_COLORS = { hot99: '#b91c1c', hot95: '#f87171', none: '#e2e8f0', cold95: '#60a5fa', cold99: '#1d4ed8' } as const;
/** The comparison's colours, the web report's too (core). */
export { CHANGE_COLORS } from '@calepin/core';

interface Shape { geometry: Geometry; fill: string }

/** Shapes filled over a light background, with scale bar and north arrow, `width` × `height` CSS pixels. */
export function shapesSvg(shapes: readonly Shape[], context: readonly Geometry[], width: number, height: number): string {
  const bbox = bboxOf([...context, ...shapes.map((s) => s.geometry)]);
  if (!bbox) return '';
  const project = fitBox(bbox, width, height, 12);
  const under = context.map((g) => `<path d="${pathOf(g, project)}"/>`).join('');
  const over = shapes.map((s) => `<path d="${pathOf(s.geometry, project)}" fill="${s.fill}"/>`).join('');
  return (
    `<div class="svgmap"><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">` +
    `<rect width="${width}" height="${height}" fill="#f8fafc"/>` +
    `<g fill="#e2e8f0" stroke="#cbd5e1" stroke-width="0.3">${under}</g>` +
    `<g stroke="#475569" stroke-width="0.3">${over}</g></svg>` +
    `<div class="north">${northArrowSvg(34)}</div><div class="scale">${scaleBarSvg(svgMetresPerPixel(bbox, width, height, 12))}</div></div>`
  );
}

/** A small map locating one point on the plant: its tables in grey, the point as a red ring. */
export function locatorSvg(context: readonly Geometry[], lon: number, lat: number, size = 110): string {
  const bbox = bboxOf(context);
  if (!bbox) return '';
  const project = fitBox(bbox, size, size, 6);
  const [x, y] = project([lon, lat]);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${size} ${size}" width="${size}" height="${size}">` +
    `<rect width="${size}" height="${size}" fill="#f8fafc" stroke="#94a3b8"/>` +
    `<g fill="#cbd5e1">${context.map((g) => `<path d="${pathOf(g, project)}"/>`).join('')}</g>` +
    `<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="6" fill="none" stroke="#dc2626" stroke-width="2"/>` +
    `<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="2" fill="#dc2626"/></svg>`
  );
}
