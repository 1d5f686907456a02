// The endpoints the web app reads besides the CRUD ones: dashboard figures, the plant
// map (legend counts, module search and detail, filters), history, documents, /config,
// and the web app itself at /.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_BASEMAPS, MAP_STATUSES, MapInverters, MapSelection, MapStrings, ModuleDetail, ModuleHits, PlantDocument, PlantHistory, PlantStatusCounts,
  Stats, WebConfig,
} from '@calepin/core';
import { DEMO_PLANTS } from '@calepin/data-fixtures';
import { type TestApp, bearer, testApp } from '../../test-support/app';

let t: TestApp;
let webDir: string;
let ground: string;
let rooftop: string;
const as = async (role: 'admin' | 'manager' | 'technician' | 'client') => bearer(await t.token(role));
const one = async (sql: string, values: unknown[] = []) => (await t.db.pool.query(sql, values)).rows[0];

beforeAll(async () => {
  webDir = await mkdtemp(join(tmpdir(), 'calepin-web-'));
  await mkdir(join(webDir, 'assets'));
  await writeFile(join(webDir, 'index.html'), '<!doctype html><title>Calepin test</title>');
  await writeFile(join(webDir, 'assets', 'app-123.js'), 'console.log(1)');
  t = await testApp({ config: { webDir, uploadLimitBytes: 1024 } });
  const ids = await t.db.pool.query<{ id: string; name: string }>('select id, name from plants');
  ground = ids.rows.find((r) => r.name === DEMO_PLANTS.ground.name)!.id;
  rooftop = ids.rows.find((r) => r.name === DEMO_PLANTS.rooftop.name)!.id;
});
afterAll(async () => {
  await t.close();
  await rm(webDir, { recursive: true, force: true });
});

describe('GET /stats', () => {
  it('counts what staff see, in the database', async () => {
    const response = await t.http.get('/api/v1/stats').set(await as('manager'));
    expect(response.status).toBe(200);
    const stats = Stats.parse(response.body);
    const truth = await one(`select (select count(*)::int from plants where deleted_at is null) as plants,
      (select count(*)::int from modules where deleted_at is null) as modules,
      (select count(distinct module_id)::int from audit_modules) as audited,
      (select count(*)::int from defects where resolved_at is null and severity = 'urgent') as urgent`);
    expect(stats).toMatchObject({ plants: truth.plants, modules: truth.modules, modulesAudited: truth.audited, clients: 2 });
    expect(stats.defects.bySeverity.urgent).toBe(truth.urgent);
    expect(Object.values(stats.modulesByStatus).reduce((a, b) => a + b, 0)).toBe(truth.modules);
  });

  it('counts only its own company for a client user, whatever clientId it asks for', async () => {
    const mine = Stats.parse((await t.http.get('/api/v1/stats').set(await as('client'))).body);
    expect(mine).toMatchObject({ clients: 1, plants: 1, modules: DEMO_PLANTS.rooftop.modules });
    const groundClient = (await one('select client_id from plants where id = $1', [ground])).client_id;
    const other = Stats.parse((await t.http.get(`/api/v1/stats?clientId=${groundClient}`).set(await as('client'))).body);
    expect(other).toMatchObject({ clients: 0, plants: 0, modules: 0, defects: { open: 0 } });
  });
});

