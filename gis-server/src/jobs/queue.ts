import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import type { Db } from '../db';

/** Reports how far a job is, 0..1, with a short message for people. */
export type Report = (progress: number, message: string) => Promise<void>;
export type JobHandler = (data: Record<string, unknown>, report: Report) => Promise<unknown>;
/** Called when a job is given up without its handler ending (its server died on the last attempt). */
export type GiveUpHandler = (data: Record<string, unknown>, message: string) => Promise<void>;

/** An error that ends a job for good (bad input): no retry. */
export class FinalJobError extends Error {}

const lostSql = readFileSync(new URL('lost.sql', import.meta.url), 'utf8');

/**
 * How a crashed worker is noticed (docs/plans.md, *Jobs*). pg-boss 10 has no heartbeat: an
 * active job whose process died stays active until its `expireInSeconds` (kept at 1 h, a
 * warp may be long). So a running job touches its job_progress row every `heartbeatSeconds`,
 * and every server that works a queue fails, through pg-boss (which then retries it), the
 * active jobs not heard of for `lostAfterSeconds`.
 */
export interface JobTiming {
  heartbeatSeconds: number;
  lostAfterSeconds: number;
}
export const DEFAULT_TIMING: JobTiming = { heartbeatSeconds: 15, lostAfterSeconds: 90 };

/**
 * Background jobs on pg-boss (schema pgboss in our database), run inside gis-server.
 * Progress is kept in job_progress so GET /jobs/{id} can read it across restarts; pg-boss
 * retries a job that a restart interrupted, within `lostAfterSeconds` of a crash (JobTiming).
 * Started on first use or by start().
 */
export class JobQueue {
  private boss: PgBoss | null = null;
  private starting: Promise<PgBoss> | null = null;
  private sweeper: NodeJS.Timeout | null = null;

  constructor(
    private readonly connectionString: string,
    private readonly db: Db,
    private readonly log: Logger,
    private readonly handlers: Record<string, JobHandler>,
    private readonly timing: JobTiming = DEFAULT_TIMING,
    private readonly givenUp: Record<string, GiveUpHandler> = {},
  ) {}

  /** Starts the queue; with `work: false` it only sends (no worker in this process). */
  start(options: { work?: boolean } = {}): Promise<PgBoss> {
    const work = options.work ?? true;
    this.starting ??= (async () => {
      const boss = new PgBoss({ connectionString: this.connectionString, max: 3, schema: 'pgboss' });
      boss.on('error', (error) => this.log.error({ err: error }, 'job queue error'));
      await boss.start();
      for (const [name, handler] of Object.entries(this.handlers)) {
        await boss.createQueue(name, { name, retryLimit: 2, retryDelay: 5, expireInSeconds: 3600 });
        if (!work) continue;
        await boss.work<Record<string, unknown>>(
          name,
          { batchSize: 1, pollingIntervalSeconds: 0.5, includeMetadata: true },
          async ([job]) => {
            if (job) await this.run(job.id, handler, job.data, job.retryCount < job.retryLimit);
          },
        );
      }
      this.boss = boss;
      if (work) {
        // At start (jobs of a server that crashed before this one started), then regularly.
        await this.retryLost(boss);
        this.sweeper = setInterval(() => void this.retryLost(boss), this.timing.heartbeatSeconds * 1000);
        this.sweeper.unref();
      }
      return boss;
    })();
    return this.starting;
  }

  /** Queues a job; its progress row exists before this returns. */
  async send(queue: string, data: Record<string, unknown>, plantId: string | null): Promise<string> {
    const boss = await this.start();
    const id = randomUUID();
    await this.db.query('insert into job_progress (job_id, queue, plant_id) values ($1, $2, $3)', [id, queue, plantId]);
    await boss.send(queue, data, { id });
    return id;
  }

