// A module's result in an audit, derived on the device by the server's own rule
// (sql/migrations/008_status.sql, docs/database.md): the worst implied status of the audit's
// open defects on the module (manual, or validated suggestions), 'ok' for a module inspected
// without any. Never pushed (docs/sync.md §1.6): the pull brings the server's result, which
// this same rule gives.
import type { Database } from '@sqlite.org/sqlite-wasm';
import { MODULE_STATUSES, type ModuleStatus, STATUS_RANK } from '@calepin/core';

/** `case module_status when 'ok' then 0 …`: status_rank() for SQLite. */
const RANK = `case module_status ${MODULE_STATUSES.map((s) => `when '${s}' then ${STATUS_RANK[s]}`).join(' ')} else -1 end`;

/** The worst status of the open defects of an audit on a module, or null when there is none. */
export function worstOpenDefect(db: Database, auditId: string, moduleId: string): ModuleStatus | null {
  const status = db.selectValue(
    `select module_status from defects
      where audit_id = ? and module_id = ? and resolved_at is null and deleted_at is null
        and (source is null or source = 'manual' or validated_at is not null)
      order by ${RANK} desc limit 1`,
    [auditId, moduleId],
  );
  return (status as ModuleStatus | undefined) ?? null;
}

/**
 * Writes the derived status on the audit's module row, when the module is inspected (a live
 * row). Returns the status now shown, null when the module is not inspected in that audit.
 */
export function refreshResult(db: Database, auditId: string, moduleId: string): ModuleStatus | null {
  const row = db.selectObject('select fid, status, deleted_at from audit_modules where audit_id = ? and module_id = ?', [auditId, moduleId]);
  if (!row || row.deleted_at !== null) return null;
  const status = worstOpenDefect(db, auditId, moduleId) ?? 'ok';
  if (row.status !== status) db.exec({ sql: 'update audit_modules set status = ? where fid = ?', bind: [status, row.fid as number] });
  return status;
}
