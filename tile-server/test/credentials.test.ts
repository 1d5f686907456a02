// Credentials on the tile-server (issue 13): access tokens revoked at once (logout, a
// disabled or deleted account), personal access tokens as Bearer, Basic password or
// ?token= (a QGIS XYZ layer), on vector and plan raster tiles, and what caches may keep.
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { DEMO_PLANTS } from '@calepin/data-fixtures';
import { writePlanFixtures } from '@calepin/data-fixtures/plans';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Role } from '@calepin/core';
import type { TileServer } from '@calepin/tile-server';
import { type TestApp, bearer, testApp } from '../../test-support/app';
import { openSse } from './sse';
import { httpGet, startTileServer, tileAt } from './support';

// The plan's warp runs in a background job; on the shared 2-core machine it can be slow.
vi.setConfig({ testTimeout: 180_000, hookTimeout: 300_000 });

/** The API in process, and a tile-server reading its files (for the plan raster tiles). */
let t: {
  api: TestApp;
  tiles: TileServer;
  url: string;
  get(path: string, headers?: Record<string, string>): ReturnType<typeof httpGet>;
  as(role: Role, path: string, headers?: Record<string, string>): ReturnType<typeof httpGet>;
};
let groundTile: string;
let rooftopTile: string;
let count = 0;

beforeAll(async () => {
  const api = await testApp();
  const { tiles, url } = await startTileServer(api.db.url, api.app.deps.config.filesDir);
  t = {
    api, tiles, url,
    get: (path, headers = {}) => httpGet(`${url}${path}`, headers),
    as: async (role, path, headers = {}) => httpGet(`${url}${path}`, { authorization: `Bearer ${await api.token(role)}`, ...headers }),
  };
  const at = async (name: string) => {
    const { rows } = await t.api.db.pool.query<{ lon: number; lat: number }>(
      'select st_x(location) as lon, st_y(location) as lat from plants where name = $1', [name]);
    const p = rows[0] as { lon: number; lat: number };
    return tileAt(p.lon, p.lat, 16);
  };
  groundTile = await at(DEMO_PLANTS.ground.name);
  rooftopTile = await at(DEMO_PLANTS.rooftop.name);
});
afterAll(async () => {
  await t?.tiles.close();
  await t?.api.close();
});

/** Resolves once the tile-server has applied a revocation notice about this user. */
const revocationHeard = (userId: string) =>
  new Promise<void>((resolve) => {
    t.tiles.onRevoked = (payload) => {
      if (payload.includes(userId)) {
        t.tiles.onRevoked = null;
        resolve();
      }
    };
  });

/** A fresh account of a role, logged in. */
async function account(role: 'technician' | 'client' = 'technician') {
  const admin = bearer(await t.api.token('admin'));
  const email = `tiles-${++count}@calepin.test`;
  const clientId = role === 'client'
    ? (await t.api.db.pool.query('select client_id from users where email = $1', ['client@calepin.test'])).rows[0].client_id
    : undefined;
  const created = await t.api.http.post('/api/v1/users').set(admin)
    .send({ email, role, clientId, fullName: `Tiles ${count}`, password: 'a-password-1' });
  expect(created.status, created.text).toBe(201);
  const login = await t.api.http.post('/api/v1/auth/login').send({ email, password: 'a-password-1' });
  return { id: created.body.id as string, email, access: login.body.accessToken as string, refresh: login.body.refreshToken as string };
}

async function personalToken(access: string, name = `QGIS ${++count}`) {
  const created = await t.api.http.post('/api/v1/auth/tokens').set(bearer(access)).send({ name });
  expect(created.status, created.text).toBe(201);
  return created.body as { id: string; token: string };
}

const tile = (path: string, token: string) => t.get(`/modules/${path}`, { authorization: `Bearer ${token}` });

