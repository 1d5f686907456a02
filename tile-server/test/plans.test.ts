// The `plans` raster source: a georeferenced plan cut into PNG tiles, decoded and checked.
import gdal from 'gdal-async';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { tileAt } from '@calepin/core';
import { DEMO_PLANTS } from '@calepin/data-fixtures';
import { type PlanFixtures, writePlanFixtures } from '@calepin/data-fixtures/plans';
import { writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TileServer } from '@calepin/tile-server';
import { type TestApp, bearer, testApp, waitJob } from '../../test-support/app';
import { httpGet, startTileServer } from './support';

// Warps run in background jobs; on the shared 2-core machine one can take far longer than usual.
vi.setConfig({ testTimeout: 180_000, hookTimeout: 300_000 });

let api: TestApp;
let tiles: TileServer;
let url: string;
let planId: string;
let bounds: [number, number, number, number];
let manager: string;
let fixtureSet: PlanFixtures;

function tileOf(lon: number, lat: number, z: number): [number, number] {
  const { x, y } = tileAt(lon, lat, z);
  return [x, y];
}

/** The pixels of a PNG tile: RGBA bands. */
function decode(png: Buffer): Uint8Array[] {
  const path = `/vsimem/test-${Math.random()}.png`;
  gdal.vsimem.set(png, path);
  const ds = gdal.open(path);
  const bands = [1, 2, 3, 4].map((i) => ds.bands.get(i).pixels.read(0, 0, 256, 256) as Uint8Array);
  ds.close();
  gdal.vsimem.release(path);
  return bands;
}

beforeAll(async () => {
  api = await testApp();
  ({ tiles, url } = await startTileServer(api.db.url, api.app.deps.config.filesDir));
  manager = await api.token('manager');
  const f = await writePlanFixtures(await mkdtemp(join(tmpdir(), 'calepin-plan-tiles-')));
  fixtureSet = f;
  const ground = (await api.db.pool.query('select id from plants where name = $1', [DEMO_PLANTS.ground.name])).rows[0].id;
  const res = await api.http.post(`/api/v1/plants/${ground}/plans`).set(bearer(manager)).attach('file', f.files.geotiff);
  expect(res.status, res.text).toBe(202);
  planId = res.body.plan.id;
  expect((await waitJob(api, bearer(manager), res.body.job.id)).state).toBe('completed');
  const plan = (await api.http.get(`/api/v1/plans/${planId}`).set(bearer(manager))).body;
  expect(plan.status).toBe('georeferenced');
  bounds = plan.georef.bounds;
});
afterAll(async () => {
  await tiles.close();
  await api.close();
});

const get = async (path: string, role: 'manager' | 'client' | null = 'manager') =>
  httpGet(`${url}${path}`, role ? { authorization: `Bearer ${role === 'manager' ? manager : await api.token('client')}` } : {});

