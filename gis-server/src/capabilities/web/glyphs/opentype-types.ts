// The part of opentype.js (MIT, ships no types) that the glyph generator uses; fonts.ts
// loads it with require and these types, so that no ambient declaration is needed in every
// TypeScript project that reaches gis-server.
export type PathCommand =
  | { type: 'M' | 'L'; x: number; y: number }
  | { type: 'Q'; x1: number; y1: number; x: number; y: number }
  | { type: 'C'; x1: number; y1: number; x2: number; y2: number; x: number; y: number }
  | { type: 'Z' };
export interface Glyph {
  index: number;
  advanceWidth?: number;
  getPath(x: number, y: number, fontSize: number): { commands: PathCommand[] };
}
export interface Font {
  unitsPerEm: number;
  ascender: number;
  charToGlyphIndex(char: string): number;
  glyphs: { get(index: number): Glyph };
}
export interface OpenType {
  parse(buffer: ArrayBuffer): Font;
}
