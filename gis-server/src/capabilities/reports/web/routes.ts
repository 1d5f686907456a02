// The interactive web report's own reads (docs/reports.md, "The interactive web report"):
// the plant's timeline of audits, a module's history across them and the comparison of
// any two audits. Everything else the page shows comes from routes that already exist
// (the plant, its tiles, a module's defects and photos, the statistics, the exports),
// which a share link may call too (`share: true`).
import { z } from 'zod';
import { AuditComparison, AuditComparisonQuery, COMPARISON_CHANGES, ModuleHistory, PlantTimeline, ROLES, Uuid } from '@calepin/core';
import { auditPlant } from '../../../access/plant';
import { clientScope } from '../../../access/scope';
import { sqlFile } from '../../../db';
import { ApiError, notFound } from '../../../http/errors';
import { type RouteSpec, defineRoute } from '../../../http/route';
import { visibleAudit } from '../access';
import { moduleChanges } from '../statistics/index';
import { shareRoutes } from './shares';

const timelineSql = sqlFile(import.meta.url, 'timeline.sql');
const historySql = sqlFile(import.meta.url, 'module-history.sql');

const iso = (v: unknown) => new Date(v as string).toISOString();

export const webReportRoutes: RouteSpec[] = [
  ...shareRoutes,
  defineRoute({
    method: 'get', path: '/plants/{plantId}/timeline', tag: 'web report',
    summary: 'The plant’s audits that inspected modules, oldest first, with their modules per status',
    description: 'A client user and a share link: validated audits only.',
    roles: ROLES, plant: 'plantId', share: true, params: z.object({ plantId: Uuid }), response: PlantTimeline,
    async handler({ params, user, deps }) {
      const { rows } = await deps.db.query(timelineSql, [params.plantId, clientScope(user) !== null]);
      return { plantId: params.plantId, audits: rows.map((a) => ({ ...a, at: iso(a.at) })) };
    },
  }),
  defineRoute({
    method: 'get', path: '/plants/{plantId}/modules/{moduleId}/history', tag: 'web report',
    summary: 'A module’s status in each audit of its plant, oldest first',
    roles: ROLES, plant: 'plantId', share: true, params: z.object({ plantId: Uuid, moduleId: Uuid }), response: ModuleHistory,
    async handler({ params, user, deps }) {
      const { rows } = await deps.db.query(historySql, [params.plantId, params.moduleId, clientScope(user) !== null]);
      const row = rows[0];
      if (!row) throw notFound('moduleId');
      return { ...row, audits: (row.audits as { at: string }[]).map((a) => ({ ...a, at: iso(a.at) })) };
    },
  }),
  defineRoute({
    method: 'get', path: '/audits/{auditId}/comparison', tag: 'web report',
    summary: 'How each module changed between an earlier audit (`with`) and this one: new, persisting, worsened, improved, repaired',
    description: 'The PDF report’s comparison (reports/statistics/comparison.sql) for any two audits of a plant.',
    roles: ROLES, plant: auditPlant, share: true, params: z.object({ auditId: Uuid }), query: AuditComparisonQuery, response: AuditComparison,
    async handler({ params, query, user, deps }) {
      if (query.with === params.auditId) throw new ApiError(400, 'comparison_same_audit', { key: 'e.comparison_same_audit', field: 'with' });
      const audit = await visibleAudit(deps.db, params.auditId, user);
      const other = await visibleAudit(deps.db, query.with, user).catch(() => {
        throw notFound('with');
      });
      if (other.plantId !== audit.plantId) throw new ApiError(400, 'comparison_other_plant', { key: 'e.comparison_other_plant', field: 'with' });
      const changes = await moduleChanges(deps.db, params.auditId, query.with);
      const counts = Object.fromEntries(COMPARISON_CHANGES.map((c) => [c, 0])) as AuditComparison['counts'];
      for (const c of changes) counts[c.change] += 1;
      return { auditId: params.auditId, otherAuditId: query.with, counts, changes };
    },
  }),
];
