import { z } from 'zod';
import { ListQuery, ModuleModel, ModuleModelCreate, ModuleModelUpdate, ROLES, Uuid, page } from '@calepin/core';
import { MANAGERS } from '../../access/scope';
import { type Queryable, insertClause, setClause, sqlFile, transaction } from '../../db';
import { badRequest, notFound } from '../../http/errors';
import { type RouteSpec, defineRoute } from '../../http/route';

const selectModels = sqlFile(import.meta.url, 'select.sql');

const COLUMNS = {
  manufacturer: 'manufacturer',
  model: 'model',
  powerWp: 'power_wp',
  widthMm: 'width_mm',
  heightMm: 'height_mm',
  thicknessMm: 'thickness_mm',
  cellsLayout: 'cells_layout',
  cellCount: 'cell_count',
  technology: 'technology',
  bifacial: 'bifacial',
  vocV: 'voc_v',
  iscA: 'isc_a',
  vmpV: 'vmp_v',
  impA: 'imp_a',
} as const;

const Params = z.object({ modelId: Uuid });

async function readModel(db: Queryable, id: string): Promise<ModuleModel> {
  const { rows } = await db.query(selectModels, [null, 1, 0, id]);
  if (!rows[0]) throw notFound();
  const { total: _total, ...model } = rows[0];
  return model as ModuleModel;
}

export const moduleModelRoutes: RouteSpec[] = [
  defineRoute({
    method: 'get',
    path: '/module-models',
    tag: 'module models',
    summary: 'List the module library',
    roles: ROLES,
    query: ListQuery,
    response: page('ModuleModelPage', ModuleModel),
    async handler({ query, deps }) {
      const { rows } = await deps.db.query(selectModels, [query.q || null, query.limit, query.offset, null]);
      return { items: rows.map(({ total: _total, ...model }) => model), total: rows[0]?.total ?? 0 };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/module-models/{modelId}',
    tag: 'module models',
    summary: 'Read one module model',
    roles: ROLES,
    params: Params,
    response: ModuleModel,
    async handler({ params, deps }) {
      return readModel(deps.db, params.modelId);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/module-models',
    tag: 'module models',
    summary: 'Add a module model to the library',
    roles: MANAGERS,
    body: ModuleModelCreate,
    status: 201,
    response: ModuleModel,
    errors: [409],
    async handler({ body, deps }) {
      const insert = insertClause(COLUMNS, body);
      const { rows } = await deps.db.query<{ id: string }>(
        `insert into module_models (${insert.columns}) values (${insert.placeholders}) returning id`,
        insert.values,
      );
      return readModel(deps.db, (rows[0] as { id: string }).id);
    },
  }),
  defineRoute({
    method: 'patch',
    path: '/module-models/{modelId}',
    tag: 'module models',
    summary: 'Change a module model',
    roles: MANAGERS,
    params: Params,
    body: ModuleModelUpdate,
    response: ModuleModel,
    errors: [409],
    async handler({ params, body, deps }) {
      const { sql, values } = setClause(COLUMNS, body, 2);
      if (sql) {
        await transaction(deps.db, async (tx) => {
          const { rows } = await tx.query<{ ok: boolean }>(
            `update module_models set ${sql} where id = $1 and deleted_at is null returning width_mm <= height_mm as ok`,
            [params.modelId, ...values],
          );
          if (!rows[0]) throw notFound();
          // The width stays the short side whichever of the two changed: refused, rolled back.
          if (!rows[0].ok) throw badRequest('validation_failed', 'v.width_short_side', {}, 'widthMm');
        });
      }
      return readModel(deps.db, params.modelId);
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/module-models/{modelId}',
    tag: 'module models',
    summary: 'Remove a module model from the library (modules keep theirs)',
    roles: MANAGERS,
    params: Params,
    status: 204,
    async handler({ params, deps }) {
      const { rowCount } = await deps.db.query(
        'update module_models set deleted_at = now() where id = $1 and deleted_at is null',
        [params.modelId],
      );
      if (!rowCount) throw notFound();
    },
  }),
];
