import type { Queryable } from '../../db';
import { notFound } from '../../http/errors';

/** 404 (on the audit field) unless the audit is one of this plant's. */
export async function checkAudit(db: Queryable, plantId: string, auditId: string | undefined): Promise<void> {
  if (!auditId) return;
  const { rowCount } = await db.query('select 1 from audits where id = $1 and plant_id = $2 and deleted_at is null', [
    auditId,
    plantId,
  ]);
  if (!rowCount) throw notFound('audit');
}

/** LIKE treats % and _ as wildcards: a code typed by a person means them literally. */
export const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);
