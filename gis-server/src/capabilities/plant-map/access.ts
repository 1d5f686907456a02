import type { Queryable } from '../../db';
import { notFound } from '../../http/errors';

/** 404 (on the audit field) unless the audit is one of this plant's. */
/**
 * An audit named in a query must be one of the plant's; a client (or a share link) sees
 * validated audits only, as everywhere else: another is not found.
 */
export async function checkAudit(db: Queryable, plantId: string, auditId: string | undefined, validatedOnly: boolean): Promise<void> {
  if (!auditId) return;
  const { rowCount } = await db.query(
    'select 1 from audits where id = $1 and plant_id = $2 and deleted_at is null and (not $3 or validated_at is not null)',
    [auditId, plantId, validatedOnly],
  );
  if (!rowCount) throw notFound('audit');
}

/** LIKE treats % and _ as wildcards: a code typed by a person means them literally. */
export const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);
