// Jobs run several at once in bounded lanes, light ones never behind heavy ones, and
// companies take turns (issue 19: one job at a time per server, so one long warp held every
// other company's upload behind it).
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PLANTS } from '@calepin/data-fixtures';
import { JobQueue, type QueueDeclaration, concurrencyVariable } from '../src/jobs/queue';
import { loadConfig } from '../src/config';
import { type TestApp, bearer, testApp } from '../../test-support/app';
import { waitJob } from './plans-support';

let t: TestApp;
let manager: Record<string, string>;
let ground: string;
let rooftop: string;
const log = pino({ level: 'silent' });

beforeAll(async () => {
  t = await testApp();
  manager = bearer(await t.token('manager'));
  const plant = async (name: string) => (await t.db.pool.query('select id from plants where name = $1', [name])).rows[0].id;
  ground = await plant(DEMO_PLANTS.ground.name);
  rooftop = await plant(DEMO_PLANTS.rooftop.name);
});
afterAll(() => t.close());

/** Jobs that wait for the test to let them end; what runs, and the most at once. */
function gated() {
  const running = new Set<number>();
  const started: number[] = [];
  const gates = new Map<number, () => void>();
  let most = 0;
  const run = async (data: Record<string, unknown>) => {
    const n = Number(data.n);
    started.push(n);
    running.add(n);
    most = Math.max(most, running.size);
    await new Promise<void>((resolve) => gates.set(n, resolve));
    running.delete(n);
    return { n };
  };
  const open = (n: number) => gates.get(n)?.();
  return { run, started, running, open, get most() { return most; } };
}

const queue = (queues: QueueDeclaration[]) =>
  new JobQueue({ connectionString: t.db.url, db: t.db.pool, log, queues, timing: { heartbeatSeconds: 15, lostAfterSeconds: 90, pollSeconds: 0.2 } });

