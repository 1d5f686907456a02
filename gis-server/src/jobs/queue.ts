import { randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import { type Db, type Queryable, sqlFile, transaction } from '../db';
import { type Listening, listen } from '../pg-listen';
import { type JobHandler, runAttempt } from './attempt';
import { type FetchedJob, Lane } from './lane';
import { LOST_MESSAGE, failLostJobs } from './lost';

export { FinalJobError, type JobHandler, type Report } from './attempt';

/** Called when a job is given up without its handler ending (its server died on the last attempt). */
export type GiveUpHandler = (data: Record<string, unknown>, message: string) => Promise<void>;

/**
 * A kind of background job: adding one is adding one of these to `jobs/index.ts`
 * (docs/jobs.md). Each queue is worked by every server in its lane(s), each lane
 * with its own limit of jobs at once per server, `JOBS_<LANE>_CONCURRENCY` overriding the
 * default given here (`concurrencyVariable`).
 */
export interface QueueDeclaration {
  /** The pg-boss queue: letters, digits, hyphens. */
  name: string;
  run: JobHandler;
  givenUp?: GiveUpHandler;
  /** Jobs of this queue one server runs at once (default: one per core, at least 2). */
  concurrency?: number;
  /**
   * A second lane, `<name>-heavy`, for the jobs sent with `heavy: true`, with its own limit
   * (default: one per 4 cores, at least 1): light jobs never wait behind a heavy one, and
   * heavy ones do not crowd the cores.
   */
  heavy?: { concurrency?: number };
}

export const heavyLane = (queue: string) => `${queue}-heavy`;
/** Default limits: our jobs are GDAL work of one thread each, so about one per core (2 on the 2-core machine, heavy 1). */
const LIGHT_DEFAULT = Math.max(2, availableParallelism());
const HEAVY_DEFAULT = Math.max(1, Math.floor(availableParallelism() / 4));
/** The environment variable that sets a lane's limit: plan-process-heavy → JOBS_PLAN_PROCESS_HEAVY_CONCURRENCY. */
export const concurrencyVariable = (lane: string) => `JOBS_${lane.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}_CONCURRENCY`;

/**
 * How a crashed worker is noticed (docs/jobs.md). pg-boss 10 has no heartbeat: an
 * active job whose process died stays active until its expiry (1 h: a warp may be long). So
 * a server touches the job_progress rows of its running jobs every `heartbeatSeconds`, and
 * every server that works a queue fails, through pg-boss (which then retries it), the active
 * jobs of other servers not heard of for `lostAfterSeconds`.
 */
export interface JobTiming {
  heartbeatSeconds: number;
  lostAfterSeconds: number;
  /**
   * How often an idle lane asks for jobs without being woken: a send wakes the lane on every
   * server at its commit (NOTIFY on JOBS_CHANNEL); the poll catches retries coming due and
   * anything sent while a server was not listening.
   */
  pollSeconds?: number;
}
export const DEFAULT_TIMING: JobTiming = { heartbeatSeconds: 15, lostAfterSeconds: 90, pollSeconds: 5 };

/** The channel a send notifies (payload: the lane) when its transaction commits. */
export const JOBS_CHANNEL = 'calepin_jobs';

/** The last bound of one attempt (a hung worker); pg-boss enforces it in the database too. */
const EXPIRE_SECONDS = 3600;
const fairSql = sqlFile(import.meta.url, 'fair.sql');

export interface JobQueueOptions {
  /** pg-boss's own connections (3). */
  connectionString: string;
  /** Progress and heartbeat writes, and what the handlers use. */
  db: Db;
  log: Logger;
  queues: QueueDeclaration[];
  timing?: JobTiming;
  /** Lane limits from the environment, by variable name (`JOBS_<LANE>_CONCURRENCY`), over the declarations' defaults. */
  concurrency?: Record<string, number>;
}

interface LaneSpec {
  name: string;
  limit: number;
  queue: QueueDeclaration;
}

interface Running {
  lane: LaneSpec;
  attempt: number;
  retries: boolean;
  data: Record<string, unknown>;
}

/**
 * Background jobs on pg-boss (schema pgboss in our database), run inside gis-server, several
 * at once in bounded lanes, companies taking turns (fair.sql). Progress is kept in
 * job_progress so GET /jobs/{id} can read it across restarts. Started on first use or by start().
 */
export class JobQueue {
  private readonly lanes: LaneSpec[];
  private readonly timing: Required<JobTiming>;
  private boss: PgBoss | null = null;
  private starting: Promise<PgBoss> | null = null;
  private timers: NodeJS.Timeout[] = [];
  private listening: Listening | null = null;
  private readonly working = new Map<string, Lane>();
  private readonly running = new Map<string, Running>();

  constructor(private readonly options: JobQueueOptions) {
    this.timing = { ...DEFAULT_TIMING, ...options.timing } as Required<JobTiming>;
    const limit = (lane: string, fallback: number) => options.concurrency?.[concurrencyVariable(lane)] ?? fallback;
    this.lanes = options.queues.flatMap((queue) => [
      { name: queue.name, limit: limit(queue.name, queue.concurrency ?? LIGHT_DEFAULT), queue },
      ...(queue.heavy ? [{ name: heavyLane(queue.name), limit: limit(heavyLane(queue.name), queue.heavy.concurrency ?? HEAVY_DEFAULT), queue }] : []),
    ]);
    const known = new Set(this.lanes.map((l) => concurrencyVariable(l.name)));
    for (const name of Object.keys(options.concurrency ?? {})) {
      if (!known.has(name)) options.log.warn(`${name} names no job lane of this server (${[...known].join(', ')})`);
    }
  }

  /** Jobs each lane runs at once in this server. */
  get limits(): Record<string, number> {
    return Object.fromEntries(this.lanes.map((l) => [l.name, l.limit]));
  }

  /** Starts the queue; with `work: false` it only sends (no worker in this process). */
  start(options: { work?: boolean } = {}): Promise<PgBoss> {
    const work = options.work ?? true;
    this.starting ??= (async () => {
      const boss = new PgBoss({ connectionString: this.options.connectionString, max: 3, schema: 'pgboss' });
      boss.on('error', (error) => this.options.log.error({ err: error }, 'job queue error'));
      await boss.start();
      for (const lane of this.lanes) {
        await boss.createQueue(lane.name, { name: lane.name, retryLimit: 2, retryDelay: 5, expireInSeconds: EXPIRE_SECONDS });
      }
      this.boss = boss;
      if (work) {
        for (const spec of this.lanes) {
          const lane = new Lane(boss, spec.name, spec.limit, this.timing.pollSeconds * 1000, this.options.log, (job) => this.attempt(spec, job));
          this.working.set(spec.name, lane);
          lane.start();
        }
        // Woken at each send's commit, on every server; after a reconnection every lane looks.
        this.listening = listen(this.options.connectionString, JOBS_CHANNEL, this.options.log, {
          heard: (lane) => this.working.get(lane)?.wake(),
          listening: () => {
            for (const lane of this.working.values()) lane.wake();
          },
        });
        // At start (jobs of a server that crashed before this one started), then regularly. Not
        // awaited: start() runs inside send(), maybe in a caller's transaction, and must never wait
        // for a connection of the pool that caller holds one of (20 uploads at once with a pool of
        // 10 held all 10 in their transactions, each waiting on this sweep: a deadlock).
        void this.sweep();
        const every = this.timing.heartbeatSeconds * 1000;
        this.timers = [setInterval(() => void this.sweep(), every), setInterval(() => void this.beat(), every)];
        for (const timer of this.timers) timer.unref();
        this.options.log.info({ lanes: this.limits }, 'job lanes started');
        // Each running job holds a libuv thread while GDAL works (runtime.ts): keep 4 for the rest.
        const threads = Number(process.env.UV_THREADPOOL_SIZE) || 4;
        const jobs = this.lanes.reduce((sum, l) => sum + l.limit, 0);
        if (jobs + 4 > threads) this.options.log.warn(`${jobs} jobs at once leave too few of the ${threads} threads of UV_THREADPOOL_SIZE for requests: raise it to ${jobs + 4} or more`);
      }
      return boss;
    })();
    return this.starting;
  }

  /**
   * Queues a job; its progress row exists before this returns. With `db`, in the caller's
   * transaction (the job exists if and only if the caller's writes do); else in its own.
   * Send first in that transaction: it holds the lane's turn lock until the commit, so it must
   * not hold row locks another sender may wait for. `heavy`: the queue's heavy lane, if any.
   */
  async send(
    queue: string, data: Record<string, unknown>, plantId: string | null, options: { heavy?: boolean; db?: Queryable } = {},
  ): Promise<string> {
    const declared = this.options.queues.find((q) => q.name === queue);
    if (!declared) throw new Error(`unknown job queue ${queue}`);
    const lane = options.heavy && declared.heavy ? heavyLane(queue) : queue;
    const boss = await this.start();
    const insert = async (db: Queryable) => {
      const id = randomUUID();
      // Turns are given one send at a time per lane, until the sender's transaction ends: two
      // sends at once would both see the same waiting jobs and take the same turn (a burst of
      // uploads became first come, first served).
      await db.query('select pg_advisory_xact_lock(hashtext($1))', [`calepin:job-turns:${lane}`]);
      const { rows } = await db.query<{ priority: number }>(fairSql, [lane, plantId]);
      await db.query('insert into job_progress (job_id, queue, plant_id) values ($1, $2, $3)', [id, lane, plantId]);
      const inTransaction = { executeSql: (text: string, values?: unknown[]) => db.query(text, values) };
      await boss.send(lane, data, { id, priority: rows[0]?.priority ?? 0, db: inTransaction });
      // Delivered when the transaction commits, when the job can be fetched.
      await db.query('select pg_notify($1, $2)', [JOBS_CHANNEL, lane]);
      return id;
    };
    if (options.db) return insert(options.db); // this server hears the NOTIFY at the caller's commit, like the others
    const id = await transaction(this.options.db, insert);
    // Committed: this server's lane looks now, without waiting for its own notification.
    this.working.get(lane)?.wake();
    return id;
  }

  /** One attempt of a fetched job; pg-boss is told how it ended. */
  private async attempt(lane: LaneSpec, job: FetchedJob): Promise<void> {
    const boss = this.boss!;
    const running: Running = { lane, attempt: job.retryCount, retries: job.retryCount < job.retryLimit, data: job.data ?? {} };
    this.running.set(job.id, running);
    let timer: NodeJS.Timeout | undefined;
    try {
      const expired = new Promise<'expired'>((resolve) => (timer = setTimeout(() => resolve('expired'), EXPIRE_SECONDS * 1000)));
      const outcome = await Promise.race([
        runAttempt(this.options.db, this.options.log, { id: job.id, ...running }, lane.queue.run),
        expired,
      ]);
      if (outcome === 'expired') {
        await this.abandon(job.id, running, `the job ran longer than ${EXPIRE_SECONDS} s`);
      } else if (outcome.ok) {
        await boss.complete(lane.name, job.id, outcome.result as object);
      } else if (outcome.final) {
        // Bad input does not get better: done for pg-boss, failed for people (job_progress).
        await boss.complete(lane.name, job.id, { failed: String(outcome.error) });
      } else {
        await boss.fail(lane.name, job.id, { message: outcome.error instanceof Error ? outcome.error.message : String(outcome.error) });
      }
    } catch (error) {
      this.options.log.error({ err: error, job: job.id }, 'job not recorded');
      await boss.fail(lane.name, job.id, { message: String(error) }).catch(() => undefined);
    } finally {
      clearTimeout(timer);
      this.running.delete(job.id);
    }
  }

  /** A job this server stops waiting for (a stop, an expiry): failed through pg-boss, retried if it may be. */
  private async abandon(id: string, job: Running, message: string): Promise<void> {
    await this.boss?.fail(job.lane.name, id, { message });
    await this.options.db.query(
      `update job_progress set state = $3, message = $4, updated_at = now() where job_id = $1 and attempt = $2 and state = 'active'`,
      [id, job.attempt, job.retries ? 'queued' : 'failed', message]);
    if (!job.retries) await job.lane.queue.givenUp?.(job.data, message);
  }

  /** The heartbeat of this server's running jobs (see JobTiming). */
  private async beat(): Promise<void> {
    const ids = [...this.running.keys()];
    if (ids.length === 0) return;
    await this.options.db.query(`update job_progress set updated_at = now() where job_id = any($1::uuid[]) and state = 'active'`, [ids])
      .catch((error: unknown) => this.options.log.warn({ err: error }, 'job heartbeat not written'));
  }

  /** Fails over the jobs of servers that died; runs the give-up handlers of those on their last attempt. */
  private async sweep(): Promise<number> {
    const boss = this.boss;
    if (!boss) return 0;
    try {
      const { failed, givenUp } = await failLostJobs(this.options.db, boss, this.options.log, this.lanes.map((l) => l.name),
        this.timing.lostAfterSeconds, [...this.running.keys()]);
      for (const job of givenUp) await this.lanes.find((l) => l.name === job.name)?.queue.givenUp?.(job.data, LOST_MESSAGE);
      return failed;
    } catch (error) {
      this.options.log.error({ err: error }, 'could not look for lost jobs');
      return 0;
    }
  }

  /** Stops fetching, waits up to 30 s for the running jobs, hands the others back to pg-boss. */
  async stop(): Promise<void> {
    if (!this.starting) return;
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
    await this.listening?.stop();
    this.listening = null;
    const boss = await this.starting.catch(() => null);
    const left = (await Promise.all([...this.working.values()].map((lane) => lane.stop(30_000)))).flat();
    for (const id of left) {
      const job = this.running.get(id);
      if (job) await this.abandon(id, job, 'the server stopped while the job ran').catch(() => undefined);
    }
    await boss?.stop({ graceful: true, wait: true, timeout: 30_000 });
    this.working.clear();
    this.boss = null;
    this.starting = null;
  }
}
