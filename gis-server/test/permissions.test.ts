// Every route × every role, against the real database: the permission matrix below is
// the written rule (docs/permissions.md says the same); the code must agree with it.
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '@calepin/core';
import { DEMO_PASSWORD, DEMO_PLANTS, DEMO_USERS } from '@calepin/data-fixtures';
import { type PlanFixtures, writePlanFixtures } from '@calepin/data-fixtures/plans';
import { apiRoutes } from '@calepin/gis-server';
import { permissionMatrix } from '../src/capabilities/openapi/permissions';
import { type TestApp, bearer, testApp, waitJob } from '../../test-support/app';
import { LAYOUT_EXPECTED, layoutRequest } from './layout-permissions';
import { SYNC_EXPECTED, syncRequest } from './sync-permissions';
import { MISSION_EXPECTED, missionRequest } from './mission-permissions';
import { REPORT_EXPECTED, reportRequest } from './report-permissions';
import { FIELD_EXPECTED, fieldRequest } from './field-permissions';
import { WORKFLOW_EXPECTED, reportTestConfig, workflowRequest } from './report-workflow-permissions';
import { NOTIFICATION_EXPECTED, notificationRequest, notificationTestConfig } from './notification-permissions';
import { WEB_REPORT_EXPECTED, webReportRequest } from './web-report-permissions';

const ALL = ['admin', 'manager', 'technician', 'client'] as const;
const MANAGERS = ['admin', 'manager'] as const;
const ADMIN = ['admin'] as const;
const PUBLIC = 'public' as const;

const LAYERS = ['zones', 'tables', 'modules', 'strings', 'inverters', 'junction-boxes', 'cables', 'defects'];

/** The permission matrix: who may call what. */
const EXPECTED: Record<string, readonly Role[] | typeof PUBLIC> = {
  'GET /': PUBLIC,
  'GET /health': PUBLIC,
  'GET /openapi.json': PUBLIC,
  'POST /auth/login': PUBLIC,
  'POST /auth/refresh': PUBLIC,
  'POST /auth/logout': PUBLIC,
  'GET /auth/me': ALL,
  'GET /auth/tokens': ALL,
  'POST /auth/tokens': ALL,
  'DELETE /auth/tokens/{tokenId}': ALL,
  'GET /users': ADMIN,
  'GET /users/{userId}': ADMIN,
  'POST /users': ADMIN,
  'PATCH /users/{userId}': ADMIN,
  'DELETE /users/{userId}': ADMIN,
  'GET /clients': ALL,
  'GET /clients/{clientId}': ALL,
  'POST /clients': MANAGERS,
  'PATCH /clients/{clientId}': MANAGERS,
  'DELETE /clients/{clientId}': MANAGERS,
  'GET /plants': ALL,
  'GET /plants/{plantId}': ALL,
  'POST /plants': MANAGERS,
  'PATCH /plants/{plantId}': MANAGERS,
  'DELETE /plants/{plantId}': MANAGERS,
  'GET /module-models': ALL,
  'GET /module-models/{modelId}': ALL,
  'POST /module-models': MANAGERS,
  'PATCH /module-models/{modelId}': MANAGERS,
  'DELETE /module-models/{modelId}': MANAGERS,
  ...Object.fromEntries(LAYERS.map((layer) => [`GET /plants/{plantId}/${layer}`, ALL])),
  'GET /config': PUBLIC,
  'GET /stats': ALL,
  'GET /plants/{plantId}/history': ALL,
  'GET /plants/{plantId}/map/status-counts': ALL,
  'GET /plants/{plantId}/map/modules': ALL,
  'GET /plants/{plantId}/map/modules/{moduleId}': ALL,
  'GET /plants/{plantId}/map/inverters': ALL,
  'GET /plants/{plantId}/map/strings': ALL,
  'GET /plants/{plantId}/map/selection': ALL,
  'GET /plants/{plantId}/documents': ALL,
  'POST /plants/{plantId}/documents': MANAGERS,
  'GET /plants/{plantId}/documents/{documentId}/file': ALL,
  'DELETE /plants/{plantId}/documents/{documentId}': MANAGERS,
  'GET /plants/{plantId}/photos/{photoId}/file': ALL,
  'GET /plants/{plantId}/export': ALL,
  ...LAYOUT_EXPECTED,
  ...SYNC_EXPECTED,
  ...FIELD_EXPECTED,
  'POST /plants/{plantId}/plans': MANAGERS,
  'GET /plants/{plantId}/plans': ALL,
  'GET /plans/{planId}': ALL,
  'PATCH /plans/{planId}': MANAGERS,
  'DELETE /plans/{planId}': MANAGERS,
  'GET /plans/{planId}/image': ALL,
  'GET /plans/{planId}/candidates': ALL,
  'GET /plans/{planId}/pixel-tiles/{z}/{x}/{y}': ALL,
  'GET /plans/{planId}/geotiff': ALL,
  'POST /plans/{planId}/fit': MANAGERS,
  'PUT /plans/{planId}/georeference': MANAGERS,
  'GET /jobs/{jobId}': ALL,
  ...MISSION_EXPECTED,
  ...REPORT_EXPECTED,
  ...WORKFLOW_EXPECTED,
  ...WEB_REPORT_EXPECTED,
  ...NOTIFICATION_EXPECTED,
};