describe('plant map', () => {
  it('counts modules per status, under the filters', async () => {
    const path = `/api/v1/plants/${rooftop}/map/status-counts`;
    const all = PlantStatusCounts.parse((await t.http.get(path).set(await as('client'))).body);
    expect(all.total).toBe(DEMO_PLANTS.rooftop.modules);
    for (const status of MAP_STATUSES) {
      const n = (await one('select count(*)::int as n from modules where plant_id = $1 and status = $2', [rooftop, status])).n;
      expect([status, all.counts[status]]).toEqual([status, n]);
    }
    const dead = PlantStatusCounts.parse((await t.http.get(`${path}?status=dead,microcracks`).set(await as('client'))).body);
    expect(dead.total).toBe(all.counts.dead + all.counts.microcracks);
    expect(dead.counts.ok).toBe(0);
    const string = await one('select id, (select count(*)::int from modules m where m.string_id = s.id) as n from strings s where plant_id = $1 limit 1', [rooftop]);
    const ofString = PlantStatusCounts.parse((await t.http.get(`${path}?string=${string.id}`).set(await as('client'))).body);
    expect(ofString.total).toBe(string.n);

    const bad = await t.http.get(`${path}?status=broken`).set(await as('client'));
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('status');
  });

  it('counts statuses as one audit found them', async () => {
    const audit = await one(
      `select a.id, count(am.module_id)::int as inspected from audits a join audit_modules am on am.audit_id = a.id
        where a.plant_id = $1 and a.audit_type = 'thermography' group by a.id`,
      [ground],
    );
    const counts = PlantStatusCounts.parse(
      (await t.http.get(`/api/v1/plants/${ground}/map/status-counts?audit=${audit.id}`).set(await as('technician'))).body,
    );
    expect(counts.total).toBe(DEMO_PLANTS.ground.modules);
    expect(counts.counts.pending).toBe(DEMO_PLANTS.ground.modules - audit.inspected);
    // Another plant's audit is not found on this plant.
    const wrong = await t.http.get(`/api/v1/plants/${rooftop}/map/status-counts?audit=${audit.id}`).set(await as('manager'));
    expect([wrong.status, wrong.body.error.field]).toEqual([404, 'audit']);
  });

  it('finds modules by code, exact first, case-insensitive, wildcards taken literally', async () => {
    const hits = ModuleHits.parse((await t.http.get(`/api/v1/plants/${rooftop}/map/modules?q=s1-m1`).set(await as('client'))).body);
    expect(hits.exact).toBe(true);
    expect(hits.items[0]!.code).toBe('S1-M1');
    expect(hits.items.slice(1).every((h) => h.code.startsWith('S1-M1'))).toBe(true);
    const none = ModuleHits.parse((await t.http.get(`/api/v1/plants/${rooftop}/map/modules?q=S1-M%25`).set(await as('client'))).body);
    expect(none.items).toEqual([]);
  });

  it('describes one module with its string, inverter, model and defects', async () => {
    const module = await one(
      `select m.id, m.code, count(d.id)::int as defects from modules m join defects d on d.module_id = m.id
        where m.plant_id = $1 group by m.id order by count(d.id) desc limit 1`,
      [ground],
    );
    const detail = ModuleDetail.parse(
      (await t.http.get(`/api/v1/plants/${ground}/map/modules/${module.id}`).set(await as('technician'))).body,
    );
    expect(detail).toMatchObject({ code: module.code, plantId: ground });
    expect(detail.string?.code).toMatch(/^S\d+$/);
    expect(detail.inverter?.code).toMatch(/^INV\d+$/);
    expect(detail.model?.powerWp).toBe(545);
    expect(detail.defects).toHaveLength(module.defects);
  });

  it('lists inverters and strings to filter by', async () => {
    const inverters = MapInverters.parse((await t.http.get(`/api/v1/plants/${ground}/map/inverters`).set(await as('manager'))).body);
    expect(inverters.items.length).toBe((await one('select count(*)::int as n from inverters where plant_id = $1', [ground])).n);
    const first = inverters.items[0]!;
    const strings = MapStrings.parse(
      (await t.http.get(`/api/v1/plants/${ground}/map/strings?inverter=${first.id}`).set(await as('manager'))).body,
    );
    expect(strings.total).toBe(first.stringCount);
    expect(strings.items.every((s) => s.inverterId === first.id)).toBe(true);
    // Natural order: S2 before S10, as a person reads them (issue 13).
    const codes = strings.items.map((s) => s.code);
    expect(codes).toEqual([...codes].sort(new Intl.Collator('en', { numeric: true }).compare));
  });

  it('outlines one inverter’s strings, with their extent, for the map to draw at every zoom', async () => {
    const inverters = MapInverters.parse((await t.http.get(`/api/v1/plants/${ground}/map/inverters`).set(await as('manager'))).body);
    const inverter = inverters.items.find((i) => i.stringCount > 1)!;
    const res = await t.http.get(`/api/v1/plants/${ground}/map/selection?inverter=${inverter.id}`).set(await as('manager'));
    expect(res.status, res.text).toBe(200);
    const selection = MapSelection.parse(res.body);
    expect(selection.strings).toBe(inverter.stringCount);
    // Every module of those strings lies in the outline's extent, and some other module outside it.
    const extent = await one(
      `select st_xmin(e) as w, st_ymin(e) as s, st_xmax(e) as e, st_ymax(e) as n from (
         select st_extent(m.geom) as e from modules m join strings s on s.id = m.string_id
          where s.inverter_id = $1 and m.deleted_at is null) x`, [inverter.id]);
    const [w, s, e, n] = selection.bbox!;
    expect(w).toBeLessThanOrEqual(extent.w + 1e-6);
    expect(s).toBeLessThanOrEqual(extent.s + 1e-6);
    expect(e).toBeGreaterThanOrEqual(extent.e - 1e-6);
    expect(n).toBeGreaterThanOrEqual(extent.n - 1e-6);
    expect(selection.outline?.type).toMatch(/Polygon$/);
    const none = await t.http.get(`/api/v1/plants/${ground}/map/selection`).set(await as('manager'));
    expect(none.status).toBe(400);
    expect(none.text).toContain('inverter');
  });

  it('shows a client the findings of validated audits only (an audit under review is the company’s own business)', async () => {
    const module = await one('select id, plant_id from modules where plant_id = $1 and deleted_at is null order by code limit 1', [rooftop]);
    const audit = (await one(
      `insert into audits (plant_id, audit_type, status, started_at) values ($1, 'thermography', 'done', now()) returning id`, [rooftop])).id;
    await t.db.pool.query(
      `insert into defects (plant_id, audit_id, module_id, defect_type, module_status, severity, geom)
       select plant_id, $2, id, 'hot_spot', 'dead', 'urgent', st_pointonsurface(geom) from modules where id = $1`, [module.id, audit]);
    const read = async (role: 'client' | 'manager', query = '') =>
      t.http.get(`/api/v1/plants/${rooftop}/map/modules/${module.id}${query}`).set(await as(role));
    const staff = await read('manager');
    expect(staff.body.defects.map((d: { auditId: string }) => d.auditId)).toContain(audit);
    const client = await read('client');
    expect(client.status).toBe(200);
    expect(client.body.defects.map((d: { auditId: string }) => d.auditId)).not.toContain(audit);
    const named = await read('client', `?audit=${audit}`);
    expect([named.status, named.body.error?.field]).toEqual([404, 'audit']);
    await t.db.pool.query('update defects set deleted_at = now() where audit_id = $1', [audit]);
    await t.db.pool.query('update audits set deleted_at = now() where id = $1', [audit]);
  });

  it('answers 404 for another company’s plant, on every map endpoint', async () => {
    const client = await as('client');
    const module = (await one('select id from modules where plant_id = $1 limit 1', [ground])).id;
    for (const path of ['map/status-counts', 'map/modules?q=S1', `map/modules/${module}`, 'map/inverters', 'map/strings', `map/selection?string=${module}`, 'history', 'documents']) {
      const response = await t.http.get(`/api/v1/plants/${ground}/${path}`).set(client);
      expect([path, response.status]).toEqual([path, 404]);
    }
  });
});