describe('an access token is refused by the tiles at once', () => {
  test('after logout', async () => {
    const a = await account();
    expect((await tile(groundTile, a.access)).status).toBe(200);
    const heard = revocationHeard(a.id);
    expect((await t.api.http.post('/api/v1/auth/logout').send({ refreshToken: a.refresh })).status).toBe(204);
    await heard;
    const refused = await tile(groundTile, a.access);
    expect([refused.status, JSON.parse(refused.body.toString()).error.code]).toEqual([401, 'token_invalid']);
  });

  test('after the account is disabled, and its open live-change stream ends', async () => {
    const a = await account();
    const stream = await openSse(`${t.url}/events?token=${a.access}`);
    expect(stream.status).toBe(200);
    await stream.next((e) => e.event === 'ready');
    const heard = revocationHeard(a.id);
    const admin = bearer(await t.api.token('admin'));
    expect((await t.api.http.patch(`/api/v1/users/${a.id}`).set(admin).send({ disabled: true })).status).toBe(200);
    await heard;
    expect((await tile(groundTile, a.access)).status).toBe(401);
    await stream.ended;
    expect(stream.events.at(-1)?.event).toBe('expired');
  });

  test('after the account is deleted', async () => {
    const a = await account();
    expect((await tile(groundTile, a.access)).status).toBe(200);
    const heard = revocationHeard(a.id);
    const admin = bearer(await t.api.token('admin'));
    expect((await t.api.http.delete(`/api/v1/users/${a.id}`).set(admin)).status).toBe(204);
    await heard;
    expect((await tile(groundTile, a.access)).status).toBe(401);
  });
});

describe('personal access tokens on the tiles', () => {
  const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

  test('as Bearer, as the password of Basic, as ?token=; TileJSON keeps ?token= in its tile URLs', async () => {
    const a = await account();
    const { token } = await personalToken(a.access);
    expect((await t.get(`/modules/${groundTile}`, { authorization: `Bearer ${token}` })).status).toBe(200);
    expect((await t.get(`/modules/${groundTile}`, { authorization: basic(a.email, token) })).status).toBe(200);
    expect((await t.get(`/modules/${groundTile}?token=${token}`)).status).toBe(200);
    const tilejson = JSON.parse((await t.get(`/plants,modules?token=${token}`)).body.toString());
    expect(tilejson.tiles[0]).toBe(`${t.url}/plants,modules/{z}/{x}/{y}?token=${token}`);
  });

  test('a client user’s token sees only its company’s plants', async () => {
    const c = await account('client');
    const { token } = await personalToken(c.access);
    const own = await t.get(`/modules/${rooftopTile}?token=${token}`);
    const other = await t.get(`/modules/${groundTile}?token=${token}`);
    expect(own.status).toBe(200);
    expect(other.status).toBe(204);
  });

  test('revoked, it stops at once; so do all of a disabled user’s', async () => {
    const a = await account();
    const first = await personalToken(a.access);
    const second = await personalToken(a.access);
    expect((await t.get(`/modules/${groundTile}?token=${first.token}`)).status).toBe(200);
    let heard = revocationHeard(a.id);
    expect((await t.api.http.delete(`/api/v1/auth/tokens/${first.id}`).set(bearer(a.access))).status).toBe(204);
    await heard;
    expect((await t.get(`/modules/${groundTile}?token=${first.token}`)).status).toBe(401);
    expect((await t.get(`/modules/${groundTile}?token=${second.token}`)).status).toBe(200);
    heard = revocationHeard(a.id);
    await t.api.http.patch(`/api/v1/users/${a.id}`).set(bearer(await t.api.token('admin'))).send({ disabled: true });
    await heard;
    expect((await t.get(`/modules/${groundTile}?token=${second.token}`)).status).toBe(401);
  });

  test('on the plan raster tiles (a georeferenced plan as a QGIS XYZ layer)', async () => {
    const manager = await t.api.token('manager');
    const fixtures = await writePlanFixtures(await mkdtemp(join(tmpdir(), 'calepin-pat-plan-')));
    const ground = (await t.api.db.pool.query('select id from plants where name = $1', [DEMO_PLANTS.ground.name])).rows[0].id;
    const upload = await t.api.http.post(`/api/v1/plants/${ground}/plans`).set(bearer(manager)).attach('file', fixtures.files.geotiff);
    expect(upload.status, upload.text).toBe(202);
    const planId = upload.body.plan.id as string;
    let bounds: [number, number, number, number] | null = null;
    while (!bounds) {
      const job = await t.api.http.get(`/api/v1/jobs/${upload.body.job.id}`).set(bearer(manager));
      expect(job.body.status).not.toBe('failed');
      const plan = (await t.api.http.get(`/api/v1/plans/${planId}`).set(bearer(manager))).body;
      if (plan.status === 'georeferenced') bounds = plan.georef.bounds;
      else await new Promise((r) => setTimeout(r, 300));
    }
    const a = await account();
    const { token } = await personalToken(a.access);
    const centre = tileAt((bounds[0] + bounds[2]) / 2, (bounds[1] + bounds[3]) / 2, 18);
    const png = await t.get(`/plans/${centre}?plan=${planId}&token=${token}`);
    expect(png.status).toBe(200);
    expect(png.headers['content-type']).toBe('image/png');
    expect(png.headers['cache-control']).toBe('private, no-cache');
    const tilejson = JSON.parse((await t.get(`/plans?plan=${planId}&token=${token}`)).body.toString());
    expect(tilejson.tiles[0]).toContain(`token=${token}`);
    expect((await t.get(`/plans/${centre}?plan=${planId}`)).status).toBe(401);
  });
});

