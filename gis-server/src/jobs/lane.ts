// One pg-boss queue worked by this server: up to `limit` jobs at once.
import type PgBoss from 'pg-boss';
import type { Logger } from 'pino';

/** A fetched job as the lane hands it over (pg-boss's job with its metadata). */
export type FetchedJob = PgBoss.JobWithMetadata<Record<string, unknown>>;

/**
 * pg-boss 10's `work()` takes a batch and waits for all of it before fetching again, so one
 * long job holds its worker and everything queued behind it. A lane fetches whenever one of
 * its `limit` slots is free and runs each job on its own. Jobs are fetched in pg-boss's order
 * (priority, then age): the fair priority given at send (fair.sql) decides whose job is next.
 */
export class Lane {
  readonly running = new Map<string, Promise<void>>();
  private stopping = false;
  private loop: Promise<void> | null = null;
  private wakeUp: (() => void) | null = null;
  private woken = false;

  constructor(
    private readonly boss: PgBoss,
    readonly name: string,
    readonly limit: number,
    private readonly pollMs: number,
    private readonly log: Logger,
    private readonly run: (job: FetchedJob) => Promise<void>,
  ) {}

  start(): void {
    if (this.limit > 0) this.loop ??= this.work();
  }

  /** Looks for work now (a job was just sent from this server, or a slot was freed). */
  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  private async work(): Promise<void> {
    while (!this.stopping) {
      this.woken = false;
      const free = this.limit - this.running.size;
      if (free > 0) {
        try {
          const jobs = await this.boss.fetch<Record<string, unknown>>(this.name, { batchSize: free, includeMetadata: true });
          for (const job of jobs) this.begin(job);
        } catch (error) {
          this.log.error({ err: error, queue: this.name }, 'could not fetch jobs');
        }
      }
      if (this.stopping || this.woken) continue;
      // Full: wait for a slot to free. Else the queue is empty: wait for the next poll or a send.
      await new Promise<void>((resolve) => {
        const timer = this.running.size >= this.limit ? null : setTimeout(() => this.wake(), this.pollMs);
        this.wakeUp = () => {
          if (timer) clearTimeout(timer);
          this.wakeUp = null;
          resolve();
        };
      });
    }
  }

  private begin(job: FetchedJob): void {
    const done = this.run(job)
      .catch((error: unknown) => this.log.error({ err: error, job: job.id }, 'job runner failed'))
      .finally(() => {
        this.running.delete(job.id);
        this.wake();
      });
    this.running.set(job.id, done);
  }

  /** Fetches nothing more; resolves when the running jobs have ended or after `timeoutMs`. Returns the ids still running. */
  async stop(timeoutMs: number): Promise<string[]> {
    this.stopping = true;
    this.wake();
    await this.loop;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled(this.running.values()),
      new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs))),
    ]);
    clearTimeout(timer);
    return [...this.running.keys()];
  }
}
