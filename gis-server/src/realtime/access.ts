// Who may be in which room (docs/realtime.md §2): read from the database at join, and
// again on an event when the last reading is older than RECHECK_MS, so that a technician
// taken off a team stops hearing the mission within seconds.
import type { SessionUser } from '@calepin/core';
import type { Db } from '../db';
import { missionMembership } from '../sync/mission';

export const RECHECK_MS = 10_000;

/** The mission's plant when the user may be on the mission, else null (unknown, archived or not theirs alike). */
export async function missionAccess(db: Db, missionId: string, user: SessionUser): Promise<{ plantId: string } | null> {
  if (user.role === 'client') return null;
  const mission = await missionMembership(db, missionId, user.id);
  if (!mission || (user.role === 'technician' && !mission.member)) return null;
  return { plantId: mission.plant_id };
}

/** Staff read every plant in the back-office (technicians read-only); clients never get here. */
export async function plantAccess(db: Db, plantId: string, user: SessionUser): Promise<boolean> {
  if (user.role === 'client') return false;
  const { rowCount } = await db.query('select 1 from plants where id = $1 and deleted_at is null', [plantId]);
  return rowCount === 1;
}

/** Modules known to be on a plant, until when (ms): a technician takes the same few again and again. */
const knownModules = new Map<string, number>();
const KNOWN_MODULE_MS = 60_000;
const KNOWN_MODULES_MAX = 100_000;

/**
 * Whether a module is a live module of the plant. A yes is remembered for a minute (a lock is
 * advice, not a rule of the data: a module deleted meanwhile can at worst be locked once more),
 * which keeps the database out of the path of every lock taken.
 */
export async function moduleOnPlant(db: Db, moduleId: string, plantId: string): Promise<boolean> {
  const key = `${plantId}:${moduleId}`;
  const now = Date.now();
  if ((knownModules.get(key) ?? 0) > now) return true;
  const { rowCount } = await db.query('select 1 from modules where id = $1 and plant_id = $2 and deleted_at is null', [moduleId, plantId]);
  if (rowCount !== 1) return false;
  if (knownModules.size >= KNOWN_MODULES_MAX) knownModules.clear();
  knownModules.set(key, now + KNOWN_MODULE_MS);
  return true;
}

export interface MemberRow {
  userId: string;
  name: string;
  role: SessionUser['role'];
}

export async function missionMembers(db: Db, missionId: string): Promise<MemberRow[]> {
  const { rows } = await db.query<MemberRow>(
    `select u.id as "userId", u.full_name as name, u.role
       from mission_members mm join users u on u.id = mm.user_id
      where mm.mission_id = $1 and mm.deleted_at is null
      order by u.full_name`,
    [missionId],
  );
  return rows;
}

export async function userName(db: Db, userId: string): Promise<string> {
  const { rows } = await db.query<{ full_name: string }>('select full_name from users where id = $1', [userId]);
  return rows[0]?.full_name ?? '';
}

/** The team in the order it was formed (then by id): a member's rank gives their colour. */
export async function memberRanks(db: Db, missionId: string): Promise<string[]> {
  const { rows } = await db.query<{ user_id: string }>(
    'select user_id from mission_members where mission_id = $1 and deleted_at is null order by created_at, user_id',
    [missionId],
  );
  return rows.map((r) => r.user_id);
}
