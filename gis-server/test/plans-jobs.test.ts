// Jobs are kept in PostgreSQL: one queued by a server that stops is run by the next one,
// and its progress is readable through the API all along.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEMO_PLANTS } from '@calepin/data-fixtures';
import { JobQueue } from '../src/jobs/queue';
import { type TestApp, bearer, testApp } from '../../test-support/app';
import { planQueue } from '../src/capabilities/plans/process';
import { boundsErrorM, fixtures, toLonLat, waitJob } from './plans-support';

// Warps run in background jobs; on the shared 2-core machine one can take far longer than usual.
vi.setConfig({ testTimeout: 180_000, hookTimeout: 300_000 });

let t: TestApp;
let manager: Record<string, string>;
let ground: string;

beforeAll(async () => {
  t = await testApp();
  manager = bearer(await t.token('manager'));
  ground = (await t.db.pool.query('select id from plants where name = $1', [DEMO_PLANTS.ground.name])).rows[0].id;
});
afterAll(() => t.close());

describe('background jobs', () => {
  it('a job queued before a restart runs after it, with its progress readable', async () => {
    const log = pino({ level: 'silent' });
    const seen: number[] = [];
    const handler = async (data: Record<string, unknown>, report: (p: number, m: string) => Promise<void>) => {
      await report(0.5, 'half way');
      seen.push(Number(data.n));
      return { doubled: Number(data.n) * 2 };
    };
    // The first server only queues (as if it stopped before its worker took the job).
    const queues = [{ name: 'test-double', run: handler }];
    const before = new JobQueue({ connectionString: t.db.url, db: t.db.pool, log, queues });
    await before.start({ work: false });
    const id = await before.send('test-double', { n: 21 }, ground);
    await before.stop();
    const queued = await t.http.get(`/api/v1/jobs/${id}`).set(manager);
    expect(queued.body).toMatchObject({ id, state: 'queued', progress: 0 });
    // The next server picks it up.
    const after = new JobQueue({ connectionString: t.db.url, db: t.db.pool, log, queues });
    await after.start();
    try {
      const done = await waitJob(t, manager, id);
      expect(done).toMatchObject({ state: 'completed', progress: 1, result: { doubled: 42 } });
      expect(seen).toEqual([21]);
    } finally {
      await after.stop();
    }
  });

  it('an unknown job is a 404, a bad id a 400', async () => {
    expect((await t.http.get('/api/v1/jobs/00000000-0000-4000-8000-000000000000').set(manager)).status).toBe(404);
    const bad = await t.http.get('/api/v1/jobs/nope').set(manager);
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('jobId');
  });

  it('a client user does not see the jobs of other companies\' plants', async () => {
    const q = new JobQueue({ connectionString: t.db.url, db: t.db.pool, log: pino({ level: 'silent' }), queues: [{ name: 'test-noop', run: async () => ({}) }] });
    await q.start({ work: false });
    const id = await q.send('test-noop', {}, ground);
    await q.stop();
    expect((await t.http.get(`/api/v1/jobs/${id}`).set(bearer(await t.token('client')))).status).toBe(404);
  });

  it('a plan write whose job cannot be queued is not made: the plan never stays "processing" with no job', async () => {
    const f = await fixtures();
    const upload = await t.http.post(`/api/v1/plants/${ground}/plans`).set(manager).attach('file', f.files.png);
    expect(upload.status, upload.text).toBe(202);
    const planId = upload.body.plan.id;
    expect((await waitJob(t, manager, upload.body.job.id)).state).toBe('completed');
    const before = (await t.http.get(`/api/v1/plans/${planId}`).set(manager)).body;
    expect(before.status).toBe('needs_georeferencing');
    // The queue's database cannot be reached (a real refusal: nothing listens there).
    const jobs = t.app.deps.jobs;
    t.app.deps.jobs = new JobQueue({ connectionString: 'postgres://calepin@127.0.0.1:9/none', db: t.db.pool, log: pino({ level: 'silent' }),
      queues: [{ name: 'plan-process', run: async () => ({}), heavy: {} }] });
    try {
      const corners: [number, number][] = [[0, 0], [f.width, 0], [f.width, f.height], [0, f.height]];
      const points = corners.map((pixel, i) => ({ id: `c${i}`, pixel, lonLat: [1.19 + i * 0.001, 43.5 + (i % 2) * 0.001] }));
      const put = await t.http.put(`/api/v1/plans/${planId}/georeference`).set(manager).send({ transform: 'affine', points });
      expect(put.status).toBe(500);
      expect((await t.http.get(`/api/v1/plans/${planId}`).set(manager)).body).toMatchObject({ status: 'needs_georeferencing', georef: null, job: before.job });
      const refused = await t.http.post(`/api/v1/plants/${ground}/plans`).set(manager).field('name', 'never queued').attach('file', f.files.geotiff);
      expect(refused.status).toBe(500);
      expect((await t.db.pool.query('select count(*) from plans where name = $1', ['never queued'])).rows[0].count).toBe(0);
    } finally {
      t.app.deps.jobs = jobs;
    }
  });

  it("uploads at once through a small pool, as the queue's first use: every one answered", async () => {
    // Each upload holds a connection in its transaction while the queue starts: starting must need none.
    const small = await testApp({ config: { dbPoolSize: 2 } });
    try {
      const f = await fixtures();
      const plant = (await small.db.pool.query('select id from plants where name = $1', [DEMO_PLANTS.ground.name])).rows[0].id;
      const headers = bearer(await small.token('manager'));
      const uploads = Array.from({ length: 6 }, () =>
        small.http.post(`/api/v1/plants/${plant}/plans`).set(headers).attach('file', f.files.png).then((r) => r.status));
      let stuck: NodeJS.Timeout | undefined;
      const answered = await Promise.race([
        Promise.all(uploads),
        new Promise<string>((resolve) => (stuck = setTimeout(() => resolve('no answer in 90 s'), 90_000))),
      ]);
      clearTimeout(stuck);
      expect(answered).toEqual([202, 202, 202, 202, 202, 202]);
    } finally {
      await small.close();
    }
  });

  it('two georeferencings of a plan warped at once: the later one is the plan, even when the earlier warp ends last', async () => {
    const f = await fixtures();
    const upload = await t.http.post(`/api/v1/plants/${ground}/plans`).set(manager).attach('file', f.files.png);
    expect(upload.status, upload.text).toBe(202);
    const planId = upload.body.plan.id;
    expect((await waitJob(t, manager, upload.body.job.id)).state).toBe('completed');
    // This server's queue, where the first warp waits (after reading the plan) until the second has ended.
    const original = t.app.deps.jobs;
    await original.stop();
    const plans = planQueue(t.app.deps);
    let first: string | null = null;
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const gated = new JobQueue({
      connectionString: t.db.url, db: t.db.pool, log: pino({ level: 'silent' }),
      queues: [{
        ...plans, concurrency: 2,
        run: (data, report, job) => plans.run(data, async (progress, message) => {
          await report(progress, message);
          if (message === 'warping' && (first ??= job.id) === job.id) await gate;
        }, job),
      }],
    });
    t.app.deps.jobs = gated;
    try {
      // Helmert on the four corners at their true place, shifted `east` metres.
      const corners: [number, number][] = [[0, 0], [f.width, 0], [f.width, f.height], [0, f.height]];
      const georeference = async (east: number) => {
        const lonLat = await toLonLat(t, corners.map((c) => { const [x, y] = f.truth(c); return [x + east, y]; }));
        const points = corners.map((pixel, i) => ({ id: `c${i}`, pixel, lonLat: lonLat[i] }));
        const put = await t.http.put(`/api/v1/plans/${planId}/georeference`).set(manager).send({ transform: 'helmert', points });
        expect(put.status, put.text).toBe(202);
        return put.body.job.id as string;
      };
      const older = await georeference(0);
      while (first !== older) await new Promise((r) => setTimeout(r, 50));
      const newer = await georeference(15);
      expect((await waitJob(t, manager, newer)).state).toBe('completed');
      release();
      expect(await waitJob(t, manager, older)).toMatchObject({ state: 'completed', result: { skipped: 'a later job of this plan was sent' } });
      const plan = (await t.http.get(`/api/v1/plans/${planId}`).set(manager)).body;
      const shifted = await toLonLat(t, corners.map((c) => { const [x, y] = f.truth(c); return [x + 15, y]; }));
      const lons = shifted.map((p) => p[0]);
      const lats = shifted.map((p) => p[1]);
      expect(plan.status).toBe('georeferenced');
      expect(boundsErrorM(plan.georef.bounds, [Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)])).toBeLessThan(0.1);
    } finally {
      release();
      await gated.stop();
      t.app.deps.jobs = original;
    }
  });
});
