// The routes of the interactive web report in the permission matrix (permissions.test.ts):
// who may call them, and a request that succeeds for an allowed role on the given plant.
import { randomBytes } from 'node:crypto';
import type { Role } from '@calepin/core';
import { hashToken } from '@calepin/core/tokens';
import type { TestApp } from '../../test-support/app';

const ALL = ['admin', 'manager', 'technician', 'client'] as const;
const MANAGERS = ['admin', 'manager'] as const;

export const WEB_REPORT_EXPECTED: Record<string, readonly Role[] | 'public'> = {
  'POST /reports/{reportId}/shares': MANAGERS,
  'GET /reports/{reportId}/shares': MANAGERS,
  'DELETE /reports/{reportId}/shares/{shareId}': MANAGERS,
  'GET /shared/{token}': 'public',
  'GET /plants/{plantId}/timeline': ALL,
  'GET /plants/{plantId}/modules/{moduleId}/history': ALL,
  'GET /audits/{auditId}/comparison': ALL,
};

const reports = new WeakMap<TestApp, Map<string, Promise<string>>>();
const audits = new WeakMap<TestApp, Map<string, Promise<[string, string]>>>();

/** A report of the plant's first audit (made once per plant). */
function reportOf(t: TestApp, plant: string): Promise<string> {
  const known = reports.get(t) ?? reports.set(t, new Map()).get(t) as Map<string, Promise<string>>;
  if (!known.has(plant)) {
    known.set(plant, t.db.pool.query(
      `insert into reports (plant_id, audit_id, title) select $1, (select id from audits where plant_id = $1 limit 1), 'Web report'
       returning id`, [plant]).then((r) => r.rows[0].id as string));
  }
  return known.get(plant) as Promise<string>;
}

/** Two validated audits of the plant: its own and a later copy of it. */
function twoAudits(t: TestApp, plant: string): Promise<[string, string]> {
  const known = audits.get(t) ?? audits.set(t, new Map()).get(t) as Map<string, Promise<[string, string]>>;
  if (!known.has(plant)) {
    known.set(plant, (async () => {
      const pool = t.db.pool;
      const validator = (await pool.query(`select id from users where role = 'manager' limit 1`)).rows[0].id;
      // The plant's first audit, whatever its type (ids are random: never "the first id"),
      // and a later one of the same type — a comparison is between audits of one type.
      const first = (await pool.query<{ id: string; audit_type: string }>(
        `update audits set validated_at = coalesce(validated_at, now()), validated_by = coalesce(validated_by, $2)
          where id = (select id from audits where plant_id = $1 and deleted_at is null order by started_at, id limit 1) returning id, audit_type`,
        [plant, validator])).rows[0]!;
      const before = first.id;
      const after = (await pool.query(
        `insert into audits (plant_id, audit_type, status, started_at, validated_at, validated_by)
         values ($1, $3, 'done', now(), now(), $2) returning id`, [plant, validator, first.audit_type])).rows[0].id as string;
      await pool.query(`insert into audit_modules (audit_id, module_id, plant_id) select $1, module_id, plant_id from audit_modules where audit_id = $2`, [after, before]);
      return [before, after];
    })());
  }
  return known.get(plant) as Promise<[string, string]>;
}

async function share(t: TestApp, plant: string): Promise<{ id: string; token: string }> {
  const token = `cshr_${randomBytes(32).toString('base64url')}`;
  const report = await reportOf(t, plant);
  const creator = (await t.db.pool.query(`select id from users where role = 'manager' limit 1`)).rows[0].id;
  const { rows } = await t.db.pool.query(
    `insert into report_shares (report_id, plant_id, token_hash, created_by, expires_at) values ($1, $2, $3, $4, now() + interval '1 day') returning id`,
    [report, plant, hashToken(token), creator]);
  return { id: rows[0].id, token };
}

/** A request that succeeds for an allowed role, or null when the route is not one of these. */
export async function webReportRequest(key: string, t: TestApp, plant: string, module: string): Promise<{ path: string; body?: object } | null> {
  if (!(key in WEB_REPORT_EXPECTED)) return null;
  switch (key) {
    case 'POST /reports/{reportId}/shares': return { path: `/reports/${await reportOf(t, plant)}/shares`, body: { expiresInDays: 1 } };
    case 'GET /reports/{reportId}/shares': return { path: `/reports/${await reportOf(t, plant)}/shares` };
    case 'DELETE /reports/{reportId}/shares/{shareId}': return { path: `/reports/${await reportOf(t, plant)}/shares/${(await share(t, plant)).id}` };
    case 'GET /shared/{token}': return { path: `/shared/${(await share(t, plant)).token}` };
    case 'GET /plants/{plantId}/timeline': return { path: `/plants/${plant}/timeline` };
    case 'GET /plants/{plantId}/modules/{moduleId}/history': return { path: `/plants/${plant}/modules/${module}/history` };
    default: {
      const [before, after] = await twoAudits(t, plant);
      return { path: `/audits/${after}/comparison?with=${before}` };
    }
  }
}
