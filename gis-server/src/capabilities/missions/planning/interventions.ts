import { z } from 'zod';
import { Intervention, InterventionCreate, InterventionUpdate, PlanningCheck, PlanningCheckResult, Uuid } from '@calepin/core';
import { MANAGERS } from '../../../access/scope';
import { type Queryable, transaction } from '../../../db';
import type { Deps } from '../../../http/context';
import { badRequest, conflict, notFound } from '../../../http/errors';
import { type RouteSpec, defineRoute } from '../../../http/route';
import { recordEvent } from '../events';
import { mailOnEdit, notifyTeam, queueOrder } from '../notify';
import { interventionPlant, missionPlant } from '../read';
import { checkReady, isClosed } from '../workflow';
import { findConflicts, refuseConflicts } from './conflicts';

const MissionParams = z.object({ missionId: Uuid });
const Params = z.object({ interventionId: Uuid });

const selectIntervention = `select i.id, i.mission_id as "missionId", i.technician_id as "technicianId", u.full_name as technician,
                                   lower(i.period) as start, upper(i.period) as end, i.status, i.notes
                              from interventions i join users u on u.id = i.technician_id where i.id = $1`;

async function readIntervention(db: Queryable, id: string) {
  const { rows } = await db.query(selectIntervention, [id]);
  if (!rows[0]) throw notFound();
  return { ...rows[0], start: rows[0].start.toISOString(), end: rows[0].end.toISOString() };
}

/** The mission of a slot, locked for the change; refused when it is closed. */
async function lockMission(db: Queryable, missionId: string, field: string | null = null) {
  const { rows } = await db.query<{ plantId: string; status: string }>(
    'select plant_id as "plantId", status from missions where id = $1 and deleted_at is null for update', [missionId]);
  const mission = rows[0];
  if (!mission) throw notFound(field);
  if (isClosed(mission.status)) throw conflict('mission_closed', 'e.mission_closed', { status: mission.status });
  return mission;
}

/** Only a member of the team can be booked on a mission; booking a staff member adds them to it. */
async function ensureMember(db: Queryable, missionId: string, technicianId: string): Promise<void> {
  const { rows } = await db.query<{ ok: boolean }>(
    `select role <> 'client' and deleted_at is null and disabled_at is null as ok from users where id = $1`, [technicianId]);
  if (!rows[0]?.ok) throw badRequest('intervention_technician', 'e.intervention_technician', { id: technicianId }, 'technicianId');
  await db.query(
    `insert into mission_members (mission_id, user_id, role) values ($1, $2, 'technician')
     on conflict (mission_id, user_id) do update set deleted_at = null where mission_members.deleted_at is not null`,
    [missionId, technicianId]);
}

/** After a slot changed: the mission's period covers its slots, and the team hears of it. */
async function afterSlotChange(deps: Deps, db: Queryable, missionId: string, userId: string, detail: Record<string, unknown>) {
  const { rows } = await db.query<{ status: string }>(
    `update missions mi set planned_start = least(mi.planned_start, s.first), planned_end = greatest(mi.planned_end, s.last)
       from (select min(lower(period)) as first, max(upper(period)) as last from interventions
              where mission_id = $1 and deleted_at is null and status <> 'cancelled') s
      where mi.id = $1 returning mi.status`, [missionId]);
  await recordEvent(db, missionId, 'planning', userId, detail);
  const kind = mailOnEdit(rows[0]?.status ?? 'draft');
  if (kind) await notifyTeam(db, missionId, kind, userId);
  return kind;
}

