// The jobs of a server that died: failed through pg-boss, which retries them (docs/jobs.md).
import type PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import type { Db } from '../db';
import { sqlFile } from '../db';

const lostSql = sqlFile(import.meta.url, 'lost.sql');
export const LOST_MESSAGE = 'the server running this job stopped';

export interface LostJob {
  /** The pg-boss queue (a lane). */
  name: string;
  data: Record<string, unknown>;
}

/**
 * Fails, through pg-boss, the active jobs of `queues` not heard of for `lostAfterSeconds`,
 * except those this server runs (`mine`: a slow heartbeat is not a dead server). pg-boss
 * retries them (retryLimit); the ones on their last attempt are returned, given up. One
 * server at a time (advisory lock), in one transaction, so two never fail the same job twice.
 */
export async function failLostJobs(
  db: Db, boss: PgBoss, log: Logger, queues: string[], lostAfterSeconds: number, mine: string[],
): Promise<{ failed: number; givenUp: LostJob[] }> {
  const client = await db.connect();
  const givenUp: LostJob[] = [];
  try {
    await client.query('begin');
    const lock = await client.query<{ ok: boolean }>(`select pg_try_advisory_xact_lock(hashtext('calepin:lost-jobs')) as ok`);
    if (!lock.rows[0]?.ok) {
      await client.query('commit');
      return { failed: 0, givenUp };
    }
    const { rows } = await client.query<{ id: string; name: string; data: Record<string, unknown> | null; willRetry: boolean }>(
      lostSql, [queues, lostAfterSeconds, mine]);
    const inTransaction = { executeSql: (text: string, values?: unknown[]) => client.query(text, values) };
    for (const job of rows) {
      await boss.fail(job.name, job.id, { message: LOST_MESSAGE }, { db: inTransaction });
      await client.query(`update job_progress set state = $2, message = $3, updated_at = now() where job_id = $1`,
        [job.id, job.willRetry ? 'queued' : 'failed', LOST_MESSAGE]);
      if (!job.willRetry) givenUp.push({ name: job.name, data: job.data ?? {} });
      log.warn({ job: job.id, queue: job.name, retried: job.willRetry }, 'job of a stopped server failed over');
    }
    await client.query('commit');
    return { failed: rows.length, givenUp };
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
