import type { Mission, SessionUser } from '@calepin/core';
import { type PlantOwner, missionPlant } from '../../access/plant';
import { clientScope } from '../../access/scope';
import { type Queryable, sqlFile } from '../../db';
import { notFound } from '../../http/errors';

export { missionPlant };

const selectMissions = sqlFile(import.meta.url, 'select.sql');

/** The plant of an `{interventionId}` route: its mission's. */
export const interventionPlant: PlantOwner = {
  param: 'interventionId', of: 'intervention → mission',
  sql: `select mi.plant_id from interventions i join missions mi on mi.id = i.mission_id
         where i.id = $1 and i.deleted_at is null and mi.deleted_at is null`,
};

interface Scope { client: string | null; member: string | null; internal: boolean }

/** A technician sees only the missions they are on; a client user never the internal notes. */
const roleRules = (user: SessionUser) => ({ member: user.role === 'technician' ? user.id : null, internal: user.role !== 'client' });

export interface MissionFilter {
  id?: string;
  plantId?: string;
  status?: string;
  auditType?: string;
  technicianId?: string;
  q?: string;
  limit?: number;
  offset?: number;
}

// json_agg writes timestamps as "2025-06-01T22:00:00+00:00"; the API says ISO 8601 with Z.
const iso = (value: string) => new Date(value).toISOString();

function shape(row: Record<string, unknown>): Mission {
  const { total: _total, ...mission } = row;
  const interventions = (mission.interventions as { start: string; end: string }[]).map((i) => ({
    ...i, start: iso(i.start), end: iso(i.end),
  }));
  return { ...mission, interventions } as unknown as Mission;
}

async function selectWith(db: Queryable, scope: Scope, f: MissionFilter): Promise<{ items: Mission[]; total: number }> {
  const { rows } = await db.query(selectMissions, [
    scope.client, scope.member, f.id ?? null, f.plantId ?? null, f.status ?? null, f.auditType ?? null,
    f.technicianId ?? null, f.q || null, f.limit ?? 100, f.offset ?? 0, scope.internal,
  ]);
  return { items: rows.map(shape), total: rows[0]?.total ?? 0 };
}

/** The missions the caller may see: a list is of no one plant, so it applies the client scope itself. */
export function listMissions(db: Queryable, user: SessionUser, f: MissionFilter): Promise<{ items: Mission[]; total: number }> {
  return selectWith(db, { client: clientScope(user), ...roleRules(user) }, f);
}

/**
 * One mission, on a route that declares `missionPlant` or `interventionPlant` (the router
 * has checked the client's plant): 404 for a technician who is not on it.
 */
export async function readMission(db: Queryable, user: SessionUser, id: string): Promise<Mission> {
  const { items } = await selectWith(db, { client: null, ...roleRules(user) }, { id, limit: 1 });
  if (!items[0]) throw notFound();
  return items[0];
}