async function saveSlot(deps: Deps, userId: string, locale: 'fr' | 'en', slot: { missionId: string; technicianId: string; start: string; end: string; notes?: string | null }, interventionId: string | null) {
  const { plantId, kind, id } = await transaction(deps.db, async (tx) => {
    const mission = await lockMission(tx, slot.missionId, interventionId ? null : 'missionId');
    refuseConflicts(await findConflicts(tx, { ...slot, interventionId }, locale, deps.config.planningSpeedKmh));
    await ensureMember(tx, slot.missionId, slot.technicianId);
    let savedId = interventionId;
    if (interventionId) {
      await tx.query(
        `update interventions set technician_id = $2, period = tstzrange($3, $4), notes = coalesce($5, notes) where id = $1`,
        [interventionId, slot.technicianId, slot.start, slot.end, slot.notes ?? null]);
    } else {
      const { rows } = await tx.query<{ id: string }>(
        `insert into interventions (mission_id, technician_id, period, notes) values ($1, $2, tstzrange($3, $4), $5) returning id`,
        [slot.missionId, slot.technicianId, slot.start, slot.end, slot.notes ?? null]);
      savedId = (rows[0] as { id: string }).id;
    }
    const kind = await afterSlotChange(deps, tx, slot.missionId, userId, { intervention: savedId, technician: slot.technicianId, start: slot.start, end: slot.end });
    return { plantId: mission.plantId, kind, id: savedId as string };
  });
  await queueOrder(deps, slot.missionId, plantId, kind);
  return readIntervention(deps.db, id);
}

export const interventionRoutes: RouteSpec[] = [
  defineRoute({
    method: 'post', path: '/planning/check', tag: 'planning',
    summary: 'The conflicts a slot would have, before it is saved: overlap, absence, daylight for EL, travel, under-booking',
    roles: MANAGERS, body: PlanningCheck, response: PlanningCheckResult,
    async handler({ body, ctx, deps }) {
      return { conflicts: await findConflicts(deps.db, body, ctx.state.locale, deps.config.planningSpeedKmh) };
    },
  }),
  defineRoute({
    method: 'post', path: '/missions/{missionId}/interventions', tag: 'planning',
    summary: 'Book a technician on a mission (added to its team); 409 names the conflict',
    roles: MANAGERS, plant: missionPlant, params: MissionParams, body: InterventionCreate, status: 201, response: Intervention, errors: [409],
    async handler({ params, body, user, ctx, deps }) {
      return saveSlot(deps, user.id, ctx.state.locale, { ...body, missionId: params.missionId }, null);
    },
  }),
  defineRoute({
    method: 'patch', path: '/interventions/{interventionId}', tag: 'planning',
    summary: 'Move, stretch or reassign a slot; 409 names the conflict',
    roles: MANAGERS, plant: interventionPlant, params: Params, body: InterventionUpdate, response: Intervention, errors: [409],
    async handler({ params, body, user, ctx, deps }) {
      const { rows } = await deps.db.query(
        `select mission_id as "missionId", technician_id as "technicianId", lower(period) as start, upper(period) as end
           from interventions where id = $1 and deleted_at is null`, [params.interventionId]);
      const current = rows[0];
      if (!current) throw notFound();
      return saveSlot(deps, user.id, ctx.state.locale, {
        missionId: current.missionId,
        technicianId: body.technicianId ?? current.technicianId,
        start: body.start ?? current.start.toISOString(),
        end: body.end ?? current.end.toISOString(),
        notes: body.notes,
      }, params.interventionId);
    },
  }),
  defineRoute({
    method: 'delete', path: '/interventions/{interventionId}', tag: 'planning',
    summary: 'Remove a slot (a planned mission must still cover its estimated time)',
    roles: MANAGERS, plant: interventionPlant, params: Params, status: 204, errors: [409],
    async handler({ params, user, ctx, deps }) {
      const result = await transaction(deps.db, async (tx) => {
        const { rows } = await tx.query<{ missionId: string }>(
          'select mission_id as "missionId" from interventions where id = $1 and deleted_at is null', [params.interventionId]);
        if (!rows[0]) throw notFound();
        const mission = await lockMission(tx, rows[0].missionId);
        await tx.query('update interventions set deleted_at = now() where id = $1', [params.interventionId]);
        if (mission.status === 'planned' || mission.status === 'in_progress') {
          await checkReady(tx, rows[0].missionId, ctx.state.locale);
        }
        const kind = await afterSlotChange(deps, tx, rows[0].missionId, user.id, { removed: params.interventionId });
        return { missionId: rows[0].missionId, plantId: mission.plantId, kind };
      });
      await queueOrder(deps, result.missionId, result.plantId, result.kind);
    },
  }),
];
