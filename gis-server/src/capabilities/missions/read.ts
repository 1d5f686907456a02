import type { Mission, SessionUser } from '@calepin/core';
import { clientScope } from '../../access/scope';
import { type Queryable, sqlFile } from '../../db';
import { notFound } from '../../http/errors';

const selectMissions = sqlFile(import.meta.url, 'select.sql');

/** The filters every mission read applies for this caller: a client's company, a technician's own missions. */
export function missionScope(user: SessionUser): { client: string | null; member: string | null } {
  return { client: clientScope(user), member: user.role === 'technician' ? user.id : null };
}

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

export async function listMissions(db: Queryable, user: SessionUser, f: MissionFilter): Promise<{ items: Mission[]; total: number }> {
  const scope = missionScope(user);
  const { rows } = await db.query(selectMissions, [
    scope.client, scope.member, f.id ?? null, f.plantId ?? null, f.status ?? null, f.auditType ?? null,
    f.technicianId ?? null, f.q || null, f.limit ?? 100, f.offset ?? 0,
  ]);
  return { items: rows.map(shape), total: rows[0]?.total ?? 0 };
}

/** One mission the caller may see; 404 otherwise (whether it exists or not). */
export async function readMission(db: Queryable, user: SessionUser, id: string): Promise<Mission> {
  const { items } = await listMissions(db, user, { id, limit: 1 });
  if (!items[0]) throw notFound();
  return items[0];
}
