import { z } from 'zod';
import { PlantHistory, ROLES, Uuid } from '@calepin/core';
import { sqlFile } from '../../db';
import { type RouteSpec, defineRoute } from '../../http/route';

const auditsSql = sqlFile(import.meta.url, 'audits.sql');
const missionsSql = sqlFile(import.meta.url, 'missions.sql');
const reportsSql = sqlFile(import.meta.url, 'reports.sql');

const Params = z.object({ plantId: Uuid });

// json_agg writes timestamps as "2025-06-01T22:00:00+00:00"; the API says ISO 8601 with Z.
const iso = (value: string) => new Date(value).toISOString();

export const historyRoutes: RouteSpec[] = [
  defineRoute({
    method: 'get',
    path: '/plants/{plantId}/history',
    tag: 'plants',
    summary: 'Intervention history of a plant: its missions, the technicians’ slots, the audits and what was done to its reports',
    roles: ROLES,
    plant: 'plantId',
    params: Params,
    response: PlantHistory,
    async handler({ plant, user, deps }) {
      const [missions, audits, reports] = await Promise.all([
        deps.db.query(missionsSql, [plant.id]),
        deps.db.query(auditsSql, [plant.id]),
        deps.db.query(reportsSql, [plant.id, user.role === 'client']),
      ]);
      const strip = ({ missionId: _m, ...audit }: Record<string, unknown>) => audit;
      return {
        missions: missions.rows.map((m) => ({
          ...m,
          interventions: (m.interventions as { start: string; end: string }[]).map((i) => ({
            ...i, start: iso(i.start), end: iso(i.end),
          })),
          audits: audits.rows.filter((a) => a.missionId === m.id).map(strip),
        })),
        audits: audits.rows.map(strip),
        reports: reports.rows.map((r) => ({ ...r, at: iso(r.at) })),
      };
    },
  }),
];
