// The statistics and reports routes in the permission matrix (permissions.test.ts): who
// may call them, and a request that succeeds for an allowed role. A client reads the
// validated audits of its plants and the reports sent to it: each plant gets one sent
// report with a (stand-in) PDF on file.
import { Readable } from 'node:stream';
import type { Role } from '@calepin/core';
import type { TestApp } from '../../test-support/app';
import { reportStore } from '../src/capabilities/reports/render/render';

const ALL = ['admin', 'manager', 'technician', 'client'] as const;
const STAFF = ['admin', 'manager', 'technician'] as const;

export const REPORT_EXPECTED: Record<string, readonly Role[] | 'public'> = {
  'GET /audits/{auditId}/statistics': ALL,
  'POST /audits/{auditId}/reports': STAFF,
  'GET /plants/{plantId}/reports': ALL,
  'GET /reports/{reportId}/pdf': ALL,
  'PATCH /reports/{reportId}/sections': STAFF,
};

interface Context { t: TestApp; plant: string }
const sent = new Map<string, string>();

/** The plant's latest validated audit with module results (the demo's). */
async function audit(c: Context): Promise<string> {
  const { rows } = await c.t.db.pool.query<{ id: string }>(
    `select a.id from audits a where a.plant_id = $1 and a.validated_at is not null
        and exists (select 1 from audit_modules m where m.audit_id = a.id) order by a.started_at desc limit 1`, [c.plant]);
  return rows[0]!.id;
}

/** A report sent to the client, its PDF on file, as the workflow would leave it. */
async function sentReport(c: Context): Promise<string> {
  const known = sent.get(c.plant);
  if (known) return known;
  const store = reportStore(c.t.app.deps.config.filesDir);
  const stored = await store.put(Readable.from([Buffer.from('%PDF-1.7 test')]), 1000);
  const { rows } = await c.t.db.pool.query<{ id: string }>(
    `insert into reports (plant_id, audit_id, title, status, document_key, sha256, size_bytes, validated_by, validated_at, sent_at)
     values ($1, $2, 'Sent report', 'sent', $3, $4, $5, (select id from users where role = 'manager' limit 1), now(), now()) returning id`,
    [c.plant, await audit(c), store.key(stored.sha256), stored.sha256, stored.size]);
  sent.set(c.plant, rows[0]!.id);
  return rows[0]!.id;
}

/** A draft, as POST would make it, without its render job. */
async function draft(c: Context): Promise<string> {
  const { rows } = await c.t.db.pool.query<{ id: string }>(
    `insert into reports (plant_id, audit_id, title) values ($1, $2, 'Draft') returning id`, [c.plant, await audit(c)]);
  return rows[0]!.id;
}

export async function reportRequest(key: string, c: Context): Promise<{ path: string; body?: object } | null> {
  if (!(key in REPORT_EXPECTED)) return null;
  const [, template] = key.split(' ') as [string, string];
  const path = template.replace('{plantId}', c.plant);
  switch (key) {
    case 'GET /audits/{auditId}/statistics':
      return { path: path.replace('{auditId}', await audit(c)) };
    case 'POST /audits/{auditId}/reports':
      return { path: path.replace('{auditId}', await audit(c)), body: { language: 'en' } };
    case 'GET /reports/{reportId}/pdf':
      return { path: path.replace('{reportId}', await sentReport(c)) };
    case 'PATCH /reports/{reportId}/sections':
      return { path: path.replace('{reportId}', await draft(c)), body: { summary: { en: 'Checked.' } } };
    default:
      return { path };
  }
}