  /** Runs one attempt of a job; `retries`: pg-boss will try again if this attempt throws. */
  private async run(id: string, handler: JobHandler, data: Record<string, unknown>, retries: boolean): Promise<void> {
    const set = (state: string, progress: number | null, message: string | null, result: unknown = null) =>
      this.db.query(
        `update job_progress set state = $2, progress = coalesce($3, progress), message = coalesce($4, message),
                result = coalesce($5, result), updated_at = now() where job_id = $1`,
        [id, state, progress, message, result === null ? null : JSON.stringify(result)],
      );
    await set('active', 0, null);
    // The heartbeat: this worker is alive (see JobTiming).
    const beat = setInterval(() => {
      this.db.query('update job_progress set updated_at = now() where job_id = $1', [id]).catch(() => undefined);
    }, this.timing.heartbeatSeconds * 1000);
    // Reports are written one after another, and all of them before the job's end: a
    // report the handler did not wait for (the warp's progress callback) landed after
    // 'completed' and turned the job back to 'active' for good (GET /jobs/{id} never ended).
    let reports = Promise.resolve();
    const report: Report = (progress, message) =>
      (reports = reports.then(() => set('active', Math.max(0, Math.min(1, progress)), message)).then(() => undefined, () => undefined));
    try {
      const result = await handler(data, report);
      await reports;
      await set('completed', 1, null, result ?? {});
    } catch (error) {
      await reports;
      const message = error instanceof Error ? error.message : String(error);
      const final = error instanceof FinalJobError;
      // An attempt that pg-boss will retry leaves the job queued, not failed: a progress
      // bar must not say "failed" while the next attempt may succeed.
      await set(!final && retries ? 'queued' : 'failed', null, message);
      if (!final) {
        this.log.error({ err: error, job: id }, 'job failed');
        throw error;
      }
    } finally {
      clearInterval(beat);
    }
  }

  /**
   * Fails, through pg-boss, the active jobs whose worker is gone: pg-boss retries them
   * (retryLimit). One server at a time (advisory lock), in one transaction, so that two
   * servers never fail the same job twice.
   */
  async retryLost(boss: PgBoss): Promise<number> {
    const client = await this.db.connect().catch(() => null);
    if (!client) return 0;
    const given: { job: { name: string; data: Record<string, unknown> }; message: string }[] = [];
    try {
      await client.query('begin');
      const lock = await client.query<{ ok: boolean }>(`select pg_try_advisory_xact_lock(hashtext('calepin:lost-jobs')) as ok`);
      if (!lock.rows[0]?.ok) {
        await client.query('commit');
        return 0;
      }
      const { rows } = await client.query<{ id: string; name: string; data: Record<string, unknown> | null; willRetry: boolean }>(
        lostSql, [Object.keys(this.handlers), this.timing.lostAfterSeconds]);
      const db = { executeSql: (text: string, values?: unknown[]) => client.query(text, values) };
      const message = 'the server running this job stopped';
      for (const job of rows) {
        await boss.fail(job.name, job.id, { message }, { db });
        await client.query(`update job_progress set state = $2, message = $3, updated_at = now() where job_id = $1`,
          [job.id, job.willRetry ? 'queued' : 'failed', message]);
        if (!job.willRetry) given.push({ job: { name: job.name, data: job.data ?? {} }, message });
        this.log.warn({ job: job.id, queue: job.name, retried: job.willRetry }, 'job of a stopped server failed over');
      }
      await client.query('commit');
      for (const { job, message: why } of given) await this.givenUp[job.name]?.(job.data, why);
      return rows.length;
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      this.log.error({ err: error }, 'could not look for lost jobs');
      return 0;
    } finally {
      client.release();
    }
  }

  async stop(): Promise<void> {
    if (!this.starting) return;
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = null;
    const boss = await this.starting.catch(() => null);
    await boss?.stop({ graceful: true, wait: true, timeout: 30_000 });
    this.boss = null;
    this.starting = null;
  }
}
