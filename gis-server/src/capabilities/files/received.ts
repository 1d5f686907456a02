// A field file (photo or voice note) whose bytes arrived whole and match their SHA-256:
// stored once, registered with what the file tells, its thumbnail and web version made,
// and the photos rows waiting for it completed.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import exifr from 'exifr';
import type { Logger } from 'pino';
import sharp from 'sharp';
import type { Queryable } from '../../db';
import { changesApplied } from '../../sync/events';
import { LocalFileStore } from '../../storage/file-store';

export type FieldFileKind = 'photo' | 'voice';

export interface ArrivedFile {
  path: string;
  sha256: string;
  size: number;
  kind: FieldFileKind;
  mimeType: string;
  filename: string | null;
  previewOf: string | null;
  userId: string;
}

export const originals = (filesDir: string, kind: FieldFileKind) => new LocalFileStore(filesDir, kind === 'voice' ? 'voice' : 'photos');
export const derivatives = (filesDir: string) => new LocalFileStore(filesDir, 'photo-sizes');

export const DERIVATIVES = { thumb: 256, web: 1600 } as const;
export type Derivative = keyof typeof DERIVATIVES;

export async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export async function receive(db: Queryable, filesDir: string, log: Logger, file: ArrivedFile): Promise<void> {
  const store = originals(filesDir, file.kind);
  if (!(await store.has(file.sha256))) {
    const stored = await store.put(createReadStream(file.path));
    // Hashed once more on the way in: the store never holds bytes under another name.
    if (stored.sha256 !== file.sha256) throw new Error(`upload ${file.path} changed while it was stored`);
  }
  const facts = file.kind === 'photo' ? await photoFacts(store.path(file.sha256), log) : null;
  await db.query(
    `insert into stored_files (sha256, kind, size_bytes, mime_type, filename, preview_of, width, height, exif, taken_at, gps, uploaded_by)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10,
             case when $11::float8 is null then null else st_setsrid(st_point($11, $12), 4326) end, $13)
     on conflict (sha256) do nothing`,
    [file.sha256, file.kind, file.size, file.mimeType, file.filename, file.previewOf, facts?.width ?? null, facts?.height ?? null,
     facts?.exif ? JSON.stringify(facts.exif) : null, facts?.takenAt ?? null, facts?.gps?.[0] ?? null, facts?.gps?.[1] ?? null, file.userId],
  );
  if (facts) soon(() => makeDerivatives(db, filesDir, file.sha256, log), log);
  const { rows } = await db.query<{ mission_id: string | null; plant_id: string }>('select * from complete_photo_files($1::text[])', [[file.sha256]]);
  for (const row of rows) {
    if (row.mission_id) {
      changesApplied({ missionId: row.mission_id, plantId: row.plant_id, userId: file.userId, tables: ['photos'], applied: 1, conflicts: 0, origin: 'api' });
    }
  }
}

let queue: Promise<unknown> = Promise.resolve();

/**
 * Thumbnails and web versions are made after the upload is answered, one photo at a time:
 * the device does not wait for sharp, and the other core stays free for requests. A read
 * that comes before them makes them itself (GET /files/{sha256}?size=thumb).
 */
function soon(work: () => Promise<unknown>, log: Logger): void {
  queue = queue.then(work).catch((error: unknown) => log.warn({ err: error }, 'thumbnails not made now: made on first read'));
}

interface PhotoFacts {
  width: number | null;
  height: number | null;
  exif: Record<string, unknown> | null;
  takenAt: string | null;
  gps: [number, number] | null;
}

// What the back-office shows of a photo's EXIF; maker notes and thumbnails stay in the original.
const EXIF_TAGS = [
  'Make', 'Model', 'Software', 'LensModel', 'Orientation', 'DateTimeOriginal', 'OffsetTimeOriginal', 'ExposureTime',
  'FNumber', 'ISO', 'FocalLength', 'ExifImageWidth', 'ExifImageHeight', 'GPSLatitude', 'GPSLatitudeRef', 'GPSLongitude',
  'GPSLongitudeRef', 'GPSAltitude', 'GPSImgDirection',
];

async function photoFacts(path: string, log: Logger): Promise<PhotoFacts | null> {
  let size: { width?: number; height?: number };
  try {
    size = await sharp(path).metadata();
  } catch (error) {
    log.warn({ err: error, path }, 'a field photo that sharp cannot read: kept as it is, without sizes');
    return null;
  }
  const exif = (await exifr.parse(path, { pick: EXIF_TAGS, gps: true, reviveValues: false }).catch(() => null)) as Record<string, unknown> | null;
  const date = typeof exif?.DateTimeOriginal === 'string' ? exif.DateTimeOriginal : null;
  const offset = typeof exif?.OffsetTimeOriginal === 'string' ? exif.OffsetTimeOriginal : null;
  // Without its offset an EXIF time is a wall clock of an unknown zone: not an instant.
  const takenAt = date && offset && /^\d{4}:\d\d:\d\d \d\d:\d\d:\d\d$/.test(date) && /^[+-]\d\d:\d\d$/.test(offset)
    ? `${date.slice(0, 10).replace(/:/g, '-')}T${date.slice(11)}${offset}`
    : null;
  const lat = exif?.latitude;
  const lon = exif?.longitude;
  const gps = typeof lat === 'number' && typeof lon === 'number' && Math.abs(lat) <= 85 && Math.abs(lon) <= 180 ? ([lon, lat] as [number, number]) : null;
  const plain = exif ? JSON.parse(JSON.stringify(exif, (_, v: unknown) => (v instanceof Uint8Array ? undefined : v))) : null;
  return { width: size.width ?? null, height: size.height ?? null, exif: plain, takenAt, gps };
}

/** The thumbnail and the web version of a stored photo (or preview), made once, upright. */
export async function makeDerivatives(db: Queryable, filesDir: string, sha256: string, log: Logger): Promise<Record<Derivative, string> | null> {
  const source = originals(filesDir, 'photo').path(sha256);
  const made: Partial<Record<Derivative, string>> = {};
  try {
    for (const [name, px] of Object.entries(DERIVATIVES) as [Derivative, number][]) {
      const image = sharp(source).rotate().resize(px, px, { fit: 'inside', withoutEnlargement: true }).jpeg({ quality: name === 'thumb' ? 75 : 82, mozjpeg: false });
      made[name] = (await derivatives(filesDir).put(image)).sha256;
    }
  } catch (error) {
    log.warn({ err: error, sha256 }, 'no thumbnail for this field photo');
    return null;
  }
  await db.query('update stored_files set thumb_sha256 = $2, web_sha256 = $3 where sha256 = $1', [sha256, made.thumb, made.web]);
  return made as Record<Derivative, string>;
}