describe('plans raster source', () => {
  test('TileJSON of a plan: bounds, zooms up to its resolution, PNG tile URLs', async () => {
    const reply = await get(`/plans?plan=${planId}`);
    expect(reply.status, reply.body.toString()).toBe(200);
    const tj = JSON.parse(reply.body.toString());
    expect(tj.tiles[0]).toMatch(new RegExp(`/plans/\\{z\\}/\\{x\\}/\\{y\\}\\?plan=${planId}$`));
    expect(tj.bounds).toEqual(bounds);
    expect(tj.maxzoom).toBeGreaterThanOrEqual(21);
  });

  test('a tile at the plan centre is opaque where the plan is; a tile far away is 204', async () => {
    const lon = (bounds[0] + bounds[2]) / 2;
    const lat = (bounds[1] + bounds[3]) / 2;
    // z19: a tile of about 55 m, inside the 100 m × 70 m plan
    const [x, y] = tileOf(lon, lat, 19);
    const reply = await get(`/plans/19/${x}/${y}?plan=${planId}`);
    if (process.env.PLAN_TILE_PNG) writeFileSync(process.env.PLAN_TILE_PNG, reply.body);
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe('image/png');
    const [r, g, b, a] = decode(reply.body);
    const opaque = a!.filter((v) => v === 255).length;
    expect(opaque).toBeGreaterThan(256 * 256 * 0.5);
    // the tables are drawn dark blue on white: both are in the tile
    let blue = 0;
    for (let i = 0; i < a!.length; i++) if (a![i] === 255 && b![i]! > 100 && r![i]! < 60 && g![i]! < 80) blue++;
    expect(blue).toBeGreaterThan(100);
    const [fx, fy] = tileOf(lon + 0.05, lat, 17);
    expect((await get(`/plans/17/${fx}/${fy}?plan=${planId}`)).status).toBe(204);
  });

  test('a tile asked twice comes from the cache; the plan file is opened once for many tiles', async () => {
    const [x, y] = tileOf((bounds[0] + bounds[2]) / 2, (bounds[1] + bounds[3]) / 2, 20);
    const opened = tiles.planTiles.datasets.opened;
    const first = await get(`/plans/20/${x}/${y}?plan=${planId}`);
    expect(first.status).toBe(200);
    expect(first.headers['x-tile-cache']).toBe('miss');
    const second = await get(`/plans/20/${x}/${y}?plan=${planId}`);
    expect(second.headers['x-tile-cache']).toBe('hit');
    expect(second.body.equals(first.body)).toBe(true);
    expect(second.headers.etag).toBe(first.headers.etag);
    // Empty tiles are cached too.
    const [fx, fy] = tileOf((bounds[0] + bounds[2]) / 2 + 0.05, (bounds[1] + bounds[3]) / 2, 17);
    expect((await get(`/plans/17/${fx}/${fy}?plan=${planId}`)).status).toBe(204);
    const empty = await get(`/plans/17/${fx}/${fy}?plan=${planId}`);
    expect([empty.status, empty.headers['x-tile-cache']]).toEqual([204, 'hit']);
    for (const dx of [1, 2, 3]) expect((await get(`/plans/20/${x + dx}/${y}?plan=${planId}`)).headers['x-tile-cache']).toBe('miss');
    expect(tiles.planTiles.datasets.opened - opened).toBeLessThanOrEqual(1);
    expect(tiles.planTiles.datasets.open).toBe(1);
  });

  test('the same rules as the other sources: client scope, token, plan required', async () => {
    const [x, y] = tileOf((bounds[0] + bounds[2]) / 2, (bounds[1] + bounds[3]) / 2, 17);
    expect((await get(`/plans/17/${x}/${y}?plan=${planId}`, 'client')).status).toBe(404);
    expect((await get(`/plans/17/${x}/${y}?plan=${planId}`, null)).status).toBe(401);
    const missing = await get(`/plans/17/${x}/${y}`);
    expect(missing.status).toBe(400);
    expect(JSON.parse(missing.body.toString()).error.field).toBe('plan');
  });

  test("a re-warped plan's tiles change at once; the old dataset is closed; a deleted plan's too", async () => {
    const centre: [number, number] = [(bounds[0] + bounds[2]) / 2, (bounds[1] + bounds[3]) / 2];
    const [x, y] = tileOf(centre[0], centre[1], 20);
    const before = await get(`/plans/20/${x}/${y}?plan=${planId}`);
    expect(before.headers['x-tile-cache']).toBe('hit');
    // Control points putting the plan 15 m further east (lon/lat of the true corners, shifted).
    const f = fixtureSet;
    const corners: [number, number][] = [[0, 0], [f.width, 0], [f.width, f.height], [0, f.height]];
    const { rows } = await api.db.pool.query(
      `select st_x(p) as x, st_y(p) as y from unnest($1::float8[], $2::float8[]) with ordinality u(x, y, n),
         lateral st_transform(st_setsrid(st_makepoint(x + 15, y), 2154), 4326) p order by n`,
      [corners.map((c) => f.truth(c)[0]), corners.map((c) => f.truth(c)[1])],
    );
    const points = corners.map((c, i) => ({ id: `c${i}`, pixel: c, lonLat: [rows[i].x, rows[i].y] }));
    const put = await api.http.put(`/api/v1/plans/${planId}/georeference`).set(bearer(manager)).send({ transform: 'helmert', points });
    expect(put.status, put.text).toBe(202);
    expect((await waitJob(api, bearer(manager), put.body.job.id)).state).toBe('completed');
    const after = await get(`/plans/20/${x}/${y}?plan=${planId}`);
    expect(after.status).toBe(200);
    expect(after.headers['x-tile-cache']).toBe('miss');
    expect(after.headers.etag).not.toBe(before.headers.etag);
    expect(after.body.equals(before.body)).toBe(false);
    expect(tiles.planTiles.datasets.open).toBe(1); // the old COG's dataset is closed
    await api.http.delete(`/api/v1/plans/${planId}`).set(bearer(manager)).expect(204);
    expect((await get(`/plans/20/${x}/${y}?plan=${planId}`)).status).toBe(404);
    expect(tiles.planTiles.datasets.open).toBe(0);
    expect(tiles.cache.evictPrefix(`plans/${planId}/`)).toBe(0); // its tiles already went
  });
});