/** A demo plant and things of it that the requests name. */
interface Site {
  plant: { id: string; clientId: string };
  module: string;
  photo: string;
  /** A plan of the plant, georeferenced, and its job. */
  plan: { id: string; job: string };
}
type PlanRef = Site['plan'];

let t: TestApp;
/** The rooftop plant: the client user's company. */
let rooftop: Site;
/** The ground plant: another company's. */
let ground: Site;
/** Plans of the rooftop plant for the roles that may delete one (one each). */
let deletable: PlanRef[];
let n = 0;
const unique = () => `${Date.now().toString(36)}-${++n}`;

/** The plant of a plan, with a module and a stored photo of it. */
async function site(plan: PlanRef): Promise<Site> {
  const { rows } = await t.db.pool.query('select id, client_id as "clientId" from plants where id = (select plant_id from plans where id = $1)', [plan.id]);
  const plant = rows[0];
  const modules = await t.db.pool.query('select id from modules where plant_id = $1 order by code limit 1', [plant.id]);
  return { plant, module: modules.rows[0].id, photo: await storedPhoto(plant.id), plan };
}

let standIns: Awaited<ReturnType<typeof notificationTestConfig>>;

// The plans are uploaded at once and their jobs awaited together here: a warp can take
// long on a loaded machine, and no single test should pay for it.
beforeAll(async () => {
  standIns = await notificationTestConfig();
  t = await testApp({ config: { ...(await reportTestConfig()), ...standIns.config } });
  const plantOf = async (name: string) => (await t.db.pool.query('select id from plants where name = $1', [name])).rows[0].id as string;
  const [roof, field] = [await plantOf(DEMO_PLANTS.rooftop.name), await plantOf(DEMO_PLANTS.ground.name)];
  const plans = [];
  for (const plant of [roof, field, roof, roof]) plans.push(await uploadPlan(plant));
  await Promise.all(plans.map(async (plan) => expect((await waitJob(t, await as('manager'), plan.job)).state).toBe('completed')));
  const [roofPlan, fieldPlan, ...rest] = plans as [PlanRef, PlanRef, ...PlanRef[]];
  rooftop = await site(roofPlan);
  ground = await site(fieldPlan);
  deletable = rest;
}, 300_000);

/** A photo whose file is in the store, so that its download succeeds for allowed roles. */
async function storedPhoto(plantId: string): Promise<string> {
  const { LocalFileStore } = await import('../src/storage/file-store');
  const { Readable } = await import('node:stream');
  const store = new LocalFileStore(t.app.deps.config.filesDir, 'photos');
  const stored = await store.put(Readable.from([Buffer.from('jpeg bytes')]), 1000);
  // Of the demo's validated audit: a client sees validated results only.
  const { rows } = await t.db.pool.query(
    `insert into photos (plant_id, audit_id, category, sha256, storage_key, mime_type, size_bytes)
     values ($1, (select id from audits where plant_id = $1 and validated_at is not null limit 1), 'el', $2, $3, 'image/jpeg', $4)
     returning id`,
    [plantId, stored.sha256, store.key(stored.sha256), stored.size],
  );
  return rows[0].id;
}

