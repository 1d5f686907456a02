import { z } from 'zod';
import {
  MAP_STATUSES, MapFilterQuery, MapInverters, MapSelection, MapSelectionQuery, MapStrings, MapStringsQuery, ModuleDetail, ModuleDetailQuery,
  ModuleHits, ModuleSearchQuery, PlantStatusCounts, ROLES, Uuid,
} from '@calepin/core';
import { sqlFile } from '../../db';
import { clientScope } from '../../access/scope';
import { notFound } from '../../http/errors';
import { type RouteSpec, defineRoute } from '../../http/route';
import { checkAudit, escapeLike } from './access';

const sql = (name: string) => sqlFile(import.meta.url, `sql/${name}.sql`);
const SQL = {
  counts: sql('status-counts'),
  search: sql('search'),
  module: sql('module'),
  defects: sql('module-defects'),
  inverters: sql('inverters'),
  strings: sql('strings'),
  selection: sql('selection'),
};

const PlantParams = z.object({ plantId: Uuid });
const ModuleParams = z.object({ plantId: Uuid, moduleId: Uuid });

export const photoUrl = (plantId: string, photoId: string) => `/api/v1/plants/${plantId}/photos/${photoId}/file`;

export const plantMapRoutes: RouteSpec[] = [
  defineRoute({
    method: 'get',
    path: '/plants/{plantId}/map/status-counts',
    tag: 'plant map',
    summary: 'Modules per status (the map legend), under the same filters as the map',
    roles: ROLES,
    plant: 'plantId',
    // The web report's legend, through a share link too.
    share: true,
    params: PlantParams,
    query: MapFilterQuery,
    response: PlantStatusCounts,
    async handler({ params, query, user, deps }) {
      const published = clientScope(user) !== null;
      await checkAudit(deps.db, params.plantId, query.audit, published);
      const { rows } = await deps.db.query<{ status: string; n: number }>(SQL.counts, [
        params.plantId, query.audit ?? null, query.inverter ?? null, query.string ?? null, query.status ?? null, published,
      ]);
      const found = Object.fromEntries(rows.map((r) => [r.status, r.n]));
      const counts = Object.fromEntries(MAP_STATUSES.map((s) => [s, found[s] ?? 0]));
      return { total: rows.reduce((sum, r) => sum + r.n, 0), counts, audit: query.audit ?? null };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/plants/{plantId}/map/modules',
    tag: 'plant map',
    summary: 'Find modules by code (exact code first, then codes that begin with it)',
    roles: ROLES,
    plant: 'plantId',
    params: PlantParams,
    query: ModuleSearchQuery,
    response: ModuleHits,
    async handler({ params, query, user, deps }) {
      const published = clientScope(user) !== null;
      await checkAudit(deps.db, params.plantId, query.audit, published);
      const { rows } = await deps.db.query(SQL.search, [
        params.plantId, escapeLike(query.q), query.q, query.limit, query.audit ?? null, published,
      ]);
      return {
        items: rows.map(({ exact: _exact, ...hit }) => hit),
        exact: Boolean(rows[0]?.exact),
      };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/plants/{plantId}/map/modules/{moduleId}',
    tag: 'plant map',
    summary: 'One module with its string, inverter, model, status and defects (with their photos)',
    roles: ROLES,
    share: true,
    plant: 'plantId',
    params: ModuleParams,
    query: ModuleDetailQuery,
    response: ModuleDetail,
    async handler({ params, query, user, deps }) {
      const published = clientScope(user) !== null;
      await checkAudit(deps.db, params.plantId, query.audit, published);
      const audit = query.audit ?? null;
      const { rows } = await deps.db.query(SQL.module, [params.plantId, params.moduleId, audit, published]);
      if (!rows[0]) throw notFound();
      const defects = await deps.db.query(SQL.defects, [params.moduleId, audit, published]);
      return {
        ...rows[0],
        audit,
        defects: defects.rows.map((d) => ({
          ...d,
          photos: (d.photos as { id: string }[]).map((p) => ({ ...p, url: photoUrl(params.plantId, p.id) })),
        })),
      };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/plants/{plantId}/map/inverters',
    tag: 'plant map',
    summary: 'Inverters of a plant, to filter the map by',
    roles: ROLES,
    plant: 'plantId',
    params: PlantParams,
    response: MapInverters,
    async handler({ params, deps }) {
      const { rows } = await deps.db.query(SQL.inverters, [params.plantId]);
      return { items: rows };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/plants/{plantId}/map/strings',
    tag: 'plant map',
    summary: 'Strings of a plant (of one inverter, or whose code begins with q), to filter the map by',
    roles: ROLES,
    plant: 'plantId',
    params: PlantParams,
    query: MapStringsQuery,
    response: MapStrings,
    async handler({ params, query, deps }) {
      const { rows } = await deps.db.query(SQL.strings, [
        params.plantId, query.inverter ?? null, query.q ? escapeLike(query.q) : null, query.limit,
      ]);
      return { items: rows.map(({ total: _total, ...s }) => s), total: rows[0]?.total ?? 0 };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/plants/{plantId}/map/selection',
    tag: 'plant map',
    summary: 'The outline and extent of one inverter’s strings, or of one string: the map draws it at every zoom and flies to it',
    roles: ROLES,
    plant: 'plantId',
    params: PlantParams,
    query: MapSelectionQuery,
    response: MapSelection,
    async handler({ params, query, deps }) {
      const { rows: [row] } = await deps.db.query(SQL.selection, [params.plantId, query.inverter ?? null, query.string ?? null]);
      return row;
    },
  }),
];
