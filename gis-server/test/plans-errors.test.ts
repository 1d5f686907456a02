// Bad uploads get a clear 4xx and leave nothing behind: no row, no file.
import { readdir } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PLANTS } from '@calepin/data-fixtures';
import type { PlanFixtures } from '@calepin/data-fixtures/plans';
import { type TestApp, bearer, testApp } from '../../test-support/app';
import { fixtures } from './plans-support';

let t: TestApp;
let f: PlanFixtures;
let manager: Record<string, string>;
let ground: string;

beforeAll(async () => {
  t = await testApp();
  f = await fixtures();
  manager = bearer(await t.token('manager'));
  ground = (await t.db.pool.query('select id from plants where name = $1', [DEMO_PLANTS.ground.name])).rows[0].id;
});
afterAll(() => t.close());

async function nothingLeft() {
  expect(Number((await t.db.pool.query('select count(*) from plans')).rows[0].count)).toBe(0);
  const stored = await readdir(join(t.app.deps.config.filesDir, 'plans'), { recursive: true }).catch(() => []);
  expect(stored.filter((name) => /[0-9a-f]{64}$/.test(String(name)))).toEqual([]);
}

const post = () => t.http.post(`/api/v1/plants/${ground}/plans`).set(manager);

describe('bad plan uploads', () => {
  it('a corrupt image: 422 saying it cannot be read', async () => {
    const res = await post().attach('file', f.files.corrupt);
    expect(res.status, res.text).toBe(422);
    expect(res.body.error).toMatchObject({ code: 'plan_unreadable', field: 'file' });
    await nothingLeft();
  });

  it('a text file named .pdf: 415, the type is read from the content', async () => {
    const res = await post().set('Accept-Language', 'fr').attach('file', f.files.wrongType);
    expect(res.status, res.text).toBe(415);
    expect(res.body.error.code).toBe('plan_type');
    expect(res.body.error.message).toContain('PDF, PNG, JPEG');
    await nothingLeft();
  });

  it('no file, or not multipart: 400 / 415', async () => {
    const none = await post().field('name', 'nothing');
    expect(none.status).toBe(400);
    expect(none.body.error).toMatchObject({ code: 'plan_file_missing', field: 'file' });
    const json = await post().send({ file: 'x' });
    expect(json.status).toBe(415);
    await nothingLeft();
  });

  it('a DWG that cannot be read: 422 naming its version, or saying why', async () => {
    const r13 = Buffer.concat([Buffer.from('AC1012'), Buffer.alloc(2000, 7)]);
    const res = await post().attach('file', r13, 'plan.dwg');
    expect(res.status, res.text).toBe(422);
    expect(res.body.error).toMatchObject({ code: 'plan_dwg_version', field: 'file' });
    expect(res.body.error.message).toContain('DWG R13');
    expect(res.body.error.message).toContain('DXF');
    const broken2000 = Buffer.concat([Buffer.from('AC1015'), Buffer.alloc(2000, 7)]);
    const broken = await post().set('Accept-Language', 'fr').attach('file', broken2000, 'plan.dwg');
    expect(broken.status, broken.text).toBe(422);
    expect(broken.body.error).toMatchObject({ code: 'plan_unreadable', field: 'file' });
    expect(broken.body.error.message).toContain('DWG 2000 (AC1015)');
    expect(broken.body.error.message).toContain('enregistrez-le en DXF');
    await nothingLeft();
  });

  it('a bad world file: 400 naming worldFile', async () => {
    const res = await post().attach('file', f.files.png).attach('worldFile', Buffer.from('1\n2\n3\n'), 'plan.pgw');
    expect(res.status, res.text).toBe(400);
    expect(res.body.error.field).toBe('worldFile');
    await nothingLeft();
  });

  it('a 2 GB Content-Length: 413 at once, before the body', async () => {
    const server = t.app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    try {
      const { port } = server.address() as AddressInfo;
      const status = await new Promise<number>((resolve, reject) => {
        const req = httpRequest({
          host: '127.0.0.1', port, method: 'POST', path: `/api/v1/plants/${ground}/plans`,
          headers: { ...manager, 'content-type': 'multipart/form-data; boundary=x', 'content-length': String(2 * 1024 ** 3) },
        }, (res) => { res.resume(); resolve(res.statusCode ?? 0); });
        req.on('error', reject);
        req.write('--x\r\n'); // a few bytes, then nothing: the answer must not wait for 2 GB
      });
      expect(status).toBe(413);
    } finally {
      server.closeAllConnections();
      server.close();
    }
    await nothingLeft();
  });

  it('technicians and clients may not upload', async () => {
    // A tiny body: the refusal comes before the body is read, and a large one could meet a closed socket.
    const tech = await t.http.post(`/api/v1/plants/${ground}/plans`).set(bearer(await t.token('technician'))).attach('file', Buffer.from('x'), 'x.png');
    expect(tech.status).toBe(403);
    await nothingLeft();
  });
});
