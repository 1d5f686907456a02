import type { AuditType, MissionUpdate } from '@calepin/core';
import type { Queryable } from '../../db';
import { badRequest, conflict } from '../../http/errors';

/** Request fields → missions columns (a fixed list: no name from a request reaches SQL). */
export const MISSION_COLUMNS = {
  reference: 'reference',
  title: 'title',
  auditTypes: 'audit_types',
  plannedStart: 'planned_start',
  plannedEnd: 'planned_end',
  estimatedHours: 'estimated_hours',
  safetyInstructions: 'safety_instructions',
  accessNotes: 'access_notes',
  notes: 'notes',
  zoneIds: 'zone_ids',
  checklistTemplateIds: 'checklist_template_ids',
  planIds: 'plan_ids',
} as const;

/** The next free reference of the year, OM-2026-001 onwards (the unique index settles races). */
export async function nextReference(db: Queryable, at: Date): Promise<string> {
  const year = at.getUTCFullYear();
  const { rows } = await db.query<{ n: number }>(
    `select coalesce(max(substring(reference from '^OM-\\d{4}-(\\d+)$')::int), 0) + 1 as n
       from missions where reference like $1 and deleted_at is null`,
    [`OM-${year}-%`],
  );
  return `OM-${year}-${String(rows[0]?.n ?? 1).padStart(3, '0')}`;
}

/** The team: a lead and technicians, each an active staff member, nobody twice. */
export async function checkMembers(db: Queryable, leadId: string | null | undefined, technicianIds: readonly string[]): Promise<void> {
  const all = [...(leadId ? [leadId] : []), ...technicianIds];
  const seen = new Set<string>();
  for (const [i, id] of all.entries()) {
    const field = leadId && i === 0 ? 'leadId' : `technicianIds.${leadId ? i - 1 : i}`;
    if (seen.has(id)) throw badRequest('mission_member_twice', 'e.mission_member_twice', { id }, field);
    seen.add(id);
  }
  if (all.length === 0) return;
  const { rows } = await db.query<{ id: string }>(
    `select id from users where id = any ($1::uuid[]) and deleted_at is null and disabled_at is null and role <> 'client'`,
    [all],
  );
  const known = new Set(rows.map((r) => r.id));
  const missing = all.findIndex((id) => !known.has(id));
  if (missing >= 0) {
    const field = leadId && missing === 0 ? 'leadId' : `technicianIds.${leadId ? missing - 1 : missing}`;
    throw badRequest('mission_member_unknown', 'e.mission_member_unknown', { id: all[missing] as string }, field);
  }
}

/** Zones, plans and checklist templates named by the order must exist (zones and plans on its plant). */
export async function checkReferences(db: Queryable, plantId: string, body: MissionUpdate): Promise<void> {
  const lists = [
    ['zoneIds', body.zoneIds, 'select id from zones where id = any ($1::uuid[]) and plant_id = $2 and deleted_at is null', 'e.mission_zone_unknown', 'mission_zone_unknown'],
    ['planIds', body.planIds, 'select id from plans where id = any ($1::uuid[]) and plant_id = $2', 'e.mission_plan_unknown', 'mission_plan_unknown'],
    ['checklistTemplateIds', body.checklistTemplateIds, 'select id from checklist_templates where id = any ($1::uuid[]) and deleted_at is null and $2::uuid is not null', 'e.mission_checklist_unknown', 'mission_checklist_unknown'],
  ] as const;
  for (const [field, ids, sql, key, code] of lists) {
    if (!ids?.length) continue;
    const { rows } = await db.query<{ id: string }>(sql, [ids, plantId]);
    const known = new Set(rows.map((r) => r.id));
    const i = ids.findIndex((id) => !known.has(id));
    if (i >= 0) throw badRequest(code, key, { id: ids[i] as string }, `${field}.${i}`);
  }
}

/** The team as stored: removed members soft-deleted, new ones added, roles updated. */
export async function setMembers(db: Queryable, missionId: string, leadId: string | null, technicianIds: readonly string[]): Promise<void> {
  const members = [...(leadId ? [{ id: leadId, role: 'lead' }] : []), ...technicianIds.map((id) => ({ id, role: 'technician' }))];
  await db.query(
    `update mission_members set deleted_at = now()
      where mission_id = $1 and deleted_at is null and not (user_id = any ($2::uuid[]))`,
    [missionId, members.map((m) => m.id)],
  );
  await db.query(
    `insert into mission_members (mission_id, user_id, role)
     select $1, m.id, m.role from unnest($2::uuid[], $3::text[]) as m (id, role)
     on conflict (mission_id, user_id) do update set role = excluded.role, deleted_at = null
       where mission_members.role is distinct from excluded.role or mission_members.deleted_at is not null`,
    [missionId, members.map((m) => m.id), members.map((m) => m.role)],
  );
}

/**
 * One audit per audit type of the mission: new types get theirs, removed types lose
 * theirs unless it already found something (then the change is refused).
 */
export async function syncAudits(db: Queryable, missionId: string, plantId: string, auditTypes: readonly AuditType[]): Promise<void> {
  const { rows: gone } = await db.query<{ id: string; auditType: string; used: boolean }>(
    `select a.id, a.audit_type as "auditType",
            exists (select 1 from audit_modules am where am.audit_id = a.id and am.deleted_at is null)
            or exists (select 1 from defects d where d.audit_id = a.id and d.deleted_at is null) as used
       from audits a where a.mission_id = $1 and a.deleted_at is null and not (a.audit_type = any ($2::text[]))`,
    [missionId, auditTypes],
  );
  const used = gone.find((a) => a.used);
  if (used) throw conflict('mission_audit_has_findings', 'e.mission_audit_has_findings', { auditType: used.auditType }, 'auditTypes');
  if (gone.length) await db.query('update audits set deleted_at = now() where id = any ($1::uuid[])', [gone.map((a) => a.id)]);
  await db.query(
    `insert into audits (plant_id, mission_id, audit_type)
     select $2, $1, t from unnest($3::text[]) t
      where not exists (select 1 from audits a where a.mission_id = $1 and a.audit_type = t and a.deleted_at is null)`,
    [missionId, plantId, auditTypes],
  );
}

/** The plant's latest layout edit: the layout version an order relies on. */
export async function layoutSeq(db: Queryable, plantId: string): Promise<number | null> {
  const { rows } = await db.query<{ seq: number | null }>(
    'select max(seq) as seq from layout_edits where plant_id = $1 and not undone', [plantId]);
  return rows[0]?.seq ?? null;
}
