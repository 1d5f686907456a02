// JPEG photos with EXIF (camera, time with its offset, GPS) for tests and benchmarks, made
// with sharp from seeded noise: the same seed gives the same bytes, another seed other
// bytes (another SHA-256). Noise compresses badly, so a 2,000 × 1,500 photo weighs about
// what an EL camera's does.
import sharp from 'sharp';

export interface PhotoSpec {
  seed: number;
  width?: number;
  height?: number;
  quality?: number;
  /** [lon, lat] written in the EXIF GPS tags. */
  gps?: [number, number];
  /** Local time and offset, as a camera writes them. */
  takenAt?: { local: string; offset: string };
}

function noise(seed: number, length: number): Buffer {
  // xorshift32: fast, seeded, good enough for pixels.
  let x = (seed * 2654435761) >>> 0 || 1;
  const out = Buffer.allocUnsafe(length);
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}

const dms = (value: number) => {
  const a = Math.abs(value);
  const d = Math.floor(a);
  const m = Math.floor((a - d) * 60);
  const s = Math.round(((a - d) * 60 - m) * 60 * 10000);
  return `${d}/1 ${m}/1 ${s}/10000`;
};

export async function makePhoto(spec: PhotoSpec): Promise<Buffer> {
  const width = spec.width ?? 640;
  const height = spec.height ?? 480;
  const [lon, lat] = spec.gps ?? [1.3552, 43.9866];
  const taken = spec.takenAt ?? { local: '2026:11:20 22:41:07', offset: '+01:00' };
  return sharp(noise(spec.seed, width * height * 3), { raw: { width, height, channels: 3 } })
    .jpeg({ quality: spec.quality ?? 85 })
    .withExif({
      IFD0: { Make: 'Calepin Test', Model: 'EL-Cam 1', Software: `seed ${spec.seed}` },
      IFD2: { DateTimeOriginal: taken.local, OffsetTimeOriginal: taken.offset },
      IFD3: {
        GPSLatitudeRef: lat >= 0 ? 'N' : 'S', GPSLatitude: dms(lat),
        GPSLongitudeRef: lon >= 0 ? 'E' : 'W', GPSLongitude: dms(lon),
      },
    })
    .toBuffer();
}