describe('what caches may keep', () => {
  test('an authenticated answer is private: TileJSON never stored, tiles revalidated by a hash of their bytes', async () => {
    const json = await t.as('manager', '/modules');
    expect(json.headers['cache-control']).toBe('private, no-store');
    expect(json.headers['x-content-type-options']).toBe('nosniff');
    const refused = await t.get(`/modules/${groundTile}`, { authorization: 'Bearer nope' });
    expect(refused.headers['cache-control']).toBe('no-store');
    const staff = await t.as('manager', `/modules/${groundTile}`);
    expect(staff.headers['cache-control']).toBe('private, no-cache');
    expect(staff.headers.etag).toBeTruthy();
  });

  test('a cache that ignores Vary cannot show one account’s tile to another: the ETag is only confirmed for the same bytes', async () => {
    // The ground plant's tile as staff sees it, then as the client user (another company):
    // a client that kept the staff tile and revalidates it gets the client's own answer.
    const staff = await t.as('manager', `/modules/${groundTile}`);
    expect(staff.status).toBe(200);
    const client = await t.as('client', `/modules/${groundTile}`, { 'if-none-match': staff.headers.etag as string });
    expect(client.status).toBe(204);
    const again = await t.as('manager', `/modules/${groundTile}`, { 'if-none-match': staff.headers.etag as string });
    expect(again.status).toBe(304);
    // Same bytes for two staff accounts: a 304 confirms what the second would get anyway.
    const tech = await t.as('technician', `/modules/${groundTile}`, { 'if-none-match': staff.headers.etag as string });
    expect(tech.status).toBe(304);
  });

  test('the catalog is public and cacheable', async () => {
    const catalog = await t.get('/catalog');
    expect(catalog.headers['cache-control']).toBe('no-cache');
  });
});

describe('refusals say so', () => {
  test('a personal token that does not exist is 401 on tiles, TileJSON and events', async () => {
    const fake = 'cpat_notARealTokenNotARealTokenNotARealToken00';
    expect((await t.get(`/modules/${groundTile}?token=${fake}`)).status).toBe(401);
    expect((await t.get(`/modules?token=${fake}`)).status).toBe(401);
    expect((await openSse(`${t.url}/events?token=${fake}`)).status).toBe(401);
  });
});
