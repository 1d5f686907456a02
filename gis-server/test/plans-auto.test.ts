// Plans that carry their georeferencing land in place by themselves, within 0.1 m.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEMO_PLANTS } from '@calepin/data-fixtures';
import type { PlanFixtures } from '@calepin/data-fixtures/plans';
import { type TestApp, bearer, testApp } from '../../test-support/app';
import { COG_VALIDATOR, boundsErrorM, fixtures, run, toLonLat, trueBounds, waitJob } from './plans-support';

// Warps run in background jobs; on the shared 2-core machine one can take far longer than usual.
vi.setConfig({ testTimeout: 180_000, hookTimeout: 300_000 });

let t: TestApp;
let f: PlanFixtures;
let manager: Record<string, string>;
let client: Record<string, string>;
let ground: string;

beforeAll(async () => {
  t = await testApp({ config: { uploadLimitBytes: 20 * 1024 * 1024 } });
  f = await fixtures();
  manager = bearer(await t.token('manager'));
  client = bearer(await t.token('client'));
  ground = (await t.db.pool.query('select id from plants where name = $1', [DEMO_PLANTS.ground.name])).rows[0].id;
});
afterAll(() => t.close());

async function upload(files: Record<string, string>, expected = 202) {
  let req = t.http.post(`/api/v1/plants/${ground}/plans`).set(manager);
  for (const [field, path] of Object.entries(files)) req = req.attach(field, path);
  const res = await req;
  expect(res.status, res.text).toBe(expected);
  return res.body;
}

async function placed(body: { plan: { id: string }; job: { id: string } }, method: string, checkBounds = true) {
  const job = await waitJob(t, manager, body.job.id);
  expect(job.state, JSON.stringify(job)).toBe('completed');
  const plan = (await t.http.get(`/api/v1/plans/${body.plan.id}`).set(manager)).body;
  expect(plan.status).toBe('georeferenced');
  expect(plan.georef.method).toBe(method);
  expect(plan.tiles.url).toBe(`/tiles/plans/{z}/{x}/{y}?plan=${plan.id}`);
  if (checkBounds) expect(boundsErrorM(plan.georef.bounds, await trueBounds(t, f))).toBeLessThan(0.1);
  return plan;
}

describe('automatic georeferencing', () => {
  it('GeoTIFF: read from its tags, warped into a valid COG', async () => {
    const body = await upload({ file: f.files.geotiff });
    expect(body.plan).toMatchObject({ format: 'geotiff', kind: 'raster', status: 'processing', width: f.width, height: f.height });
    const plan = await placed(body, 'geotiff');
    expect(plan.georef.srid).toBe(2154);
    const cog = join(t.app.deps.config.filesDir, 'plans', plan.id, 'plan.cog.tif');
    const { stdout } = await run('/usr/bin/python3', [COG_VALIDATOR, cog]);
    expect(stdout).toContain('is a valid cloud optimized GeoTIFF');
  });

  it('GeoPDF: read through GDAL\'s PDF driver', async () => {
    const body = await upload({ file: f.files.geopdf });
    expect(body.plan).toMatchObject({ format: 'geopdf', pageCount: 1 });
    const plan = await placed(body, 'geopdf');
    expect(plan.georef.srid).toBe(2154);
  });

  it('PNG + world file + .prj', async () => {
    const body = await upload({ file: f.files.png, worldFile: f.files.pgw, prj: f.files.prj });
    expect(body.plan.format).toBe('png');
    await placed(body, 'worldfile');
  });

  it('PNG + world file without .prj takes the plant CRS', async () => {
    const body = await upload({ file: f.files.png, worldFile: f.files.pgw });
    const plan = await placed(body, 'worldfile');
    expect(plan.georef.srid).toBe(plan.suggestedSrid);
  });

  it('DXF in Lambert-93 with its .prj: layers listed, candidates in place', async () => {
    const body = await upload({ file: f.files.dxfLambert, prj: f.files.prj });
    expect(body.plan).toMatchObject({ format: 'dxf', kind: 'vector' });
    expect(body.plan.layers.map((l: { name: string }) => l.name).sort()).toEqual(['CADRE', 'TABLES']);
    // The rendering of a drawing has a margin: its place is checked on the outlines below.
    await placed(body, 'dxf_crs', false);
    const patched = await t.http.patch(`/api/v1/plans/${body.plan.id}`).set(manager).send({ layers: ['TABLES'] });
    expect(patched.status, patched.text).toBe(200);
    const res = await t.http.get(`/api/v1/plans/${body.plan.id}/candidates`).set(manager);
    expect(res.status, res.text).toBe(200);
    expect(res.body.features).toHaveLength(f.tables.length);
    const [x0, y0, x1, y1] = f.tables[0]!;
    const areaM2 = (x1 - x0) * (y1 - y0) * 0.05 * 0.05;
    expect(res.body.features[0].properties).toMatchObject({ layer: 'TABLES' });
    expect(res.body.features[0].properties.areaM2).toBeCloseTo(areaM2, 1);
    const [corner] = await toLonLat(t, [f.truth([x0, y0])]);
    const first = res.body.features[0].geometry.coordinates[0][0];
    expect(boundsErrorM([...first, ...first], [...corner!, ...corner!])).toBeLessThan(0.1);
    const unknown = await t.http.patch(`/api/v1/plans/${body.plan.id}`).set(manager).send({ layers: ['NOPE'] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.field).toBe('layers');
  });

  it('a two-page PDF: pages counted, page image served downscaled, page chosen', async () => {
    const body = await upload({ file: f.files.pdf });
    expect(body.plan).toMatchObject({ format: 'pdf', pageCount: 2, page: 1, width: f.width, height: f.height });
    const job = await waitJob(t, manager, body.job.id);
    expect(job.state).toBe('completed');
    const plan = (await t.http.get(`/api/v1/plans/${body.plan.id}`).set(manager)).body;
    expect(plan.status).toBe('needs_georeferencing');
    const image = await t.http.get(`/api/v1/plans/${plan.id}/image?page=2&maxSize=1000`).set(client).buffer(true);
    // the client user does not see the ground plant
    expect(image.status).toBe(404);
    const mine = await t.http.get(`/api/v1/plans/${plan.id}/image?page=2&maxSize=1000`).set(manager).buffer(true);
    expect(mine.status).toBe(200);
    expect(mine.headers['content-type']).toBe('image/png');
    expect(Number(mine.headers['x-plan-scale'])).toBeCloseTo(1000 / f.width, 6);
    const bad = await t.http.get(`/api/v1/plans/${plan.id}/image?page=3`).set(manager);
    expect(bad.status).toBe(400);
    const page2 = await t.http.patch(`/api/v1/plans/${plan.id}`).set(manager).send({ page: 2 });
    expect(page2.status, page2.text).toBe(200);
    expect(page2.body.page).toBe(2);
  });
});
