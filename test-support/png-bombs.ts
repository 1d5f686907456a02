// PNG files that claim far more pixels than they carry: issue 13's decompression bombs.
import { once } from 'node:events';
import { createDeflate, crc32, deflateSync } from 'node:zlib';

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body) >>> 0);
  return Buffer.concat([length, body, crc]);
}

function ihdr(width: number, height: number, bitDepth: number, colourType: number): Buffer {
  const data = Buffer.alloc(13);
  data.writeUInt32BE(width, 0);
  data.writeUInt32BE(height, 4);
  data.writeUInt8(bitDepth, 8);
  data.writeUInt8(colourType, 9); // 0 grey, 2 RGB
  return chunk('IHDR', data); // compression, filter and interlace: 0
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A PNG of `width` × `height` RGB pixels whose image data is empty (the probe's 100,000 × 100,000). */
export function emptyPng(width: number, height: number): Buffer {
  return Buffer.concat([SIGNATURE, ihdr(width, height, 8, 2), chunk('IDAT', deflateSync(Buffer.alloc(0))), chunk('IEND', Buffer.alloc(0))]);
}

/**
 * A real, complete PNG of `size` × `size` white 1-bit grey pixels: 30,000 px a side is
 * 900 megapixels (900 MB once GDAL decodes it to bytes, 3.6 GB as RGBA) in about 110 KB.
 * Deflated as a stream, row block by row block, so that making it needs little memory.
 */
export async function bombPng(size: number): Promise<Buffer> {
  const row = Buffer.alloc(1 + Math.ceil(size / 8), 0xff);
  row[0] = 0; // filter: none
  const rowsPerBlock = Math.max(1, Math.floor((4 << 20) / row.length));
  const block = Buffer.concat(Array.from({ length: Math.min(rowsPerBlock, size) }, () => row));
  const deflate = createDeflate({ level: 9 });
  const out: Buffer[] = [];
  deflate.on('data', (c: Buffer) => out.push(c));
  const ended = once(deflate, 'end');
  for (let done = 0; done < size; done += rowsPerBlock) {
    const rows = Math.min(rowsPerBlock, size - done);
    if (!deflate.write(block.subarray(0, rows * row.length))) await once(deflate, 'drain');
  }
  deflate.end();
  await ended;
  return Buffer.concat([SIGNATURE, ihdr(size, size, 1, 0), chunk('IDAT', Buffer.concat(out)), chunk('IEND', Buffer.alloc(0))]);
}
