// Photos and voice notes by tus (docs/sync.md §7): resumable, content-addressed, checked
// against their SHA-256, kept byte for byte with their EXIF, thumbnails made by the server.
import { createHash, randomUUID } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { Upload } from '@tus/utils';
import exifr from 'exifr';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, bearer, testApp } from '../../test-support/app';
import { makePhoto } from '../../test-support/photos';
import { tusStore } from '../src/capabilities/files/uploads';
import { type MissionFixture, missionFixture } from './sync/fixtures';

let t: TestApp;
let tech: Record<string, string>;
let m: MissionFixture;
const TUS = { 'Tus-Resumable': '1.0.0' };
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const meta = (fields: Record<string, string>) =>
  Object.entries(fields).map(([k, v]) => `${k} ${Buffer.from(v).toString('base64')}`).join(',');

beforeAll(async () => {
  t = await testApp({ config: { uploadLimitBytes: 20 * 1024 * 1024 } });
  tech = bearer(await t.token('technician'));
  m = await missionFixture(t.db.pool);
});
afterAll(async () => t?.close());

async function create(bytes: Buffer, fields: Record<string, string> = {}, auth = tech) {
  const res = await t.http.post('/api/v1/files/uploads').set(auth).set(TUS)
    .set('Upload-Length', String(bytes.length))
    .set('Upload-Metadata', meta({ sha256: sha(bytes), filename: 'IMG_0001.jpg', mimeType: 'image/jpeg', kind: 'photo', ...fields }));
  return res;
}

const patch = (location: string, offset: number, chunk: Buffer, auth = tech) =>
  t.http.patch(location).set(auth).set(TUS).set('Upload-Offset', String(offset))
    .set('Content-Type', 'application/offset+octet-stream').send(chunk);

/** A whole upload in `chunks` PATCHes; the last answer. */
async function upload(bytes: Buffer, chunks = 3, fields: Record<string, string> = {}) {
  const created = await create(bytes, fields);
  expect(created.status, created.text).toBe(201);
  const location = created.headers.location as string;
  const size = Math.ceil(bytes.length / chunks);
  let last;
  for (let offset = 0; offset < bytes.length; offset += size) {
    last = await patch(location, offset, bytes.subarray(offset, offset + size));
    if (last.status !== 204) return last;
  }
  return last as NonNullable<typeof last>;
}

const push = async (operations: unknown[]) => {
  const res = await t.http.post('/api/v1/sync/push').set(tech)
    .send({ protocol: 1, deviceId: 'tablet-1', batchId: randomUUID(), missionId: m.missionId, operations });
  expect(res.status, res.text).toBe(200);
  return res.body.results;
};

