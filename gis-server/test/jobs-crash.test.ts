// A server killed in the middle of a job (a crash, not a clean stop): the job is retried
// by the next server within seconds of lostAfterSeconds, not after pg-boss's 1 h expiry:
// a test job, then a real plan warp.
import { type ChildProcess, fork } from 'node:child_process';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEMO_PLANTS } from '@calepin/data-fixtures';
import { JobQueue } from '../src/jobs/queue';
import { type TestApp, bearer, testApp } from '../../test-support/app';
import { planQueue } from '../src/capabilities/plans/process';
import { boundsErrorM, fixtures, trueBounds, waitJob } from './plans-support';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const TIMING = { heartbeatSeconds: 1, lostAfterSeconds: 4 };
let t: TestApp;
let manager: Record<string, string>;
let ground: string;
let child: ChildProcess | null = null;

beforeAll(async () => {
  t = await testApp();
  manager = bearer(await t.token('manager'));
  ground = (await t.db.pool.query('select id from plants where name = $1', [DEMO_PLANTS.ground.name])).rows[0].id;
});
afterAll(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  await t.close();
});

const startChild = () =>
  fork(new URL('./jobs-crash-child.ts', import.meta.url).pathname, [t.db.url, t.app.deps.config.filesDir], {
    execArgv: ['--import', 'tsx'], stdio: 'inherit' });

async function kill(proc: ChildProcess) {
  const exited = new Promise((resolve) => proc.once('exit', resolve));
  proc.kill('SIGKILL');
  await exited;
}

const message = (proc: ChildProcess, expected: string) =>
  new Promise<void>((resolve, reject) => {
    proc.on('message', (m) => m === expected && resolve());
    proc.once('exit', (code) => reject(new Error(`the worker exited (${code}) before "${expected}"`)));
  });

describe('a job whose server is killed mid-run', () => {
  it('is retried by the next server and finishes', async () => {
    const log = pino({ level: 'silent' });
    // A server in a child process takes the job and hangs in it.
    child = startChild();
    await message(child, 'ready');
    const sender = new JobQueue({ connectionString: t.db.url, db: t.db.pool, log, queues: [{ name: 'test-crash', run: async () => ({}) }], timing: TIMING });
    await sender.start({ work: false });
    const id = await sender.send('test-crash', { n: 1 }, ground);
    await sender.stop();
    await message(child, 'working');
    expect((await t.http.get(`/api/v1/jobs/${id}`).set(manager)).body).toMatchObject({ state: 'active', progress: 0.3 });
    // The crash: no clean stop, the job stays active in pg-boss.
    await kill(child);
    const killedAt = Date.now();
    const state = await t.db.pool.query('select state from pgboss.job where id = $1', [id]);
    expect(state.rows[0].state).toBe('active');

    // The next server notices the silent job, pg-boss retries it, this server runs it.
    const seen: number[] = [];
    const next = new JobQueue({
      connectionString: t.db.url, db: t.db.pool, log, timing: TIMING,
      queues: [{
        name: 'test-crash',
        run: async (data) => {
          seen.push(Number(data.n));
          return { recovered: true };
        },
      }],
    });
    await next.start();
    try {
      const done = await waitJob(t, manager, id, 60);
      const seconds = (Date.now() - killedAt) / 1000;
      expect(done).toMatchObject({ state: 'completed', progress: 1, result: { recovered: true } });
      expect(seen).toEqual([1]);
      // lostAfterSeconds (4) + a sweep (1) + pg-boss's retryDelay (5) + polling, with room for a busy machine.
      expect(seconds).toBeLessThan(45);
      const job = await t.db.pool.query('select retry_count from pgboss.job where id = $1', [id]);
      expect(job.rows[0].retry_count).toBe(1);
    } finally {
      await next.stop();
    }
  });

  it('a plan warp killed mid-run is retried and the plan lands georeferenced', async () => {
    // This process only sends: the child takes the job.
    await t.app.deps.jobs.start({ work: false });
    const f = await fixtures();
    child = startChild();
    await message(child, 'ready');
    const res = await t.http.post(`/api/v1/plants/${ground}/plans`).set(manager).attach('file', f.files.geotiff);
    expect(res.status, res.text).toBe(202);
    const planId = res.body.plan.id;
    await message(child, 'working');
    expect((await t.http.get(`/api/v1/plans/${planId}`).set(manager)).body.status).toBe('processing');
    await kill(child);
    const killedAt = Date.now();
    const next = new JobQueue({ connectionString: t.db.url, db: t.db.pool, log: pino({ level: 'silent' }), queues: [planQueue(t.app.deps)], timing: TIMING });
    await next.start();
    try {
      expect((await waitJob(t, manager, res.body.job.id, 120)).state).toBe('completed');
      const plan = (await t.http.get(`/api/v1/plans/${planId}`).set(manager)).body;
      expect(plan.status).toBe('georeferenced');
      expect(boundsErrorM(plan.georef.bounds, await trueBounds(t, f))).toBeLessThan(0.1);
      expect((Date.now() - killedAt) / 1000).toBeLessThan(60);
    } finally {
      await next.stop();
    }
  });

  it('a job whose server died on its last attempt is failed, and its give-up handler runs', async () => {
    const log = pino({ level: 'silent' });
    child = startChild();
    await message(child, 'ready');
    const sender = new JobQueue({ connectionString: t.db.url, db: t.db.pool, log, queues: [{ name: 'test-crash', run: async () => ({}) }], timing: TIMING });
    await sender.start({ work: false });
    const id = await sender.send('test-crash', { n: 7 }, ground);
    await sender.stop();
    await message(child, 'working');
    await kill(child);
    // As if the earlier attempts had died too.
    await t.db.pool.query('update pgboss.job set retry_count = retry_limit where id = $1', [id]);
    const givenUp: unknown[] = [];
    const next = new JobQueue({
      connectionString: t.db.url, db: t.db.pool, log, timing: TIMING,
      queues: [{
        name: 'test-crash',
        run: async () => ({ ran: true }),
        givenUp: async (data, why) => {
          givenUp.push([data, why]);
        },
      }],
    });
    await next.start();
    try {
      const done = await waitJob(t, manager, id, 60);
      expect(done).toMatchObject({ state: 'failed', message: 'the server running this job stopped' });
      expect(givenUp).toEqual([[{ n: 7 }, 'the server running this job stopped']]);
    } finally {
      await next.stop();
    }
  });
});