async function freshDocument(plantId: string): Promise<string> {
  const response = await t.http
    .post(`/api/v1/plants/${plantId}/documents?filename=plan-${unique()}.pdf&kind=plan`)
    .set(await as('manager'))
    .set('content-type', 'application/pdf')
    .send(Buffer.from('%PDF-1.4 test'));
  expect(response.status, response.text).toBe(201);
  return response.body.id;
}
afterAll(async () => {
  await t.close();
  await standIns.close();
});

let planFiles: PlanFixtures | null = null;
/** Uploads a DXF plan in Lambert-93 to a plant, georeferenced by its .prj (its job sent). */
async function uploadPlan(plantId: string): Promise<PlanRef> {
  planFiles ??= await writePlanFixtures(await mkdtemp(join(tmpdir(), 'calepin-perm-plans-')));
  const res = await t.http.post(`/api/v1/plants/${plantId}/plans`).set(await as('manager'))
    .attach('file', planFiles.files.dxfLambert).attach('prj', planFiles.files.prj);
  expect(res.status, res.text).toBe(202);
  return { id: res.body.plan.id, job: res.body.job.id };
}
const planPoints = () => [[0, 0], [500, 0], [0, 400]].map(([x, y], i) => ({ id: `p${i}`, pixel: [x, y], lonLat: [1.355 + x! * 1e-6, 43.986 - y! * 1e-6] }));

async function as(role: Role | null) {
  return role ? bearer(await t.token(role)) : {};
}

async function fresh(kind: 'client' | 'plant' | 'model' | 'user'): Promise<string> {
  const admin = await as('admin');
  const bodies = {
    client: ['/api/v1/clients', { name: `Client ${unique()}` }],
    plant: ['/api/v1/plants', { clientId: rooftop.plant.clientId, name: `Plant ${unique()}`, location: { type: 'Point', coordinates: [1.4, 43.6] } }],
    model: ['/api/v1/module-models', { manufacturer: 'Test', model: `M-${unique()}`, powerWp: 400, widthMm: 1000, heightMm: 1700 }],
    user: ['/api/v1/users', { email: `u${unique()}@calepin.test`, role: 'technician', fullName: 'New Tech', password: 'long-enough-password' }],
  } as const;
  const [path, body] = bodies[kind];
  const response = await t.http.post(path).set(admin).send(body);
  expect(response.status, response.text).toBe(201);
  return response.body.id;
}

/**
 * A request that would succeed for an allowed role (on the rooftop plant, or `at` another):
 * path and body. `consumes`: the call may delete what it names; `role`: who calls.
 */
