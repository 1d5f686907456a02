// The furniture of a printed map: a scale bar and a north arrow, as SVG to lay over it.

/** The longest round length (1, 2 or 5 × 10ⁿ metres) that fits in `maxPx` CSS pixels. */
export function roundLength(metresPerPixel: number, maxPx: number): { metres: number; px: number } {
  const max = metresPerPixel * maxPx;
  const power = 10 ** Math.floor(Math.log10(max));
  const metres = [5, 2, 1].map((m) => m * power).find((m) => m <= max) ?? power;
  return { metres, px: metres / metresPerPixel };
}

const label = (metres: number) => (metres >= 1000 ? `${metres / 1000} km` : `${metres} m`);

/** A two-segment scale bar for a map drawn at `metresPerPixel` (CSS pixels of the printed image). */
export function scaleBarSvg(metresPerPixel: number, maxPx = 160): string {
  const { metres, px } = roundLength(metresPerPixel, maxPx);
  const w = Math.round(px);
  const half = Math.round(px / 2);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w + 40}" height="30" viewBox="0 0 ${w + 40} 30">` +
    `<g font-family="DejaVu Sans, sans-serif" font-size="10" fill="#0f172a">` +
    `<rect x="4" y="14" width="${half}" height="6" fill="#0f172a"/>` +
    `<rect x="${4 + half}" y="14" width="${w - half}" height="6" fill="#fff" stroke="#0f172a"/>` +
    `<rect x="4" y="14" width="${w}" height="6" fill="none" stroke="#0f172a"/>` +
    `<text x="4" y="10">0</text><text x="${4 + w}" y="10" text-anchor="middle">${label(metres)}</text>` +
    `</g></svg>`
  );
}

/** A north arrow for a map drawn with north up. */
export function northArrowSvg(size = 44): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 44 44">` +
    `<circle cx="22" cy="24" r="15" fill="#fff" fill-opacity="0.85" stroke="#0f172a" stroke-width="1"/>` +
    `<path d="M22 11 L28 32 L22 27 L16 32 Z" fill="#0f172a"/>` +
    `<path d="M22 11 L22 27 L16 32 Z" fill="#fff" stroke="#0f172a" stroke-width="0.8"/>` +
    `<text x="22" y="9" text-anchor="middle" font-family="DejaVu Sans, sans-serif" font-weight="bold" font-size="10" fill="#0f172a">N</text>` +
    `</svg>`
  );
}
