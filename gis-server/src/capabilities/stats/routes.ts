import { MAP_STATUSES, MODULE_STATUSES, ROLES, SEVERITIES, Stats, StatsQuery } from '@calepin/core';
import { clientScope } from '../../access/scope';
import { sqlFile } from '../../db';
import { type RouteSpec, defineRoute } from '../../http/route';

const statsSql = sqlFile(import.meta.url, 'stats.sql');

/** Every key of `keys`, with its count from `found` or 0: a dashboard shows zeros too. */
function complete<K extends string>(keys: readonly K[], found: Record<string, number>): Record<K, number> {
  return Object.fromEntries(keys.map((k) => [k, found[k] ?? 0])) as Record<K, number>;
}

export const statsRoutes: RouteSpec[] = [
  defineRoute({
    method: 'get',
    path: '/stats',
    tag: 'stats',
    summary: 'Dashboard figures: plants, kWp, modules audited, open defects by status, severity and type',
    description: 'Counted over the plants the caller may see (a client user: its own company’s).',
    roles: ROLES,
    query: StatsQuery,
    response: Stats,
    async handler({ query, user, deps }) {
      const { rows } = await deps.db.query(statsSql, [clientScope(user), query.clientId ?? null]);
      const r = rows[0];
      const modulesByStatus = complete(MAP_STATUSES, r.modulesByStatus);
      return {
        clients: r.clients,
        plants: r.plants,
        peakKwp: r.peakKwp,
        modules: Object.values(modulesByStatus).reduce((sum, n) => sum + n, 0),
        modulesAudited: r.modulesAudited,
        modulesByStatus,
        audits: { total: r.auditsTotal, done: r.auditsDone },
        auditsByType: r.auditsByType,
        defects: {
          open: r.defectsOpen,
          byStatus: complete(MODULE_STATUSES, r.defectsByStatus),
          bySeverity: complete(SEVERITIES, r.defectsBySeverity),
          byType: r.defectsByType,
        },
      } satisfies Stats;
    },
  }),
];
