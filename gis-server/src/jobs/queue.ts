import { randomUUID } from 'node:crypto';
import PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import type { Db } from '../db';

/** Reports how far a job is, 0..1, with a short message for people. */
export type Report = (progress: number, message: string) => Promise<void>;
export type JobHandler = (data: Record<string, unknown>, report: Report) => Promise<unknown>;

/** An error that ends a job for good (bad input): no retry. */
export class FinalJobError extends Error {}

/**
 * Background jobs on pg-boss (schema pgboss in our database), run inside gis-server.
 * Progress is kept in job_progress so GET /jobs/{id} can read it across restarts; pg-boss
 * retries a job that a restart interrupted. Started on first use or by start().
 */
export class JobQueue {
  private boss: PgBoss | null = null;
  private starting: Promise<PgBoss> | null = null;

  constructor(
    private readonly connectionString: string,
    private readonly db: Db,
    private readonly log: Logger,
    private readonly handlers: Record<string, JobHandler>,
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
    try {
      const result = await handler(data, async (progress, message) => {
        await set('active', Math.max(0, Math.min(1, progress)), message);
      });
      await set('completed', 1, null, result ?? {});
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const final = error instanceof FinalJobError;
      // An attempt that pg-boss will retry leaves the job queued, not failed: a progress
      // bar must not say "failed" while the next attempt may succeed.
      await set(!final && retries ? 'queued' : 'failed', null, message);
      if (!final) {
        this.log.error({ err: error, job: id }, 'job failed');
        throw error;
      }
    }
  }

  async stop(): Promise<void> {
    if (!this.starting) return;
    const boss = await this.starting.catch(() => null);
    await boss?.stop({ graceful: true, wait: true, timeout: 30_000 });
    this.boss = null;
    this.starting = null;
  }
}
