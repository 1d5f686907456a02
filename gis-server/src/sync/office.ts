// Edits made through the audit API go through the change engine too (docs/sync.md §6):
// an office correction and a technician's late push are decided by the same rule, and
// devices pull the office's changes like any other.
import { randomUUID } from 'node:crypto';
import type { Locale, SessionUser } from '@calepin/core';
import type { OperationResult, SyncOp, SyncTableName } from '@calepin/core/sync';
import type { PoolClient } from 'pg';
import { type Db, transaction } from '../db';
import { ApiError } from '../http/errors';
import { applyOperations } from './engine';
import { changesApplied } from './events';
import { type MissionAccess, loadMission } from './mission';

export interface Edit {
  table: SyncTableName;
  key: Record<string, string>;
  op: SyncOp;
  /** New values by column (`answers.f12` for a keyed column). */
  values?: Record<string, unknown>;
}

const STATUS: Record<string, number> = {
  not_found: 404, forbidden: 403, column_not_writable: 400, invalid: 400, constraint: 400, deleted: 409,
};

const camel = (s: string) => s.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/**
 * Applies edits of one mission in one transaction, as the office (admins, managers) or as
 * a technician of the mission. Any refusal rolls everything back and becomes the answer.
 * `before` runs first in the same transaction (an undelete, a lock).
 */
export async function edit(
  db: Db,
  user: SessionUser,
  missionId: string,
  edits: Edit[],
  locale: Locale,
  before?: (tx: PoolClient, mission: MissionAccess) => Promise<void>,
): Promise<OperationResult[]> {
  const now = Date.now();
  const operations = edits.map((e) => ({
    id: randomUUID(),
    table: e.table,
    key: e.key,
    op: e.op,
    deviceTime: new Date(now).toISOString(),
    columns: Object.fromEntries(Object.entries(e.values ?? {}).map(([c, v]) => [c, { new: v }])),
  }));
  const { mission, results } = await transaction(db, async (tx) => {
    const mission = await loadMission(tx, missionId, user, true);
    await before?.(tx, mission);
    const writer = user.role === 'admin' || user.role === 'manager' ? 'office' : 'device';
    const results = await applyOperations(tx, { user, writer, origin: 'api', mission, now }, operations, locale, null);
    for (const result of results) {
      if (result.status === 'rejected') throw refusal(result);
      if (result.conflicts?.some((c) => c.kind === 'deleted')) {
        throw new ApiError(409, 'deleted', { key: 'e.not_found', field: null });
      }
    }
    return { mission, results };
  });
  changesApplied({
    missionId, plantId: mission.plantId, userId: user.id, tables: [...new Set(edits.map((e) => e.table))],
    applied: results.length, conflicts: 0, origin: 'api',
    keys: edits.map((e) => ({ table: e.table, key: e.key })),
  });
  return results;
}

function refusal(result: OperationResult): ApiError {
  const code = result.code ?? 'invalid';
  const field = result.field ? result.field.split('.').map((part, i) => (i === 0 ? camel(part) : part)).join('.') : null;
  // The engine's message leads with the column's name; the API names fields in camelCase.
  const text = result.field && result.message?.startsWith(`${result.field}: `)
    ? `${field}: ${result.message.slice(result.field.length + 2)}`
    : result.message ?? '';
  return new ApiError(STATUS[code] ?? 400, code, { text, field: field?.startsWith('key') ? null : field });
}
