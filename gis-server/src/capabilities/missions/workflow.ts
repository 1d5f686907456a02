import type { Locale, SessionUser } from '@calepin/core';
import { t } from '@calepin/core';
import type { Queryable } from '../../db';
import { ApiError, conflict, notFound } from '../../http/errors';

type Status = 'draft' | 'planned' | 'in_progress' | 'done' | 'cancelled';

/** Where each status may go: draft → planned → in progress → done, cancelled from any open one. */
const NEXT: Record<Status, readonly Status[]> = {
  draft: ['planned', 'cancelled'],
  planned: ['draft', 'in_progress', 'cancelled'],
  in_progress: ['planned', 'done', 'cancelled'],
  done: [],
  cancelled: [],
};
/** What a technician of the team may do: start and finish the work. */
const TECHNICIAN_MAY: readonly Status[] = ['in_progress', 'done'];

export const isClosed = (status: string) => status === 'done' || status === 'cancelled';

export function checkTransition(user: SessionUser, from: Status, to: Status, locale: Locale): void {
  if (user.role === 'technician' && !TECHNICIAN_MAY.includes(to)) {
    throw new ApiError(403, 'forbidden', { key: 'e.forbidden', params: { role: user.role } });
  }
  if (!NEXT[from].includes(to)) {
    throw conflict('mission_status_transition', 'e.mission_status_transition',
      { from: t(locale, `mstatus.${from}`), to: t(locale, `mstatus.${to}`) }, 'status');
  }
}

/** A mission is planned once it has dates and a team, and its slots cover its estimated time. */
export async function checkReady(db: Queryable, missionId: string, locale: Locale): Promise<void> {
  const { rows } = await db.query<{ start: boolean; end: boolean; team: boolean; estimated: number | null; booked: number }>(
    `select mi.planned_start is not null as start, mi.planned_end is not null as end,
            exists (select 1 from mission_members mm where mm.mission_id = mi.id and mm.deleted_at is null) as team,
            mi.estimated_hours::float8 as estimated,
            (select coalesce(sum(extract(epoch from upper(r) - lower(r))), 0) / 3600
               from unnest((select range_agg(i.period) from interventions i
                             where i.mission_id = mi.id and i.deleted_at is null and i.status <> 'cancelled')) r)::float8 as booked
       from missions mi where mi.id = $1`,
    [missionId],
  );
  const r = rows[0];
  if (!r) throw notFound();
  const missing = [!r.start && 'plannedStart', !r.end && 'plannedEnd', !r.team && 'technicianIds'].filter(Boolean) as string[];
  if (missing.length) throw new ApiError(409, 'mission_not_ready', { key: 'e.mission_not_ready', params: { missing: missing.join(', ') }, field: missing[0] });
  if (r.estimated !== null && r.booked + 1e-6 < r.estimated) {
    const round = (n: number) => Math.round(n * 10) / 10;
    throw new ApiError(409, 'conflict_underbooked', {
      text: `estimatedHours: ${t(locale, 'c.underbooked', { needed: round(r.estimated), booked: round(r.booked) })}`,
      field: 'estimatedHours',
    });
  }
}
