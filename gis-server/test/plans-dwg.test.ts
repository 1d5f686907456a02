// DWG plans of every version we write (2000, 2004, 2010, 2018): upload, layers, control
// points, candidate outlines at their true place; GDAL's own CAD driver as an independent
// reader of the 2000 file; refusals that name the version and leave nothing behind.
import { readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import gdal from 'gdal-async';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEMO_PLANTS } from '@calepin/data-fixtures';
import { type PlanFixtures, writeLargeDwg } from '@calepin/data-fixtures/plans';
import { DWG_INLINE_BYTES } from '../src/capabilities/plans/vector';
import { type TestApp, bearer, testApp } from '../../test-support/app';
import { boundsErrorM, fixtures, toLonLat, waitJob } from './plans-support';

// Warps run in background jobs; on the shared 2-core machine one can take far longer than usual.
vi.setConfig({ testTimeout: 180_000, hookTimeout: 300_000 });

let t: TestApp;
let f: PlanFixtures;
let manager: Record<string, string>;
let ground: string;
const candidateCounts: Record<string, number> = {};

beforeAll(async () => {
  t = await testApp();
  f = await fixtures();
  manager = bearer(await t.token('manager'));
  ground = (await t.db.pool.query('select id from plants where name = $1', [DEMO_PLANTS.ground.name])).rows[0].id;
});
afterAll(() => t.close());

const post = () => t.http.post(`/api/v1/plants/${ground}/plans`).set(manager);

