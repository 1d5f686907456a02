import type { Queryable } from '../../db';
import { badRequest } from '../../http/errors';
import { checkIds } from '../../editing/lookups';

export interface Selection {
  /** Tables picked. */
  tables: string[];
  /** Modules picked and those of the picked tables (live only). */
  modules: string[];
}

/** The modules and tables an edit works on; 400 when nothing or foreign ids are selected. */
export async function resolveSelection(db: Queryable, plantId: string, body: { modules?: string[]; tables?: string[] }): Promise<Selection> {
  const tables = [...new Set(body.tables ?? [])];
  const picked = [...new Set(body.modules ?? [])];
  if (!tables.length && !picked.length) throw badRequest('nothing_selected', 'e.nothing_selected', {}, 'modules');
  await checkIds(db, 'tables', plantId, tables, 'tables');
  await checkIds(db, 'modules', plantId, picked, 'modules');
  const { rows } = await db.query<{ id: string }>(
    `select id from modules where plant_id = $1 and deleted_at is null and (id = any($2::uuid[]) or table_id = any($3::uuid[]))`,
    [plantId, picked, tables],
  );
  return { tables, modules: rows.map((r) => r.id) };
}
