// The routes of issue 18's deliver side in the permission matrix (permissions.test.ts):
// who may call them, and a request that succeeds for an allowed role, on the rooftop plant
// (the client user's company): reports in the state each step needs, audit exports, the
// DiagPV importer on a small file.
import { randomUUID } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import type { Role } from '@calepin/core';
import type { Config } from '@calepin/gis-server';
import { type TestApp, bearer } from '../../test-support/app';
import { makeSelfSignedP12 } from '../src/capabilities/report-workflow/certificate';
import { reportStore } from '../src/capabilities/report-workflow/repo';

const ALL = ['admin', 'manager', 'technician', 'client'] as const;
const MANAGERS = ['admin', 'manager'] as const;
const STAFF = ['admin', 'manager', 'technician'] as const;

export const WORKFLOW_EXPECTED: Record<string, readonly Role[]> = {
  'POST /imports/diagpv/preview': MANAGERS,
  'POST /imports/diagpv': MANAGERS,
  'GET /audits/{auditId}/export.xlsx': ALL,
  'GET /audits/{auditId}/export.csv': ALL,
  'GET /reports/{reportId}': ALL,
  'POST /reports/{reportId}/validate': STAFF,
  'POST /reports/{reportId}/send': MANAGERS,
  'POST /reports/{reportId}/archive': MANAGERS,
  'GET /reports/{reportId}/versions/{version}/pdf': ALL,
};

/** A signing certificate, and an SMTP address nobody listens on: sending queues mails that fail later, as a real outage would. */
export async function reportTestConfig(): Promise<Partial<Config>> {
  const p12 = join(await mkdtemp(join(tmpdir(), 'calepin-perm-sign-')), 'signing.p12');
  await writeFile(p12, makeSelfSignedP12('Permissions', ''));
  return { reportSigning: { p12Path: p12, passphrase: '' }, smtpUrl: 'smtp://127.0.0.1:9' };
}

let signature: Promise<string> | null = null;
const drawn = () => (signature ??= sharp({ create: { width: 120, height: 50, channels: 4, background: '#000' } }).png().toBuffer()
  .then((b) => `data:image/png;base64,${b.toString('base64')}`));

/** A report of the plant's audit, advanced to `state` by the API. */
async function report(t: TestApp, plant: string, state: 'draft' | 'validated' | 'sent'): Promise<string> {
  const { rows } = await t.db.pool.query(
    `insert into reports (plant_id, audit_id, title) select $1, (select id from audits where plant_id = $1 limit 1), 'Permissions'
     returning id`, [plant]);
  const id = rows[0].id as string;
  const doc = await PDFDocument.create();
  doc.addPage([595.28, 841.89]);
  const store = reportStore(t.app.deps.config.filesDir);
  const stored = await store.put(Readable.from(Buffer.from(await doc.save())));
  await t.db.pool.query('update reports set document_key = $2, sha256 = $3 where id = $1', [id, store.key(stored.sha256), stored.sha256]);
  const manager = bearer(await t.token('manager'));
  const step = async (path: string, body: object) => {
    const res = await t.http.post(`/api/v1/reports/${id}/${path}`).set(manager).send(body);
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${res.text}`);
  };
  if (state !== 'draft') await step('validate', { signature: await drawn() });
  if (state === 'sent') await step('send', { recipients: ['permissions@calepin.test'] });
  return id;
}

const shared = new WeakMap<TestApp, Promise<string>>();
const DUMP = (token: string, project: string) => `INSERT INTO el_audits (audit_token, project_name, client_name) VALUES ('${token}', '${project}', 'Permissions SA');
INSERT INTO el_modules (audit_token, string_number, position_in_string, defect_type, severity_level, physical_row, physical_col) VALUES
  ('${token}', 1, 1, 'none', 0, 1, 1), ('${token}', 1, 2, 'microcrack', 2, 1, 2);`;

/** A request that succeeds for an allowed role, or null when the route is not one of these. */
export async function workflowRequest(key: string, t: TestApp, plant: string): Promise<{ path: string; body?: object } | null> {
  if (!(key in WORKFLOW_EXPECTED)) return null;
  const audit = async () => (await t.db.pool.query('select id from audits where plant_id = $1 and validated_at is not null limit 1', [plant])).rows[0].id;
  const sent = () => shared.get(t) ?? shared.set(t, report(t, plant, 'sent')).get(t) as Promise<string>;
  switch (key) {
    case 'POST /imports/diagpv/preview':
      return { path: '/imports/diagpv/preview', body: { content: DUMP(randomUUID(), 'Preview') } };
    case 'POST /imports/diagpv': {
      const project = `Import ${randomUUID().slice(0, 8)}`;
      return { path: '/imports/diagpv', body: { content: DUMP(randomUUID(), project), placements: [{ project, location: [1.44, 43.6] }] } };
    }
    case 'GET /audits/{auditId}/export.xlsx': return { path: `/audits/${await audit()}/export.xlsx` };
    case 'GET /audits/{auditId}/export.csv': return { path: `/audits/${await audit()}/export.csv` };
    case 'GET /reports/{reportId}': return { path: `/reports/${await sent()}` };
    case 'GET /reports/{reportId}/versions/{version}/pdf': return { path: `/reports/${await sent()}/versions/1/pdf` };
    case 'POST /reports/{reportId}/validate': return { path: `/reports/${await report(t, plant, 'draft')}/validate`, body: { signature: await drawn() } };
    case 'POST /reports/{reportId}/send': return { path: `/reports/${await report(t, plant, 'validated')}/send`, body: { recipients: ['a@calepin.test'] } };
    default: return { path: `/reports/${await report(t, plant, 'sent')}/archive` };
  }
}
