import { z } from 'zod';
import { type MessageKey, ROLES, Uuid, WiringWarning, t } from '@calepin/core';
import { type Queryable, sqlFile } from '../../db';
import { type RouteSpec, defineRoute } from '../../http/route';

const warningsSql = sqlFile(import.meta.url, 'sql/warnings.sql');
/** Consecutive modules of a string further apart than this (metres) are flagged. */
export const FAR_APART_M = 30;
const SEVERITY_RANK = { urgent: 0, warning: 1, info: 2 } as const;

export type Warning = z.infer<typeof WiringWarning>;

/** The wiring warnings of a plant, most severe first, in both languages. */
export async function wiringWarnings(db: Queryable, plantId: string, srid: number): Promise<Warning[]> {
  const { rows } = await db.query<{ code: string; severity: Warning['severity']; params: Record<string, string | number>; ids: string[] }>(
    warningsSql, [plantId, srid, FAR_APART_M],
  );
  return rows
    .map((r) => {
      const key = `w.${r.code}` as MessageKey;
      return { code: r.code, severity: r.severity, message: { en: t('en', key, r.params), fr: t('fr', key, r.params) }, ids: r.ids };
    })
    .sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || a.message.en.localeCompare(b.message.en));
}

export const warningRoutes: RouteSpec[] = [
  defineRoute({
    method: 'get',
    path: '/plants/{plantId}/wiring/warnings',
    tag: 'wiring',
    summary: 'Inconsistencies of the electrical model (string voltage and current, unassigned strings, overfilled inputs, gaps, …)',
    roles: ROLES,
    plant: 'plantId',
    params: z.object({ plantId: Uuid }),
    response: z.array(WiringWarning),
    async handler({ plant, deps }) {
      return wiringWarnings(deps.db, plant.id, plant.srid);
    },
  }),
];
