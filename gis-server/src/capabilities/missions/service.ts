import type { Locale, MissionCreate, MissionUpdate, SessionUser } from '@calepin/core';
import { insertClause, setClause, transaction } from '../../db';
import type { Deps } from '../../http/context';
import { badRequest, conflict, notFound } from '../../http/errors';
import { recordEvent } from './events';
import { type MailKind, mailOnEdit, mailOnStatus, notifyTeam, queueOrder } from './notify';
import { readMission } from './read';
import { defaultSafety } from './safety';
import { checkReady, checkTransition, isClosed } from './workflow';
import { MISSION_COLUMNS, checkMembers, checkReferences, layoutSeq, nextReference, setMembers, syncAudits } from './write';

type Status = 'draft' | 'planned' | 'in_progress' | 'done' | 'cancelled';

async function written(deps: Deps, user: SessionUser, id: string, plantId: string, kind: MailKind | null, removed: string[] = []) {
  const mail = await queueOrder(deps, id, plantId, kind, removed);
  return { ...(await readMission(deps.db, user, id)), mail };
}

export async function createMission(deps: Deps, user: SessionUser, locale: Locale, body: MissionCreate) {
  const id = await transaction(deps.db, async (tx) => {
    const { rows } = await tx.query<{ mounting: string }>('select mounting from plants where id = $1 and deleted_at is null', [body.plantId]);
    if (!rows[0]) throw badRequest('reference_missing', 'e.reference_missing', {}, 'plantId');
    await checkMembers(tx, body.leadId, body.technicianIds ?? []);
    await checkReferences(tx, body.plantId, body);
    const row = {
      ...body,
      reference: body.reference ?? (await nextReference(tx, new Date(body.plannedStart ?? Date.now()))),
      safetyInstructions: body.safetyInstructions === undefined ? defaultSafety(locale, body.auditTypes, rows[0].mounting) : body.safetyInstructions,
    };
    const insert = insertClause(MISSION_COLUMNS, row);
    const n = insert.values.length;
    const { rows: created } = await tx.query<{ id: string }>(
      `insert into missions (${insert.columns}, plant_id, created_by, layout_seq) values (${insert.placeholders}, $${n + 1}, $${n + 2}, $${n + 3}) returning id`,
      [...insert.values, body.plantId, user.id, await layoutSeq(tx, body.plantId)],
    );
    const missionId = (created[0] as { id: string }).id;
    await setMembers(tx, missionId, body.leadId ?? null, body.technicianIds ?? []);
    await syncAudits(tx, missionId, body.plantId, body.auditTypes);
    await recordEvent(tx, missionId, 'created', user.id);
    return missionId;
  });
  return written(deps, user, id, body.plantId, null);
}

export async function updateMission(deps: Deps, user: SessionUser, id: string, body: MissionUpdate) {
  const result = await transaction(deps.db, async (tx) => {
    const { rows } = await tx.query<{ plantId: string; status: Status }>(
      'select plant_id as "plantId", status from missions where id = $1 and deleted_at is null for update', [id]);
    const current = rows[0];
    if (!current) throw notFound();
    if (isClosed(current.status)) throw conflict('mission_closed', 'e.mission_closed', { status: current.status });
    let removed: string[] = [];
    if (body.leadId !== undefined || body.technicianIds !== undefined) {
      const { rows: members } = await tx.query<{ userId: string; role: string }>(
        'select user_id as "userId", role from mission_members where mission_id = $1 and deleted_at is null', [id]);
      const lead = body.leadId !== undefined ? body.leadId : (members.find((m) => m.role === 'lead')?.userId ?? null);
      const technicians = body.technicianIds ?? members.filter((m) => m.role === 'technician').map((m) => m.userId);
      await checkMembers(tx, lead, technicians);
      await setMembers(tx, id, lead, technicians);
      const kept = new Set([...(lead ? [lead] : []), ...technicians]);
      removed = members.map((m) => m.userId).filter((u) => !kept.has(u));
      // A member who leaves the team leaves its slots too.
      if (removed.length) {
        await tx.query('update interventions set deleted_at = now() where mission_id = $1 and technician_id = any ($2::uuid[]) and deleted_at is null', [id, removed]);
      }
    }
    await checkReferences(tx, current.plantId, body);
    if (body.auditTypes) await syncAudits(tx, id, current.plantId, body.auditTypes);
    const { sql, values } = setClause(MISSION_COLUMNS, body, 2);
    // Always touched: the revision tells the team's devices and the order job that it changed.
    await tx.query(`update missions set ${sql ? `${sql}, ` : ''}updated_at = now() where id = $1`, [id, ...values]);
    await recordEvent(tx, id, 'updated', user.id, { fields: Object.keys(body) });
    const kind = mailOnEdit(current.status);
    if (kind) await notifyTeam(tx, id, kind, user.id, removed);
    return { plantId: current.plantId, kind, removed };
  });
  return written(deps, user, id, result.plantId, result.kind, result.removed);
}

export async function changeStatus(deps: Deps, user: SessionUser, locale: Locale, id: string, to: Status) {
  // The caller must see the mission (a technician: one they are on).
  await readMission(deps.db, user, id);
  const result = await transaction(deps.db, async (tx) => {
    const { rows } = await tx.query<{ plantId: string; status: Status }>(
      'select plant_id as "plantId", status from missions where id = $1 and deleted_at is null for update', [id]);
    const current = rows[0];
    if (!current) throw notFound();
    if (current.status === to) return { plantId: current.plantId, kind: null };
    checkTransition(user, current.status, to, locale);
    if (to === 'planned') await checkReady(tx, id, locale);
    await tx.query('update missions set status = $2 where id = $1', [id, to]);
    if (to === 'cancelled') {
      await tx.query(`update interventions set status = 'cancelled' where mission_id = $1 and deleted_at is null and status = 'planned'`, [id]);
    }
    await recordEvent(tx, id, 'status', user.id, {}, { from: current.status, to });
    const kind = mailOnStatus(current.status, to);
    if (kind) await notifyTeam(tx, id, kind, user.id);
    return { plantId: current.plantId, kind };
  });
  return written(deps, user, id, result.plantId, result.kind);
}