/** Every file under <files>/plans (the uploads, converted DXFs, plan folders). */
async function storedFiles(): Promise<string[]> {
  const root = join(t.app.deps.config.filesDir, 'plans');
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

async function nothingLeft() {
  expect(Number((await t.db.pool.query('select count(*) from plans')).rows[0].count)).toBe(0);
  expect(await storedFiles()).toEqual([]);
}

/** A point every 2 px off its true place (deterministic), as a person clicks. */
const noise = (i: number) => (((i * 7919) % 5) - 2) * 0.9;

describe.each(['AC1015', 'AC1018', 'AC1024', 'AC1032'] as const)('DWG %s', (version) => {
  it('uploads, lists its layers, is placed by control points and gives its outlines within 0.1 m', async () => {
    const res = await post().attach('file', f.files.dwg[version]);
    expect(res.status, res.text).toBe(202);
    const id = res.body.plan.id;
    expect(res.body.plan).toMatchObject({ format: 'dwg', kind: 'vector', georef: null });
    expect(res.body.plan.layers).toEqual([
      { name: 'CADRE', featureCount: 1, geometryTypes: ['LINESTRING'], selected: false },
      { name: 'TABLES', featureCount: f.tables.length, geometryTypes: ['LINESTRING'], selected: false },
    ]);
    expect((await waitJob(t, manager, res.body.job.id)).state).toBe('completed');
    const plan = (await t.http.get(`/api/v1/plans/${id}`).set(manager)).body;
    expect(plan).toMatchObject({ status: 'needs_georeferencing' });
    expect(Math.max(plan.width, plan.height)).toBe(4000);
    const image = await t.http.get(`/api/v1/plans/${id}/image`).set(manager).buffer(true);
    expect(image.status).toBe(200);

    // Control points: drawing units (metres from the plan's corner, y up) → the rendering's pixels, 2 px of noise.
    const gt = (await t.db.pool.query('select drawing_transform as gt from plans where id = $1', [id])).rows[0].gt;
    const drawing: [number, number][] = [[0, 0], [100, 0], [100, -70], [0, -70], [50, -35], [20, -50]];
    const lonLat = await toLonLat(t, drawing.map(([x, y]) => f.truth([x / 0.05, -y / 0.05])));
    const points = drawing.map(([x, y], i) => ({
      id: `d${i}`, pixel: [(x - gt[0]) / gt[1] + noise(i), (y - gt[3]) / gt[5] + noise(i + 3)], lonLat: lonLat[i],
    }));
    const fit = await t.http.post(`/api/v1/plans/${id}/fit`).set(manager).send({ transform: 'affine', points });
    expect(fit.status, fit.text).toBe(200);
    expect(fit.body.rmsM).toBeLessThan(0.5);
    const put = await t.http.put(`/api/v1/plans/${id}/georeference`).set(manager).send({ transform: 'affine', points });
    expect(put.status, put.text).toBe(202);
    expect((await waitJob(t, manager, put.body.job.id)).state).toBe('completed');
    await t.http.patch(`/api/v1/plans/${id}`).set(manager).send({ layers: ['TABLES'] }).expect(200);

    const candidates = (await t.http.get(`/api/v1/plans/${id}/candidates`).set(manager)).body;
    expect(candidates.features).toHaveLength(f.tables.length);
    candidateCounts[version] = candidates.features.length;
    // Each outline's four corners against the truth.
    const truthCorners = f.tables.flatMap(([x0, y0, x1, y1]) => [[x0, y0], [x1, y0], [x1, y1], [x0, y1]] as [number, number][]);
    const expected = await toLonLat(t, truthCorners.map((p) => f.truth(p)));
    const found = candidates.features.flatMap((c: { geometry: { coordinates: number[][][] } }) => c.geometry.coordinates[0]!.slice(0, 4));
    let worst = 0;
    found.forEach((p: number[], i: number) => {
      worst = Math.max(worst, boundsErrorM([...p, ...p], [...expected[i]!, ...expected[i]!]));
    });
    expect(worst).toBeLessThan(0.1);
    expect(candidates.features[0].properties.areaM2).toBeCloseTo((f.tables[0]![2] - f.tables[0]![0]) * (f.tables[0]![3] - f.tables[0]![1]) * 0.0025, 0);
  });
});

describe('an independent reader', () => {
  it("GDAL's CAD driver (libopencad) finds in our DWG 2000 the same layers and outlines as our reader", async () => {
    const ds = gdal.open(f.files.dwg.AC1015, 'r', ['CAD']);
    const layers: Record<string, number> = {};
    for (const layer of ds.layers) {
      // libopencad drops the closed flag: a rectangle comes as 4 points.
      layers[layer.name] = layer.features.map((feature) => feature.getGeometry() as gdal.LineString).filter((g) => g.points.count() === 4).length;
    }
    ds.close();
    expect(layers).toEqual({ CADRE: 1, TABLES: f.tables.length });
    expect(candidateCounts.AC1015).toBe(layers.TABLES);
  });
});

describe('a DWG in Lambert-93 with its .prj', () => {
  it('is placed with no click and gives its outlines within 0.1 m', async () => {
    const res = await post().attach('file', f.files.dwgLambert).attach('prj', f.files.prj);
    expect(res.status, res.text).toBe(202);
    expect(res.body.plan).toMatchObject({ format: 'dwg', georef: { method: 'dxf_crs', srid: 2154 } });
    expect((await waitJob(t, manager, res.body.job.id)).state).toBe('completed');
    const id = res.body.plan.id;
    await t.http.patch(`/api/v1/plans/${id}`).set(manager).send({ layers: ['TABLES'] }).expect(200);
    const candidates = (await t.http.get(`/api/v1/plans/${id}/candidates`).set(manager)).body;
    expect(candidates.features).toHaveLength(f.tables.length);
    const [x0, y0] = f.tables[0]!;
    const [corner] = await toLonLat(t, [f.truth([x0, y0])]);
    const first = candidates.features[0].geometry.coordinates[0][0];
    expect(boundsErrorM([...first, ...first], [...corner!, ...corner!])).toBeLessThan(0.1);
  });
});

describe('a DWG larger than 256 KiB', () => {
  it('is converted by its job in the heavy lane: answered at once, then its layers and its place (Lambert-93 + .prj)', async () => {
    const path = join(dirname(f.files.png), 'plan-large.dwg');
    await writeLargeDwg(f, path);
    expect((await stat(path)).size).toBeGreaterThan(DWG_INLINE_BYTES);
    const res = await post().attach('file', path).attach('prj', f.files.prj);
    expect(res.status, res.text).toBe(202);
    expect(res.body.plan).toMatchObject({ format: 'dwg', kind: 'vector', status: 'processing', layers: null, width: null });
    const lane = await t.db.pool.query('select name from pgboss.job where id = $1', [res.body.job.id]);
    expect(lane.rows[0].name).toBe('plan-process-heavy');
    expect((await waitJob(t, manager, res.body.job.id)).state).toBe('completed');
    const id = res.body.plan.id;
    const plan = (await t.http.get(`/api/v1/plans/${id}`).set(manager)).body;
    expect(plan).toMatchObject({ status: 'georeferenced', georef: { method: 'dxf_crs', srid: 2154 } });
    const layers = plan.layers.map((l: { name: string; featureCount: number }) => [l.name, l.featureCount]).sort();
    expect(layers).toEqual([['CADRE', 1], ['GRILLE', 20_000], ['TABLES', f.tables.length]]);
    await t.http.patch(`/api/v1/plans/${id}`).set(manager).send({ layers: ['TABLES'] }).expect(200);
    const candidates = (await t.http.get(`/api/v1/plans/${id}/candidates`).set(manager)).body;
    expect(candidates.features).toHaveLength(f.tables.length);
    const [x0, y0] = f.tables[0]!;
    const [corner] = await toLonLat(t, [f.truth([x0, y0])]);
    const first = candidates.features[0].geometry.coordinates[0][0];
    expect(boundsErrorM([...first, ...first], [...corner!, ...corner!])).toBeLessThan(0.1);
  });

  it('that cannot be read: its plan fails, saying so with the version, in English and French', async () => {
    // The DWG 2004 cut in half, made larger than the limit with zeros: still damaged.
    const cut = join(dirname(f.files.png), 'plan-large-cut.dwg');
    await writeFile(cut, Buffer.concat([await readFile(f.files.dwgCorrupt), Buffer.alloc(DWG_INLINE_BYTES)]));
    expect((await stat(cut)).size).toBeGreaterThan(DWG_INLINE_BYTES);
    const res = await post().attach('file', cut);
    expect(res.status, res.text).toBe(202);
    expect((await waitJob(t, manager, res.body.job.id)).state).toBe('failed');
    const en = (await t.http.get(`/api/v1/plans/${res.body.plan.id}`).set(manager)).body;
    expect(en.status).toBe('failed');
    expect(en.error.code).toBe('plan_unreadable');
    expect(en.error.message).toContain('DWG 2004 (AC1018)');
    expect(en.error.message).toContain('damaged');
    const fr = (await t.http.get(`/api/v1/plans/${res.body.plan.id}`).set(manager).set('Accept-Language', 'fr')).body;
    expect(fr.error.message).toContain('abîmé');
  });
});

describe('DWG refusals', () => {
  it('removes every file of the DWG plans when they are deleted', async () => {
    const { rows } = await t.db.pool.query<{ id: string }>('select id from plans');
    for (const { id } of rows) await t.http.delete(`/api/v1/plans/${id}`).set(manager).expect(204);
    await nothingLeft();
  });

  it('a DWG R12 (AC1009): 422 naming the version, in English and French', async () => {
    const en = await post().attach('file', f.files.dwgR12);
    expect(en.status, en.text).toBe(422);
    expect(en.body.error).toMatchObject({ code: 'plan_dwg_version', field: 'file' });
    expect(en.body.error.message).toContain('DWG R11/R12 (AC1009)');
    expect(en.body.error.message).toContain('DXF');
    const fr = await post().set('Accept-Language', 'fr').attach('file', f.files.dwgR12);
    expect(fr.status).toBe(422);
    expect(fr.body.error.message).toContain('DWG R11/R12 (AC1009)');
    expect(fr.body.error.message).toContain('enregistrez-le en DXF');
    await nothingLeft();
  });

  it('a DWG 2004 cut in half: 422 naming the version and saying it may be damaged', async () => {
    const en = await post().attach('file', f.files.dwgCorrupt);
    expect(en.status, en.text).toBe(422);
    expect(en.body.error).toMatchObject({ code: 'plan_unreadable', field: 'file' });
    expect(en.body.error.message).toContain('DWG 2004 (AC1018)');
    expect(en.body.error.message).toContain('damaged');
    const fr = await post().set('Accept-Language', 'fr').attach('file', f.files.dwgCorrupt);
    expect(fr.body.error.message).toContain('abîmé');
    await nothingLeft();
  });

  it('an R2.10 header (AC2.10) is still recognised as DWG and refused by its version', async () => {
    const res = await post().attach('file', Buffer.concat([Buffer.from('AC2.10'), Buffer.alloc(3000, 1)]), 'old.dwg');
    expect(res.status, res.text).toBe(422);
    expect(res.body.error.message).toContain('DWG R2.10');
    await nothingLeft();
  });
});