async function until(done: () => boolean | Promise<boolean>, what: string, seconds = 60) {
  const limit = Date.now() + seconds * 1000;
  while (!(await done())) {
    if (Date.now() > limit) throw new Error(`still waiting: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const activeIn = async (lane: string) =>
  Number((await t.db.pool.query(`select count(*) from pgboss.job where name = $1 and state = 'active'`, [lane])).rows[0].count);

describe('job lanes', () => {
  it('run up to their limit at once, and take the next job as soon as one ends', async () => {
    const jobs = gated();
    const q = queue([{ name: 'test-wide', run: jobs.run, concurrency: 3 }]);
    await q.start();
    try {
      const ids = [];
      for (let n = 1; n <= 5; n++) ids.push(await q.send('test-wide', { n }, ground));
      await until(() => jobs.running.size === 3, 'three jobs running');
      expect(await activeIn('test-wide')).toBe(3);
      jobs.open(jobs.started[0]!);
      await until(() => jobs.started.length === 4, 'a fourth job started when one ended');
      expect(jobs.running.size).toBe(3);
      for (let n = 1; n <= 5; n++) jobs.open(n);
      await until(() => jobs.started.length === 5, 'the fifth job started');
      for (let n = 1; n <= 5; n++) jobs.open(n);
      for (const id of ids) expect((await waitJob(t, manager, id, 60)).state).toBe('completed');
      expect(jobs.most).toBe(3);
    } finally {
      await q.stop();
    }
  });

  it('a light job runs while heavy ones hold their lane', async () => {
    const heavy = gated();
    const q = queue([{
      name: 'test-mixed', concurrency: 1, heavy: { concurrency: 1 },
      run: async (data) => (data.heavy ? heavy.run(data) : { light: true }),
    }]);
    await q.start();
    try {
      const big = [await q.send('test-mixed', { n: 1, heavy: true }, ground, { heavy: true }),
        await q.send('test-mixed', { n: 2, heavy: true }, ground, { heavy: true })];
      await until(() => heavy.running.size === 1, 'a heavy job running');
      const small = await q.send('test-mixed', { n: 3 }, rooftop);
      expect(await waitJob(t, manager, small, 60)).toMatchObject({ state: 'completed', result: { light: true } });
      expect(heavy.started).toEqual([1]);
      expect((await t.http.get(`/api/v1/jobs/${big[1]}`).set(manager)).body.state).toBe('queued');
      heavy.open(1);
      await until(() => heavy.started.length === 2, 'the second heavy job started');
      heavy.open(2);
      for (const id of big) expect((await waitJob(t, manager, id, 60)).state).toBe('completed');
    } finally {
      await q.stop();
    }
  });

  it("companies take turns: another company's job does not wait behind the twenty of one", async () => {
    const order: string[] = [];
    const declaration: QueueDeclaration = {
      name: 'test-fair', concurrency: 1,
      run: async (data) => {
        order.push(String(data.who));
        return {};
      },
    };
    // Everything is queued before a worker looks, as when twenty plans arrive at once: all
    // sent together, one company's twenty first (their turns must not be computed in a race).
    const sender = queue([declaration]);
    await sender.start({ work: false });
    const who = [...Array.from({ length: 20 }, (_, i) => `ground-${i + 1}`), 'rooftop-1', 'rooftop-2'];
    const ids = await Promise.all(who.map((w) => sender.send('test-fair', { who: w }, w.startsWith('ground') ? ground : rooftop)));
    await sender.stop();
    // Each company's turns are 1, 2, 3…: none given twice by sends that ran at the same time.
    const turns = async (from: number, to: number) => (await t.db.pool.query<{ turn: number }>(
      'select -priority as turn from pgboss.job where id = any($1) order by 1', [ids.slice(from, to)])).rows.map((r) => r.turn);
    expect(await turns(0, 20)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(await turns(20, 22)).toEqual([1, 2]);
    const worker = queue([declaration]);
    await worker.start();
    try {
      for (const id of ids) expect((await waitJob(t, manager, id, 120)).state).toBe('completed');
    } finally {
      await worker.stop();
    }
    // Run by rounds: the rooftop's first job in the first two, its second in the next two
    // (without turns they would be the last two, sent after the ground's twenty).
    const rounds = order.map((o) => (o.startsWith('rooftop') ? 'R' : 'G')).join('');
    expect(rounds.slice(0, 4)).toMatch(/^(RG|GR)(RG|GR)$/);
    expect(rounds.slice(4)).toBe('G'.repeat(18));
  });

  it('limits come from JOBS_<LANE>_CONCURRENCY; a wrong value is refused naming the variable', () => {
    expect(concurrencyVariable('plan-process-heavy')).toBe('JOBS_PLAN_PROCESS_HEAVY_CONCURRENCY');
    const env = { DATABASE_URL: t.db.url, JWT_SECRET: 'x'.repeat(32) };
    const config = loadConfig({ ...env, JOBS_PLAN_PROCESS_CONCURRENCY: '4', JOBS_PLAN_PROCESS_HEAVY_CONCURRENCY: '0' });
    expect(config.jobConcurrency).toEqual({ JOBS_PLAN_PROCESS_CONCURRENCY: 4, JOBS_PLAN_PROCESS_HEAVY_CONCURRENCY: 0 });
    const q = new JobQueue({
      connectionString: t.db.url, db: t.db.pool, log, concurrency: config.jobConcurrency,
      queues: [{ name: 'plan-process', run: async () => ({}), heavy: {} }],
    });
    expect(q.limits).toEqual({ 'plan-process': 4, 'plan-process-heavy': 0 });
    expect(() => loadConfig({ ...env, JOBS_PLAN_PROCESS_CONCURRENCY: 'many' })).toThrow(/JOBS_PLAN_PROCESS_CONCURRENCY: must be a whole number from 0 to 64/);
    expect(() => loadConfig({ ...env, JOBS_PLAN_PROCESS_CONCURRENCY: '65' })).toThrow(/JOBS_PLAN_PROCESS_CONCURRENCY/);
  });
});

describe('a job sent in a caller’s transaction', () => {
  it('starts when the transaction commits, on a server that polls only every 30 s', async () => {
    const jobs = gated();
    const sender = new JobQueue({ connectionString: t.db.url, db: t.db.pool, log, queues: [{ name: 'test-woken', run: jobs.run }], timing: { heartbeatSeconds: 15, lostAfterSeconds: 90, pollSeconds: 30 } });
    const worker = new JobQueue({ connectionString: t.db.url, db: t.db.pool, log, queues: [{ name: 'test-woken', run: jobs.run }], timing: { heartbeatSeconds: 15, lostAfterSeconds: 90, pollSeconds: 30 } });
    await sender.start({ work: false });
    await worker.start();
    try {
      await new Promise((resolve) => setTimeout(resolve, 1500)); // the worker's first fetch and its listener are done
      const client = await t.db.pool.connect();
      let id: string;
      try {
        await client.query('begin');
        id = await sender.send('test-woken', { n: 1 }, ground, { db: client });
        await new Promise((resolve) => setTimeout(resolve, 300));
        expect(jobs.started).toEqual([]); // not visible before the commit
        await client.query('commit');
      } finally {
        client.release();
      }
      const committed = Date.now();
      await until(() => jobs.started.length === 1, 'the job started after the commit', 10);
      expect(Date.now() - committed).toBeLessThan(5000);
      jobs.open(1);
      expect((await waitJob(t, manager, id, 30)).state).toBe('completed');
    } finally {
      await worker.stop();
      await sender.stop();
    }
  });
});