async function requestFor(key: string, at: Site, consumes: boolean, role: Role | null): Promise<{ path: string; body?: object; raw?: string; files?: Record<string, string> }> {
  const [method, template] = key.split(' ') as [string, string];
  const plan = () => {
    if (method !== 'DELETE' || !consumes) return at.plan;
    const fresh = deletable.pop();
    if (!fresh) throw new Error(`${key}: no plan left to delete (prepare one per role that may)`);
    return fresh;
  };
  const fill = async (path: string) => {
    let filled = path.replace('{plantId}', at.plant.id).replace('{clientId}', at.plant.clientId);
    if (filled.includes('{userId}')) filled = filled.replace('{userId}', await fresh('user'));
    if (filled.includes('{modelId}')) filled = filled.replace('{modelId}', await fresh('model'));
    if (filled.includes('{documentId}')) filled = filled.replace('{documentId}', await freshDocument(at.plant.id));
    filled = filled.replace('{moduleId}', at.module).replace('{photoId}', at.photo);
    if (filled.includes('{planId}')) filled = filled.replace('{planId}', plan().id);
    filled = filled.replace('{z}/{x}/{y}', '0/0/0');
    if (filled.includes('{jobId}')) filled = filled.replace('{jobId}', at.plan.job);
    return filled;
  };
  const layout = await layoutRequest(key, { t, plant: at.plant.id, module: at.module, unique });
  if (layout) return layout;
  const sync = await syncRequest(key, t, at.plant.id, at.module);
  if (sync) return sync;
  const mission = await missionRequest(key, { t, plant: at.plant.id });
  if (mission) return mission;
  const report = await reportRequest(key, { t, plant: at.plant.id });
  if (report) return report;
  const field = await fieldRequest(key, t);
  if (field) return field;
  const workflow = await workflowRequest(key, t, at.plant.id);
  if (workflow) return workflow;
  const webReport = await webReportRequest(key, t, at.plant.id, at.module);
  if (webReport) return webReport;
  const notification = notificationRequest(key, template, role);
  if (notification) return notification;
  const login = { email: DEMO_USERS[1]?.email, password: DEMO_PASSWORD };
  switch (key) {
    case 'POST /auth/login':
      return { path: template, body: login };
    case 'POST /auth/refresh':
    case 'POST /auth/logout': {
      // An account of its own: logout ends every access token of its user (docs/permissions.md).
      const email = `s${unique()}@calepin.test`;
      await t.http.post('/api/v1/users').set(await as('admin'))
        .send({ email, role: 'technician', fullName: 'Session', password: 'long-enough-password' });
      const { body } = await t.http.post('/api/v1/auth/login').send({ email, password: 'long-enough-password' });
      return { path: template, body: { refreshToken: body.refreshToken } };
    }
    case 'POST /auth/tokens':
      return { path: template, body: { name: `token ${unique()}` } };
    case 'DELETE /auth/tokens/{tokenId}': {
      // One's own token (another user's is not found).
      const created = await t.http.post('/api/v1/auth/tokens').set(await as(role ?? 'manager')).send({ name: `token ${unique()}` });
      return { path: template.replace('{tokenId}', created.body.id) };
    }
    case 'POST /users':
      return { path: template, body: { email: `p${unique()}@calepin.test`, role: 'manager', fullName: 'M', password: 'long-enough-password' } };
    case 'PATCH /users/{userId}':
      return { path: await fill(template), body: { fullName: 'Renamed' } };
    case 'POST /clients':
      return { path: template, body: { name: `Client ${unique()}` } };
    case 'PATCH /clients/{clientId}':
    case 'DELETE /clients/{clientId}':
      return { path: template.replace('{clientId}', await fresh('client')), body: method === 'PATCH' ? { city: 'Albi' } : undefined };
    case 'POST /plants':
      return { path: template, body: { clientId: rooftop.plant.clientId, name: `Plant ${unique()}`, location: { type: 'Point', coordinates: [1.4, 43.6] } } };
    case 'PATCH /plants/{plantId}':
    case 'DELETE /plants/{plantId}':
      return { path: template.replace('{plantId}', await fresh('plant')), body: method === 'PATCH' ? { peakKwp: 99 } : undefined };
    case 'POST /module-models':
      return { path: template, body: { manufacturer: 'Test', model: `M-${unique()}`, powerWp: 400, widthMm: 1000, heightMm: 1700 } };
    case 'PATCH /module-models/{modelId}':
      return { path: await fill(template), body: { powerWp: 405 } };
    case 'GET /plants/{plantId}/map/modules':
      return { path: `${await fill(template)}?q=S1-M1` };
    case 'GET /plants/{plantId}/map/selection':
      return { path: `${await fill(template)}?inverter=00000000-0000-4000-8000-000000000000` };
    case 'POST /plants/{plantId}/plans':
      planFiles ??= await writePlanFixtures(await mkdtemp(join(tmpdir(), 'calepin-perm-plans-')));
      return { path: await fill(template), files: { file: planFiles.files.dxfLambert, prj: planFiles.files.prj } };
    case 'PATCH /plans/{planId}':
      return { path: await fill(template), body: { name: `Plan ${unique()}` } };
    case 'POST /plans/{planId}/fit':
    case 'PUT /plans/{planId}/georeference':
      return { path: await fill(template), body: { transform: 'affine', points: planPoints() } };
    case 'POST /plants/{plantId}/documents':
      return { path: `${await fill(template)}?filename=notes-${unique()}.txt`, raw: 'some notes' };
    default:
      return { path: await fill(template) };
  }
}

