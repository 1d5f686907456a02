// Jobs are kept in PostgreSQL: one queued by a server that stops is run by the next one,
// and its progress is readable through the API all along.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEMO_PLANTS } from '@calepin/data-fixtures';
import { JobQueue } from '../src/jobs/queue';
import { type TestApp, bearer, testApp } from '../../test-support/app';
import { waitJob } from './plans-support';

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
});
