// Conflicts as the office sees them, and their revert: the losing value written back as
// a new change (its own revision, so devices pull it) — docs/sync.md §6.
import type { Locale, SessionUser } from '@calepin/core';
import { SYNC_TABLES, type SyncTableName, columnsOf, isSyncTable } from '@calepin/core/sync';
import { type Db, type Queryable, sqlFile } from '../db';
import { ApiError, notFound } from '../http/errors';
import { type Edit, edit } from './office';
import { SERVER_TABLES } from './registry';

const conflictsSql = sqlFile(import.meta.url, 'conflicts.sql');

export async function listConflicts(db: Queryable, missionId: string): Promise<Record<string, unknown>[]> {
  return (await db.query(conflictsSql, [missionId, null])).rows;
}

interface Stored {
  mission_id: string;
  table_name: string;
  row_key: Record<string, string>;
  kind: 'column' | 'deleted' | 'delete_over_change';
  column_name: string | null;
  kept: 'server' | 'device';
  server_value: unknown;
  device_value: unknown;
  reverted_at: string | null;
}

export async function revertConflict(db: Db, user: SessionUser, conflictId: string, locale: Locale): Promise<Record<string, unknown>> {
  const { rows } = await db.query<Stored>('select * from sync_conflicts where id = $1', [conflictId]);
  const c = rows[0];
  if (!c) throw notFound();
  if (c.reverted_at) throw new ApiError(409, 'already_reverted', { key: 'e.conflict_reverted' });
  if (!isSyncTable(c.table_name)) throw new Error(`conflict on an unknown table ${c.table_name}`);
  const table = c.table_name;
  const edits: Edit[] = [];
  if (c.kind === 'column' && c.column_name) {
    edits.push({ table, key: c.row_key, op: 'patch', values: { [c.column_name]: c.kept === 'server' ? c.device_value : c.server_value } });
  } else if (c.kind === 'deleted') {
    // The device's changes lost to a delete: the row comes back with them.
    edits.push({ table, key: c.row_key, op: 'patch', values: writable(table, c.device_value as Record<string, unknown>) });
  }
  const spec = SERVER_TABLES[table];
  const results = await edit(db, user, c.mission_id, edits, locale, async (tx) => {
    const claimed = await tx.query('update sync_conflicts set reverted_at = now(), reverted_by = $2 where id = $1 and reverted_at is null', [conflictId, user.id]);
    if (!claimed.rowCount) throw new ApiError(409, 'already_reverted', { key: 'e.conflict_reverted' });
    if (c.kind !== 'column' && SYNC_TABLES[table].deletion === 'row') {
      const where = spec.key.map((k, i) => `${k} = $${i + 1}`).join(' and ');
      const undeleted = await tx.query(`update ${table} set deleted_at = null where ${where}`, spec.key.map((k) => c.row_key[k]));
      if (!undeleted.rowCount) throw new ApiError(409, 'row_gone', { key: 'e.conflict_row_gone' });
    }
  });
  if (results[0]) await db.query('update sync_conflicts set revert_operation_id = $2 where id = $1', [conflictId, results[0].id]);
  return (await db.query(conflictsSql, [null, conflictId])).rows[0] as Record<string, unknown>;
}

/** The columns of a lost patch that a patch may write (create-only ones are left as they are). */
function writable(table: SyncTableName, values: Record<string, unknown>): Record<string, unknown> {
  const columns = columnsOf(table);
  return Object.fromEntries(Object.entries(values ?? {}).filter(([name]) => !columns[name.split('.')[0] as string]?.createOnly));
}
