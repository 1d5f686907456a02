// A job's progress never outlives its end (issue 19: a warp left "active, 0.87, warping" with
// its result written). Progress reports are written one after the other, the last one before
// the job's final state, and a report that comes after the end changes nothing.
import pg from 'pg';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PLANTS } from '@calepin/data-fixtures';
import { JobQueue, type Report } from '../src/jobs/queue';
import { type TestApp, bearer, testApp } from '../../test-support/app';
import { type SlowConnections, slowConnections } from '../../test-support/slow-connections';
import { waitJob } from './plans-support';

let t: TestApp;
let manager: Record<string, string>;
let ground: string;
let slow: SlowConnections;
let pool: pg.Pool;

beforeAll(async () => {
  t = await testApp();
  manager = bearer(await t.token('manager'));
  ground = (await t.db.pool.query('select id from plants where name = $1', [DEMO_PLANTS.ground.name])).rows[0].id;
  // New connections take 2 s to open; open ones answer at once.
  slow = await slowConnections(t.db.url, 2000);
  pool = new pg.Pool({ connectionString: slow.url, max: 3 });
});
afterAll(async () => {
  await pool.end();
  await slow.close();
  await t.close();
});

/** Until every connection of the pool is open and idle: no write of the job is still on its way. */
async function settled() {
  for (;;) {
    if (slow.opening === 0 && pool.waitingCount === 0 && pool.idleCount === pool.totalCount) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('job progress', () => {
  it('a report still opening its connection when the job ends does not put the job back to active', async () => {
    const log = pino({ level: 'silent' });
    // The plan warp's shape: GDAL's progress callback cannot wait, so its reports are not awaited.
    const queue = new JobQueue({
      connectionString: t.db.url, db: pool, log,
      queues: [{
        name: 'test-late-report',
        run: async (_data, report) => {
          const busy = pool.query('select pg_sleep(0.2)'); // the pool's open connection is in use…
          void report(0.9, 'warping'); // …so this report waits for a new one
          await busy;
          return { done: true };
        },
      }],
    });
    await queue.start();
    try {
      const id = await queue.send('test-late-report', {}, ground);
      await waitJob(t, manager, id, 60);
      await settled();
      const job = (await t.http.get(`/api/v1/jobs/${id}`).set(manager)).body;
      expect(job).toMatchObject({ state: 'completed', progress: 1, result: { done: true } });
    } finally {
      await queue.stop();
    }
  });

  it('a report made after the job ended changes nothing', async () => {
    const log = pino({ level: 'silent' });
    let late: Report | null = null;
    const queue = new JobQueue({
      connectionString: t.db.url, db: t.db.pool, log,
      queues: [{
        name: 'test-after-end',
        run: async (_data, report) => {
          late = report;
          return { done: true };
        },
      }],
    });
    await queue.start();
    try {
      const id = await queue.send('test-after-end', {}, ground);
      expect((await waitJob(t, manager, id, 60)).state).toBe('completed');
      await late!(0.5, 'still warping');
      const job = (await t.http.get(`/api/v1/jobs/${id}`).set(manager)).body;
      expect(job).toMatchObject({ state: 'completed', progress: 1, result: { done: true } });
      expect(job.message).not.toBe('still warping');
    } finally {
      await queue.stop();
    }
  });
});