/** Calls a route as a role, with a request that would succeed for an allowed role. */
async function send(key: string, role: Role | null, at: Site = rooftop) {
  const [method] = key.split(' ') as [string];
  const allowed = EXPECTED[key];
  const { path, body, raw, files } = await requestFor(key, at, allowed === PUBLIC || (role !== null && Boolean(allowed?.includes(role))), role);
  const call = t.http[method.toLowerCase() as 'get'](`/api/v1${path}`).set(await as(role));
  return files
    ? Object.entries(files).reduce((c, [field, file]) => c.attach(field, file), call)
    : raw
    ? call.set('content-type', 'text/plain').send(raw)
    : body ? call.send(body) : call;
}

describe('permission matrix', () => {
  it('covers every route, and the routes declare exactly these roles', () => {
    const declared = Object.fromEntries(
      apiRoutes.map((r) => [`${r.method.toUpperCase()} ${r.path}`, r.roles === 'public' ? PUBLIC : [...r.roles].sort()]),
    );
    const expected = Object.fromEntries(
      Object.entries(EXPECTED).map(([k, v]) => [k, v === PUBLIC ? PUBLIC : [...v].sort()]),
    );
    expect(declared).toEqual(expected);
  });

  it('is the one written in docs/permissions.md', async () => {
    const doc = await readFile(new URL('../../docs/permissions.md', import.meta.url), 'utf8');
    expect(doc).toContain(permissionMatrix(apiRoutes));
  });

  for (const [key, allowed] of Object.entries(EXPECTED)) {
    const callers: (Role | null)[] = [null, ...ROLES];
    // Building a mission package, three times (one per role allowed), took over 60 s under a CPU burner.
    const timeout = /\/packages$/.test(key) ? 240_000 : undefined;
    it(`${key}: ${allowed === PUBLIC ? 'anyone' : allowed.join(', ')}`, { timeout }, async () => {
      for (const role of callers) {
        const response = await send(key, role);
        const mayCall = allowed === PUBLIC || (role !== null && allowed.includes(role));
        if (mayCall) {
          expect([role, response.status], response.text).toEqual([role, expect.toSatisfy((s: number) => s < 300)]);
        } else {
          expect([role, response.status]).toEqual([role, role === null ? 401 : 403]);
          expect(response.body.error.code).toBe(role === null ? 'unauthorized' : 'forbidden');
        }
      }
    });
  }
});

/** The plants' own routes read the plant with the client scope in their own SQL (plants/select.sql). */
const READ_THEIR_PLANT = ['PATCH /plants/{plantId}', 'DELETE /plants/{plantId}'];
const keyOf = (r: { method: string; path: string }) => `${r.method.toUpperCase()} ${r.path}`;

describe('client isolation, route by route', () => {
  it('every route of a plant, a plan, a job, a mission or a slot declares it, so that the router checks who may see it', () => {
    const unchecked = apiRoutes.filter((r) => /\{(plantId|planId|jobId|missionId|interventionId)\}/.test(r.path) && !r.plant).map(keyOf);
    expect(unchecked).toEqual(READ_THEIR_PLANT);
  });

  // Whatever a client user may call on its own company's plant, it gets 404 on another
  // company's: the plant, its client, plans, jobs, documents, photos, modules, layers.
  const owned = Object.entries(EXPECTED).filter(
    ([key, allowed]) => allowed !== PUBLIC && allowed.includes('client') && /\{(plantId|clientId|planId|jobId|missionId)\}/.test(key),
  );
  for (const [key] of owned) {
    it(`${key}: 404 for a client user of another company`, async () => {
      const response = await send(key, 'client', ground);
      expect(response.status, response.text).toBe(404);
      expect(response.body.error.code).toBe('not_found');
    });
  }
});