describe('a photo uploaded by tus', () => {
  it('is kept byte for byte with its EXIF, and gets a thumbnail and a web version', async () => {
    const photo = await makePhoto({ seed: 1, width: 2400, height: 1800, gps: [1.3552, 43.9866] });
    const done = await upload(photo, 4);
    expect(done.status).toBe(204);
    expect(done.headers['upload-offset']).toBe(String(photo.length));

    const head = await t.http.head(`/api/v1/files/${sha(photo)}`).set(tech);
    expect(head.status).toBe(200);
    expect(head.headers['x-sha256']).toBe(sha(photo));
    expect(head.headers['content-length']).toBe(String(photo.length));

    const original = await t.http.get(`/api/v1/files/${sha(photo)}`).set(tech).buffer(true).parse(binary);
    expect(Buffer.compare(original.body as Buffer, photo)).toBe(0);
    const exif = await exifr.parse(original.body as Buffer, { gps: true });
    expect(exif).toMatchObject({ Make: 'Calepin Test', Model: 'EL-Cam 1', Software: 'seed 1' });
    expect(exif.latitude).toBeCloseTo(43.9866, 4);
    expect(exif.longitude).toBeCloseTo(1.3552, 4);

    for (const [size, px] of [['thumb', 256], ['web', 1600]] as const) {
      const res = await t.http.get(`/api/v1/files/${sha(photo)}`).query({ size }).set(tech).buffer(true).parse(binary);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('image/jpeg');
      const info = await sharp(res.body as Buffer).metadata();
      expect(Math.max(info.width ?? 0, info.height ?? 0)).toBe(px);
    }
    // Stored once however often it is sent; the finished upload itself is gone.
    expect((await upload(photo, 1)).status).toBe(204);
    const rows = await t.db.pool.query('select count(*)::int as n from stored_files where sha256 = $1', [sha(photo)]);
    expect(rows.rows[0].n).toBe(1);
    expect((await readdir(`${t.app.deps.config.filesDir}/uploads`)).filter((n) => n.startsWith(sha(photo)))).toEqual([]);
  });

  it('completes a photo row that came first: "photo pending" until then', async () => {
    const photo = await makePhoto({ seed: 2, gps: [1.3553, 43.9867], takenAt: { local: '2026:11:20 23:05:00', offset: '+01:00' } });
    const id = randomUUID();
    const results = await push([{
      id: randomUUID(), table: 'photos', key: { id }, op: 'create', deviceTime: '2026-11-20T23:05:01.000+01:00',
      columns: { audit_id: { new: m.audits.el }, module_id: { new: m.modules[0] }, category: { new: 'el' }, sha256: { new: sha(photo) },
                 mime_type: { new: 'image/jpeg' }, size_bytes: { new: photo.length }, original_filename: { new: 'IMG_0002.jpg' } },
    }]);
    expect(results[0].status).toBe('applied');
    const pending = await t.http.get(`/api/v1/photos/${id}/file`).set(tech);
    expect(pending.status).toBe(404);
    expect(pending.body.error.code).toBe('file_pending');

    expect((await upload(photo)).status).toBe(204);
    const res = await t.http.get(`/api/v1/photos/${id}/file`).set(tech).buffer(true).parse(binary);
    expect(res.status).toBe(200);
    expect(Buffer.compare(res.body as Buffer, photo)).toBe(0);
    const { rows } = await t.db.pool.query(
      `select width, height, exif->>'Model' as model, taken_at, gps_source, st_x(geom) as lon, st_y(geom) as lat from photos where id = $1`, [id],
    );
    expect(rows[0]).toMatchObject({ width: 640, height: 480, model: 'EL-Cam 1', gps_source: 'exif' });
    expect(new Date(rows[0].taken_at).toISOString()).toBe('2026-11-20T22:05:00.000Z');
    expect(rows[0].lon).toBeCloseTo(1.3553, 4);
  });

  it('refuses bytes that do not match their SHA-256 (460), and keeps nothing', async () => {
    const photo = await makePhoto({ seed: 3 });
    const other = await makePhoto({ seed: 4 });
    const created = await create(photo, { sha256: sha(other) });
    expect(created.status).toBe(201);
    const res = await patch(created.headers.location as string, 0, photo);
    expect(res.status).toBe(460);
    expect(res.text).toContain(`the bytes received have the SHA-256 ${sha(photo)}, not ${sha(other)}`);
    expect((await t.http.head(`/api/v1/files/${sha(other)}`).set(tech)).status).toBe(404);
    expect((await t.http.head(`/api/v1/files/${sha(photo)}`).set(tech)).status).toBe(404);
    expect((await t.http.head(created.headers.location as string).set(tech).set(TUS)).status).toBe(404);
  });

  it('refuses a file over the limit at creation (413), and a 2 GB one', async () => {
    for (const length of [21 * 1024 * 1024, 2 * 1024 ** 3]) {
      const res = await t.http.post('/api/v1/files/uploads').set(tech).set(TUS).set('Upload-Length', String(length))
        .set('Upload-Metadata', meta({ sha256: 'a'.repeat(64), mimeType: 'image/jpeg', kind: 'photo' }));
      expect(res.status).toBe(413);
      expect(res.text).toContain('the file is too large (at most 20 MiB)');
    }
  });

  it('resumes from the offset the server has, and refuses a wrong offset (409)', async () => {
    const photo = await makePhoto({ seed: 5 });
    const created = await create(photo);
    const location = created.headers.location as string;
    expect((await patch(location, 0, photo.subarray(0, 1000))).status).toBe(204);
    const wrong = await patch(location, 0, photo.subarray(0, 1000));
    expect(wrong.status).toBe(409);
    expect(wrong.text).toContain('Upload-Offset does not match');
    const head = await t.http.head(location).set(tech).set(TUS);
    expect(head.headers['upload-offset']).toBe('1000');
    expect((await patch(location, 1000, photo.subarray(1000))).status).toBe(204);
    expect((await t.http.head(`/api/v1/files/${sha(photo)}`).set(tech)).status).toBe(200);
  });

  it('stores an upload whose last byte arrived but whose server died before storing it', async () => {
    const photo = await makePhoto({ seed: 6 });
    const store = tusStore(t.app.deps.config.filesDir);
    const id = `${sha(photo)}-deadbeefdeadbeef`;
    const user = (await t.db.pool.query("select id from users where email = 'tech@calepin.test'")).rows[0].id;
    await store.create(new Upload({ id, size: photo.length, offset: 0, metadata: { sha256: sha(photo), kind: 'photo', mimeType: 'image/jpeg', uploadedBy: user } }));
    await store.write(Readable.from([photo]), id, 0);
    expect((await t.http.head(`/api/v1/files/${sha(photo)}`).set(tech)).status).toBe(200);
  });

  it('is refused to a client, to a caller without a token, and without its SHA-256', async () => {
    const photo = await makePhoto({ seed: 7 });
    expect((await create(photo, {}, bearer(await t.token('client')))).status).toBe(403);
    expect((await t.http.post('/api/v1/files/uploads').set(TUS).set('Upload-Length', '10')).status).toBe(401);
    const res = await t.http.post('/api/v1/files/uploads').set(tech).set(TUS).set('Upload-Length', '10')
      .set('Upload-Metadata', meta({ mimeType: 'image/jpeg', kind: 'photo' }));
    expect(res.status).toBe(400);
    expect(res.text).toContain('Upload-Metadata must give sha256');
  });

  it('refuses another user’s upload and a chunk over 8 MiB', async () => {
    const photo = await makePhoto({ seed: 8 });
    const created = await create(photo);
    const manager = bearer(await t.token('manager'));
    expect((await patch(created.headers.location as string, 0, photo, manager)).status).toBe(404);
    const big = Buffer.alloc(9 * 1024 * 1024, 1);
    const bigCreated = await create(big);
    const res = await patch(bigCreated.headers.location as string, 0, big);
    expect(res.status).toBe(413);
  });
});

// The raw bytes of a response (supertest parses JSON and text only).
function binary(res: unknown, done: (error: Error | null, body: Buffer) => void) {
  const stream = res as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => done(null, Buffer.concat(chunks)));
}
