// Control points: residuals and RMS for every transform, saving them warps the plan in place.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEMO_PLANTS } from '@calepin/data-fixtures';
import type { PlanFixtures } from '@calepin/data-fixtures/plans';
import { TRANSFORM_METHODS } from '@calepin/core/georef';
import type { TestApp } from '../../test-support/app';
import { boundsErrorM, toLonLat, trueBounds, uploadedPng, waitJob } from './plans-support';

// Warps run in background jobs; on the shared 2-core machine one can take far longer than usual.
vi.setConfig({ testTimeout: 180_000, hookTimeout: 300_000 });

let t: TestApp;
let f: PlanFixtures;
let manager: Record<string, string>;
let planId: string;

beforeAll(async () => {
  ({ t, f, manager, planId } = await uploadedPng());
});
afterAll(() => t.close());

/** n points spread over the plan at their true place, clicked up to `noise` pixels off. */
async function points(n: number, noise: number) {
  let s = 11;
  const rnd = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648 - 0.5) * 2 * noise;
  const pixels: [number, number][] = Array.from({ length: n }, (_, i) => [
    50 + ((i * 733) % (f.width - 100)), 50 + ((i * 457) % (f.height - 100)),
  ]);
  const lonLat = await toLonLat(t, pixels.map((p) => f.truth(p)));
  return pixels.map((p, i) => ({ id: `p${i}`, pixel: [p[0] + rnd(), p[1] + rnd()], lonLat: lonLat[i] }));
}

describe('control points', () => {
  it('a few pixels of noise give an RMS under 0.5 m with every transform', async () => {
    const pts = await points(14, 3);
    for (const transform of TRANSFORM_METHODS) {
      const res = await t.http.post(`/api/v1/plans/${planId}/fit`).set(manager).send({ transform, points: pts });
      expect(res.status, `${transform} ${res.text}`).toBe(200);
      expect(res.body.srid).toBe(2154);
      expect(res.body.residuals).toHaveLength(14);
      expect(res.body.rmsM, transform).toBeGreaterThan(0.005);
      expect(res.body.rmsM, transform).toBeLessThan(0.5);
    }
  });

  it('refuses zero, too few and collinear points, naming the field and why', async () => {
    const none = await t.http.post(`/api/v1/plans/${planId}/fit`).set(manager).send({ transform: 'affine', points: [] });
    expect(none.status).toBe(400);
    expect(none.body.error).toMatchObject({ code: 'too_few_points', field: 'points' });
    const few = await t.http.post(`/api/v1/plans/${planId}/fit`).set(manager).set('Accept-Language', 'fr')
      .send({ transform: 'poly3', points: await points(6, 0) });
    expect(few.status).toBe(400);
    expect(few.body.error.message).toContain('au moins 10 points');
    const line = (await points(5, 0)).map((p, i) => ({ ...p, pixel: [100 + i * 100, 200 + i * 50] }));
    const collinear = await t.http.post(`/api/v1/plans/${planId}/fit`).set(manager).send({ transform: 'affine', points: line });
    expect(collinear.status).toBe(400);
    expect(collinear.body.error.code).toBe('collinear_points');
    const degrees = await t.http.post(`/api/v1/plans/${planId}/fit`).set(manager).send({ transform: 'affine', srid: 4326, points: await points(4, 0) });
    expect(degrees.status).toBe(400);
    expect(degrees.body.error.field).toBe('srid');
  });

  it('saved with a thin-plate spline and an affine transform, the plan lands within 0.1 m', async () => {
    for (const transform of ['tps', 'affine'] as const) {
      const res = await t.http.put(`/api/v1/plans/${planId}/georeference`).set(manager).send({ transform, points: await points(8, 0) });
      expect(res.status, res.text).toBe(202);
      expect(res.body.plan.status).toBe('processing');
      const job = await waitJob(t, manager, res.body.job.id);
      expect(job.state, JSON.stringify(job)).toBe('completed');
      const plan = (await t.http.get(`/api/v1/plans/${planId}`).set(manager)).body;
      expect(plan).toMatchObject({ status: 'georeferenced', georef: { method: 'control_points', transform, srid: 2154 } });
      expect(plan.georef.controlPoints).toHaveLength(8);
      expect(boundsErrorM(plan.georef.bounds, await trueBounds(t, f)), transform).toBeLessThan(0.1);
    }
  });
});

describe('a DXF in local drawing units', () => {
  it('has no CRS, is placed by control points, and its outlines land within 0.1 m', async () => {
    const ground = (await t.db.pool.query('select id from plants where name = $1', [DEMO_PLANTS.ground.name])).rows[0].id;
    const res = await t.http.post(`/api/v1/plants/${ground}/plans`).set(manager).attach('file', f.files.dxfLocal);
    expect(res.status, res.text).toBe(202);
    const id = res.body.plan.id;
    expect((await waitJob(t, manager, res.body.job.id)).state).toBe('completed');
    const plan = (await t.http.get(`/api/v1/plans/${id}`).set(manager)).body;
    expect(plan).toMatchObject({ kind: 'vector', status: 'needs_georeferencing', georef: null });
    const image = await t.http.get(`/api/v1/plans/${id}/image`).set(manager).buffer(true);
    expect(image.status).toBe(200);
    expect(Math.max(plan.width, plan.height)).toBe(4000);
    // Control points: drawing units (metres, y up, from the plan's corner) → the rendering's pixels.
    const gt = (await t.db.pool.query('select drawing_transform as gt from plans where id = $1', [id])).rows[0].gt;
    const drawingPoints: [number, number][] = [[0, 0], [100, 0], [100, -70], [0, -70], [50, -35]];
    const lonLat = await toLonLat(t, drawingPoints.map(([x, y]) => f.truth([x / 0.05, -y / 0.05])));
    const points = drawingPoints.map(([x, y], i) => ({ id: `d${i}`, pixel: [(x - gt[0]) / gt[1], (y - gt[3]) / gt[5]], lonLat: lonLat[i] }));
    const put = await t.http.put(`/api/v1/plans/${id}/georeference`).set(manager).send({ transform: 'helmert', points });
    expect(put.status, put.text).toBe(202);
    expect((await waitJob(t, manager, put.body.job.id)).state).toBe('completed');
    const early = await t.http.get(`/api/v1/plans/${id}/candidates`).set(manager);
    expect(early.body.features).toEqual([]); // no layer chosen yet
    await t.http.patch(`/api/v1/plans/${id}`).set(manager).send({ layers: ['TABLES'] }).expect(200);
    const candidates = (await t.http.get(`/api/v1/plans/${id}/candidates`).set(manager)).body;
    expect(candidates.features).toHaveLength(f.tables.length);
    const [x0, y0] = f.tables[0]!;
    const [corner] = await toLonLat(t, [f.truth([x0, y0])]);
    const first = candidates.features[0].geometry.coordinates[0][0];
    expect(boundsErrorM([...first, ...first], [...corner!, ...corner!])).toBeLessThan(0.1);
  });
});
