// The fonts of map labels: Noto Sans (SIL Open Font License 1.1, from the npm package
// @fontsource/noto-sans), regular and bold, each from its Latin and Latin Extended files —
// every letter of French and the other languages of Latin script. A glyph range is drawn
// from them the first time it is asked for and kept in memory (about 60 KB each).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Font, OpenType } from './opentype-types';
import { type PbfGlyph, encodeGlyphRange } from './pbf';
import { GLYPH_SIZE, sdfGlyph } from './sdf';

/** The font stacks served, by the name a style's `text-font` gives. */
export const FONTSTACKS: Record<string, { weight: 400 | 700 }> = {
  'Noto Sans Regular': { weight: 400 },
  'Noto Sans Bold': { weight: 700 },
};

const require = createRequire(import.meta.url);
const opentype = require('opentype.js') as OpenType;
const faces = new Map<string, Font[]>();

function facesOf(fontstack: string): Font[] {
  const known = faces.get(fontstack);
  if (known) return known;
  const { weight } = FONTSTACKS[fontstack] as { weight: number };
  const loaded = ['latin', 'latin-ext'].map((subset) => {
    const file = readFileSync(require.resolve(`@fontsource/noto-sans/files/noto-sans-${subset}-${weight}-normal.woff`));
    return opentype.parse(file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength));
  });
  faces.set(fontstack, loaded);
  return loaded;
}

/** The PBF of the 256 code points from `start` (a multiple of 256): those the fonts draw, none otherwise. */
export function glyphRange(fontstack: string, start: number): Uint8Array {
  const glyphs: PbfGlyph[] = [];
  for (let id = start; id < start + 256; id++) {
    const char = String.fromCodePoint(id);
    const font = facesOf(fontstack).find((f) => f.charToGlyphIndex(char) > 0);
    if (!font) continue;
    const glyph = font.glyphs.get(font.charToGlyphIndex(char));
    const scale = GLYPH_SIZE / font.unitsPerEm;
    const sdf = sdfGlyph(glyph.getPath(0, 0, GLYPH_SIZE).commands, Math.round(font.ascender * scale));
    glyphs.push({ id, ...sdf, advance: Math.round((glyph.advanceWidth ?? 0) * scale) });
  }
  return encodeGlyphRange(fontstack, `${start}-${start + 255}`, glyphs);
}
