// Which audits a caller may have statistics and reports of: staff any (the router has
// checked the plant), a client user the validated audits of its own plants (the audit
// API's rule, docs/permissions.md). Anything else is not found.
import type { SessionUser } from '@calepin/core';
import { clientScope } from '../../access/scope';
import type { Queryable } from '../../db';
import { notFound } from '../../http/errors';

export interface VisibleAudit { plantId: string; missionId: string | null; auditType: string; plantName: string; inspected: number }

export async function visibleAudit(db: Queryable, auditId: string, user: SessionUser): Promise<VisibleAudit> {
  const { rows } = await db.query<VisibleAudit & { clientId: string; validated: boolean }>(
    `select a.plant_id as "plantId", a.mission_id as "missionId", a.audit_type as "auditType", p.name as "plantName",
            p.client_id as "clientId", a.validated_at is not null as validated,
            (select count(*)::int from audit_modules x where x.audit_id = a.id and x.deleted_at is null) as inspected
       from audits a join plants p on p.id = a.plant_id
      where a.id = $1 and a.deleted_at is null and p.deleted_at is null`, [auditId]);
  const row = rows[0];
  const scope = clientScope(user);
  if (!row || (scope && (row.clientId !== scope || !row.validated))) throw notFound();
  return row;
}
