// The mission a push or a pull is about, and whether the caller may take part in it.
import type { SessionUser } from '@calepin/core';
import type { Queryable } from '../db';
import { ApiError, notFound } from '../http/errors';
import type { MissionContext } from './state';

/**
 * A live mission (not archived, on a live plant), its plant and status, and whether `userId`
 * is on its team: what sync and the real-time rooms both decide access on.
 */
export async function missionMembership(
  db: Queryable, missionId: string, userId: string,
): Promise<{ plant_id: string; status: string; member: boolean } | null> {
  const { rows } = await db.query<{ plant_id: string; status: string; member: boolean }>(
    `select m.plant_id, m.status,
            exists (select 1 from mission_members mm
                     where mm.mission_id = m.id and mm.user_id = $2 and mm.deleted_at is null) as member
       from missions m join plants p on p.id = m.plant_id
      where m.id = $1 and m.deleted_at is null and p.deleted_at is null`,
    [missionId, userId],
  );
  return rows[0] ?? null;
}

export interface MissionAccess extends MissionContext {
  member: boolean;
  status: string;
}

/**
 * The mission (404 when it does not exist or is archived), its plant and its audits.
 * A client never gets here (the routes refuse the role); `write` further requires a
 * technician to be a member of the mission's team.
 */
export async function loadMission(db: Queryable, missionId: string, user: SessionUser, write: boolean): Promise<MissionAccess> {
  const mission = await missionMembership(db, missionId, user.id);
  if (!mission) throw notFound('missionId');
  if (write && user.role === 'technician' && !mission.member) {
    throw new ApiError(403, 'forbidden', { key: 'e.sync_not_member', field: 'missionId' });
  }
  const audits = await db.query<{ id: string; deleted: boolean; audit_type: string }>(
    'select id, deleted_at is not null as deleted, audit_type from audits where mission_id = $1',
    [missionId],
  );
  const team = await db.query<{ user_id: string; role: string }>(
    'select user_id, role from mission_members where mission_id = $1 and deleted_at is null',
    [missionId],
  );
  const lead = team.rows.some((m) => m.user_id === user.id && m.role === 'lead');
  return {
    id: missionId,
    plantId: mission.plant_id,
    status: mission.status,
    member: mission.member,
    audits: new Map(audits.rows.map((a) => [a.id, { deleted: a.deleted, auditType: a.audit_type }])),
    team: new Set(team.rows.map((m) => m.user_id)),
    plans: lead || user.role === 'admin' || user.role === 'manager',
  };
}