describe('GET /plants/{id}/history', () => {
  it('lists missions newest first, with technicians and audits', async () => {
    const history = PlantHistory.parse((await t.http.get(`/api/v1/plants/${ground}/history`).set(await as('manager'))).body);
    expect(history.missions.map((m) => m.reference)).toEqual(['OM-2026-031', 'OM-2025-112']);
    expect(history.missions[0]!.interventions[0]!.technician).toBe('Chloé Bernard');
    expect(history.missions[0]!.audits[0]).toMatchObject({ auditType: 'el', status: 'done' });
    expect(history.audits).toHaveLength(2);
  });
});

describe('plant documents', () => {
  it('stores a file byte for byte, lists it, serves it, and archives it', async () => {
    const manager = await as('manager');
    const bytes = Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0xff, 0x10, 0x80]);
    const created = await t.http
      .post(`/api/v1/plants/${rooftop}/documents?filename=${encodeURIComponent('Plan toiture é.pdf')}&kind=plan`)
      .set(manager)
      .set('content-type', 'application/pdf')
      .send(bytes);
    expect(created.status, created.text).toBe(201);
    const doc = PlantDocument.parse(created.body);
    expect(doc).toMatchObject({ title: 'Plan toiture é.pdf', kind: 'plan', mimeType: 'application/pdf', sizeBytes: 8, uploadedBy: 'Bruno Garcia' });

    const list = await t.http.get(`/api/v1/plants/${rooftop}/documents`).set(await as('client'));
    expect(list.body.items.map((d: { id: string }) => d.id)).toContain(doc.id);
    const file = await t.http.get(doc.url).set(await as('client')).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
    expect(file.status).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.headers['content-disposition']).toBe("attachment; filename*=UTF-8''Plan%20toiture%20%C3%A9.pdf");
    expect(Buffer.compare(file.body as Buffer, bytes)).toBe(0);

    expect((await t.http.delete(`/api/v1/plants/${rooftop}/documents/${doc.id}`).set(manager)).status).toBe(204);
    const after = await t.http.get(`/api/v1/plants/${rooftop}/documents`).set(manager);
    expect(after.body.items.map((d: { id: string }) => d.id)).not.toContain(doc.id);
  });

  it('refuses an empty file, a file over the limit and a name with a slash, with a clear message', async () => {
    const manager = { ...(await as('manager')), 'content-type': 'application/octet-stream', 'accept-language': 'fr' };
    const path = `/api/v1/plants/${rooftop}/documents`;
    const empty = await t.http.post(`${path}?filename=a.bin`).set(manager).send(Buffer.alloc(0));
    expect([empty.status, empty.body.error.code]).toEqual([400, 'upload_empty']);
    const big = await t.http.post(`${path}?filename=a.bin`).set(manager).send(Buffer.alloc(2048, 1));
    expect([big.status, big.body.error.message]).toEqual([413, 'le fichier est trop gros (1 KiB au plus)']);
    const slash = await t.http.post(`${path}?filename=..%2Fetc%2Fpasswd`).set(manager).send(Buffer.from('x'));
    expect([slash.status, slash.body.error.field]).toEqual([400, 'filename']);
    const count = await one('select count(*)::int as n from documents where filename = $1', ['a.bin']);
    expect(count.n).toBe(0);
  });

  it('says when a photo’s file is missing from the store', async () => {
    const photo = await one(
      `insert into photos (plant_id, category, sha256, storage_key, mime_type, size_bytes)
       values ($1, 'el', repeat('a', 64), 'photos/aa/missing', 'image/jpeg', 10) returning id`,
      [rooftop],
    );
    // Asked by the office: a client sees only the photos of validated audits, and this one has none.
    const response = await t.http.get(`/api/v1/plants/${rooftop}/photos/${photo.id}/file`).set(await as('manager'));
    expect([response.status, response.body.error.code]).toEqual([404, 'file_missing']);
  });
});

