// GET /sync/missions/{missionId}/changes (docs/sync.md §5): a page of what changed.
import { type PullResponse, decodeCursor, encodeCursor } from '@calepin/core/sync';
import { type Queryable, sqlFile } from '../db';
import { ApiError } from '../http/errors';

const pullSql = sqlFile(import.meta.url, 'pull.sql');

export async function pull(db: Queryable, missionId: string, plantId: string, cursorText: string | undefined, limit: number): Promise<PullResponse> {
  const cursor = cursorText ? decodeCursor(cursorText) : { x: '0', r: 0 };
  if (!cursor) throw new ApiError(400, 'invalid_cursor', { key: 'e.sync_cursor', field: 'cursor' });
  const { rows } = await db.query<{ table: string; xid: string; revision: number; key: Record<string, string>; deleted: boolean; row: Record<string, unknown> | null }>(
    pullSql,
    [missionId, cursor.x, cursor.r, limit],
  );
  const layout = await db.query<{ revision: number }>('select revision from plant_layout_revisions where plant_id = $1', [plantId]);
  const last = rows[rows.length - 1];
  return {
    changes: rows.map((r) =>
      r.deleted
        ? { table: r.table, key: r.key, op: 'delete' as const, revision: r.revision }
        : { table: r.table, key: r.key, op: 'upsert' as const, revision: r.revision, row: r.row ?? {} },
    ),
    cursor: encodeCursor(last ? { x: last.xid, r: last.revision } : cursor),
    more: rows.length === limit,
    serverTime: new Date().toISOString(),
    layoutRevision: layout.rows[0]?.revision ?? 0,
  };
}

/**
 * The cursor to store with data read from now on (a mission package): rows of transactions
 * that ended before this moment are in what is read next; a pull from this cursor brings the
 * rest, perhaps a few rows twice (applying a row is idempotent).
 */
export async function snapshotCursor(db: Queryable): Promise<string> {
  const { rows } = await db.query<{ x: string }>('select sync_horizon()::text as x');
  return encodeCursor({ x: (rows[0] as { x: string }).x, r: 0 });
}
