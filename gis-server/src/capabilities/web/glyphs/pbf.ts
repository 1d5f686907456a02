// The glyph range file MapLibre reads (`{fontstack}/{start}-{end}.pbf`): the protobuf
// message `glyphs { repeated fontstack stacks = 1 }`, `fontstack { name = 1; range = 2;
// repeated glyph glyphs = 3 }`, `glyph { id = 1; bitmap = 2; width = 3; height = 4;
// sint32 left = 5; sint32 top = 6; advance = 7 }` (mapbox/glyph-pbf's glyphs.proto).
// Written by hand: a dozen lines, where a protobuf library would be a dependency.

export interface PbfGlyph {
  id: number;
  bitmap: Uint8Array;
  width: number;
  height: number;
  left: number;
  top: number;
  advance: number;
}

class Writer {
  private readonly bytes: number[] = [];
  varint(value: number): this {
    let v = value >>> 0;
    while (v > 0x7f) {
      this.bytes.push((v & 0x7f) | 0x80);
      v >>>= 7;
    }
    this.bytes.push(v);
    return this;
  }
  uint(field: number, value: number): this {
    return this.varint(field << 3).varint(value);
  }
  sint(field: number, value: number): this {
    return this.uint(field, (value << 1) ^ (value >> 31));
  }
  bytesField(field: number, data: Uint8Array): this {
    this.varint((field << 3) | 2).varint(data.length);
    for (const b of data) this.bytes.push(b);
    return this;
  }
  string(field: number, text: string): this {
    return this.bytesField(field, new TextEncoder().encode(text));
  }
  done(): Uint8Array {
    return Uint8Array.from(this.bytes);
  }
}

export function encodeGlyphRange(fontstack: string, range: string, glyphs: readonly PbfGlyph[]): Uint8Array {
  const stack = new Writer().string(1, fontstack).string(2, range);
  for (const g of glyphs) {
    const glyph = new Writer().uint(1, g.id);
    if (g.bitmap.length) glyph.bytesField(2, g.bitmap);
    glyph.uint(3, g.width).uint(4, g.height).sint(5, g.left).sint(6, g.top).uint(7, g.advance);
    stack.bytesField(3, glyph.done());
  }
  return new Writer().bytesField(1, stack.done()).done();
}
