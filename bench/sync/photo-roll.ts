// Thousands of distinct 3 MB JPEGs with EXIF without encoding thousands: one noise photo is
// encoded once, and each photo of the roll is a copy whose EXIF Software text carries its
// number (same length, so the JPEG stays valid): other bytes, another SHA-256.
import { createHash } from 'node:crypto';
import { makePhoto } from '../../test-support/photos';

/** Bytes per pixel of sharp's JPEG at quality 90 on noise (measured: 2.36 MiB for 2,000 × 1,500). */
const BYTES_PER_PIXEL = 0.825;

export class PhotoRoll {
  private base: Buffer | null = null;
  private marker = -1;
  private readonly index = new Map<string, number>();

  constructor(
    private readonly megabytes: number,
    private readonly first: number,
  ) {}

  async ready(): Promise<void> {
    const pixels = (this.megabytes * 1e6) / BYTES_PER_PIXEL;
    const width = Math.round(Math.sqrt((pixels * 4) / 3));
    this.base = await makePhoto({ seed: 100_000_000, width, height: Math.round((width * 3) / 4), quality: 90 });
    this.marker = this.base.indexOf('seed 100000000');
    if (this.marker < 0) throw new Error('the photo roll cannot find its EXIF marker');
  }

  private make(i: number): Buffer {
    const bytes = Buffer.from(this.base as Buffer);
    bytes.write(`seed ${100_000_000 + this.first + i}`, this.marker, 'latin1');
    return bytes;
  }

  /** Photo number i: its SHA-256 and size (the bytes are made again when uploaded). */
  take(i: number): { sha256: string; size: number } {
    const bytes = this.make(i);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    this.index.set(sha256, i);
    return { sha256, size: bytes.length };
  }

  bytes(sha256: string): Buffer {
    const i = this.index.get(sha256);
    if (i === undefined) throw new Error(`no photo ${sha256} in the roll`);
    return this.make(i);
  }
}
