// POST /sync/push (docs/sync.md §4): a batch applied in one transaction, once.
import type { Locale, SessionUser } from '@calepin/core';
import type { OperationResult, PushRequest, PushResponse, SyncTableName } from '@calepin/core/sync';
import type { PoolClient } from 'pg';
import { type Db, transaction } from '../db';
import { ApiError } from '../http/errors';
import { applyOperations } from './engine';
import { changesApplied } from './events';
import { loadMission } from './mission';

interface Applied {
  answer: PushResponse;
  /** null when the batch had been applied before: nothing happened now. */
  fresh: { plantId: string; results: OperationResult[]; tables: Set<SyncTableName> } | null;
}

export async function push(db: Db, user: SessionUser, batch: PushRequest, locale: Locale): Promise<PushResponse> {
  const { answer, fresh } = await retried(() => transaction(db, (tx) => applyBatch(tx, user, batch, locale)));
  if (fresh) {
    const done = fresh.results.filter((r) => r.status !== 'rejected');
    const written = new Set(done.map((r) => r.id));
    changesApplied({
      missionId: batch.missionId, plantId: fresh.plantId, userId: user.id, tables: [...fresh.tables],
      applied: done.length, conflicts: done.filter((r) => r.status === 'conflict').length, origin: 'push',
      keys: batch.operations.filter((o) => written.has(o.id)).map((o) => ({ table: o.table as SyncTableName, key: o.key })),
    });
  }
  return answer;
}

async function applyBatch(tx: PoolClient, user: SessionUser, batch: PushRequest, locale: Locale): Promise<Applied> {
  const stored = await storedAnswer(tx, batch.batchId, user);
  if (stored) return { answer: stored, fresh: null };
  const mission = await loadMission(tx, batch.missionId, user, true);
  const { rowCount } = await tx.query(
    `insert into sync_batches (id, user_id, device_id, mission_id, operation_count)
     values ($1, $2, $3, $4, $5) on conflict (id) do nothing`,
    [batch.batchId, user.id, batch.deviceId, batch.missionId, batch.operations.length],
  );
  // The same batch applied meanwhile by a request that was still running (a retry that
  // overtook its first attempt): that one's answer is the answer.
  if (!rowCount) return { answer: (await storedAnswer(tx, batch.batchId, user)) as PushResponse, fresh: null };

  const now = Date.now();
  const results = await applyOperations(tx, { user, writer: 'device', origin: 'push', mission, now }, batch.operations, locale, batch.batchId);
  const answer: PushResponse = { batchId: batch.batchId, serverTime: new Date(now).toISOString(), results };
  await tx.query('update sync_batches set answer = $2 where id = $1', [batch.batchId, JSON.stringify(answer)]);
  const tables = new Set(batch.operations.filter((_, i) => results[i]?.status !== 'rejected').map((o) => o.table as SyncTableName));
  return { answer, fresh: { plantId: mission.plantId, results, tables } };
}

async function storedAnswer(tx: PoolClient, batchId: string, user: SessionUser): Promise<PushResponse | null> {
  const { rows } = await tx.query<{ user_id: string; answer: PushResponse | null }>(
    'select user_id, answer from sync_batches where id = $1',
    [batchId],
  );
  const batch = rows[0];
  if (!batch) return null;
  if (batch.user_id !== user.id) throw new ApiError(409, 'batch_other_user', { key: 'e.sync_batch_other_user', field: 'batchId' });
  return batch.answer;
}

const RETRYABLE = new Set(['40P01', '40001', '55P03']);

/**
 * Two pushes touching the same rows can deadlock through the derived-status triggers:
 * PostgreSQL then aborts one of them. Nothing of it was committed, so it is run again;
 * after three tries the device is told to send the batch again a little later.
 */
async function retried<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      const code = (error as { code?: string } | null)?.code;
      if (!code || !RETRYABLE.has(code)) throw error;
      if (attempt >= 3) throw new ApiError(503, 'busy', { key: 'e.sync_busy', headers: { 'Retry-After': '1' } });
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt * Math.random()));
    }
  }
}
