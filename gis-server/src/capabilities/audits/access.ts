// Which mission a thing of the audit API belongs to, and whether the caller may see it.
// A client sees the validated audits of its own plants and nothing else; another
// company's thing, or an unvalidated one, is simply not found (404).
import type { SessionUser } from '@calepin/core';
import { clientScope } from '../../access/scope';
import type { Queryable } from '../../db';
import { notFound } from '../../http/errors';

export interface Owner {
  missionId: string | null;
  auditId: string | null;
  plantId: string;
}

const OWNERS = {
  audit: `select a.mission_id, a.id as audit_id, a.plant_id, pl.client_id, a.validated_at is not null as validated
            from audits a join plants pl on pl.id = a.plant_id
           where a.id = $1 and a.deleted_at is null and pl.deleted_at is null`,
  defect: `select a.mission_id, a.id as audit_id, d.plant_id, pl.client_id, a.validated_at is not null as validated
             from defects d join audits a on a.id = d.audit_id join plants pl on pl.id = d.plant_id
            where d.id = $1 and d.deleted_at is null and a.deleted_at is null and pl.deleted_at is null`,
  photo: `select p.mission_id, p.audit_id, p.plant_id, pl.client_id, coalesce(a.validated_at is not null, false) as validated
            from photos p join plants pl on pl.id = p.plant_id left join audits a on a.id = p.audit_id
           where p.id = $1 and p.deleted_at is null and pl.deleted_at is null`,
  response: `select r.mission_id, null::uuid as audit_id, r.plant_id, pl.client_id, false as validated
               from checklist_responses r join plants pl on pl.id = r.plant_id
              where r.id = $1 and r.deleted_at is null and pl.deleted_at is null`,
  mission: `select m.id as mission_id, null::uuid as audit_id, m.plant_id, pl.client_id, false as validated
              from missions m join plants pl on pl.id = m.plant_id
             where m.id = $1 and m.deleted_at is null and pl.deleted_at is null`,
} as const;

export async function ownerOf(db: Queryable, kind: keyof typeof OWNERS, id: string, user: SessionUser): Promise<Owner> {
  const { rows } = await db.query<{ mission_id: string | null; audit_id: string | null; plant_id: string; client_id: string; validated: boolean }>(OWNERS[kind], [id]);
  const row = rows[0];
  const scope = clientScope(user);
  if (!row || (scope && (row.client_id !== scope || !row.validated))) throw notFound();
  return { missionId: row.mission_id, auditId: row.audit_id, plantId: row.plant_id };
}

/** The mission of a thing that is edited: things without a mission (imported audits) are read-only. */
export function missionOf(owner: Owner): string {
  if (!owner.missionId) throw notFound();
  return owner.missionId;
}
