// One attempt of a job: its row in job_progress from `active` to its end.
import type { Logger } from 'pino';
import type { Db } from '../db';

/**
 * Reports how far a job is, 0..1, with a short message for people. It may be called without
 * waiting (GDAL's progress callbacks cannot wait): reports are written one after the other,
 * the latest replacing any not yet written, all before the job's end, and never after it.
 * The promise never rejects (progress is worth a log line, not a failed job).
 */
export type Report = (progress: number, message: string) => Promise<void>;
/** `job`: which job and attempt this is (e.g. to tell whether a newer job of the same thing was sent since). */
export type JobHandler = (data: Record<string, unknown>, report: Report, job: { id: string; attempt: number }) => Promise<unknown>;

/** An error that ends a job for good (bad input): no retry. */
export class FinalJobError extends Error {}

export interface AttemptOf {
  id: string;
  /** pg-boss's retry_count when this attempt started: the writes of an older attempt change nothing. */
  attempt: number;
  data: Record<string, unknown>;
  /** pg-boss will try again if this attempt throws. */
  retries: boolean;
}

export type Outcome = { ok: true; result: unknown } | { ok: false; error: unknown; final: boolean };

/**
 * Every write names the attempt and changes only an active row: a report that arrives late
 * (its connection opened after the end, issue 19) or from an attempt already replaced is a no-op.
 */
const PROGRESS = `update job_progress set progress = $3, message = $4, updated_at = now()
                   where job_id = $1 and attempt = $2 and state = 'active'`;
const END = `update job_progress set state = $3, progress = coalesce($4, progress), message = $5, result = $6, updated_at = now()
              where job_id = $1 and attempt = $2 and state = 'active'`;

/** Serialised progress writes: one at a time, the latest waiting one replacing the others. */
function progressWriter(db: Db, log: Logger, job: AttemptOf) {
  let next: { progress: number; message: string } | null = null;
  let writing: Promise<void> | null = null;
  let ended = false;
  const drain = async () => {
    while (next) {
      const { progress, message } = next;
      next = null;
      await db.query(PROGRESS, [job.id, job.attempt, progress, message])
        .catch((error: unknown) => log.warn({ err: error, job: job.id }, 'job progress not written'));
    }
    writing = null;
  };
  const report: Report = (progress, message) => {
    if (ended) return Promise.resolve();
    next = { progress: Math.max(0, Math.min(1, progress)), message };
    writing ??= drain();
    return writing;
  };
  /** No report after this; resolves once the last one is written. */
  const close = async () => {
    ended = true;
    await writing;
  };
  return { report, close };
}

/** Runs one attempt of a job and records its end in job_progress; pg-boss is told by the caller. */
export async function runAttempt(db: Db, log: Logger, job: AttemptOf, handler: JobHandler): Promise<Outcome> {
  await db.query(
    `update job_progress set state = 'active', attempt = $2, progress = 0, message = null, result = null, updated_at = now()
      where job_id = $1`,
    [job.id, job.attempt],
  );
  const progress = progressWriter(db, log, job);
  let outcome: Outcome;
  try {
    outcome = { ok: true, result: (await handler(job.data, progress.report, { id: job.id, attempt: job.attempt })) ?? {} };
  } catch (error) {
    outcome = { ok: false, error, final: error instanceof FinalJobError };
  }
  await progress.close();
  if (outcome.ok) {
    await db.query(END, [job.id, job.attempt, 'completed', 1, null, JSON.stringify(outcome.result)]);
  } else {
    const message = outcome.error instanceof Error ? outcome.error.message : String(outcome.error);
    // An attempt that pg-boss will retry leaves the job queued, not failed: a progress bar
    // must not say "failed" while the next attempt may succeed.
    await db.query(END, [job.id, job.attempt, !outcome.final && job.retries ? 'queued' : 'failed', null, message, null]);
    if (!outcome.final) log.error({ err: outcome.error, job: job.id }, 'job failed');
  }
  return outcome;
}