describe('the web app at /', () => {
  it('serves index.html for client-side routes, assets as files, and leaves server paths alone', async () => {
    const root = await t.http.get('/').set('accept', 'text/html');
    expect([root.status, root.text]).toEqual([200, '<!doctype html><title>Calepin test</title>']);
    const route = await t.http.get(`/plants/${rooftop}/map?status=dead`).set('accept', 'text/html');
    expect([route.status, route.headers['content-type']]).toEqual([200, 'text/html; charset=utf-8']);
    const asset = await t.http.get('/assets/app-123.js');
    expect([asset.status, asset.headers['cache-control']]).toEqual([200, 'public, max-age=31536000, immutable']);
    expect((await t.http.get('/assets/missing.js')).status).toBe(404);
    const api = await t.http.get('/api/v1/nothing-here').set('accept', 'text/html');
    expect([api.status, api.body.error.code]).toEqual([404, 'route_not_found']);
    expect((await t.http.get('/..%2f..%2fetc/passwd')).status).toBe(404);
  });

  it('tells the app about the basemaps, the glyphs and the geocoder through /config', async () => {
    const none = WebConfig.parse((await t.http.get('/api/v1/config')).body);
    expect([none.basemaps, none.glyphs, none.geocoder]).toEqual([[], '/glyphs/{fontstack}/{range}.pbf', false]);
    const other = await testApp({ config: { basemaps: DEFAULT_BASEMAPS, geocoderUrl: 'https://geo.example/search' } });
    try {
      const config = WebConfig.parse((await other.http.get('/api/v1/config')).body);
      expect(config.basemaps.map((b) => b.id)).toEqual(['ign-ortho', 'ign-plan']);
      expect(config.basemaps[0]?.url).toContain('LAYER=ORTHOIMAGERY.ORTHOPHOTOS');
      expect(config.geocoder).toBe(true);
    } finally {
      await other.close();
    }
  });
});
