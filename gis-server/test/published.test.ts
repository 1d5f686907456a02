// A client sees the results of validated audits only (issue 13, hostile client), through
// every door that shows a module's status or a defect: the layout API, OGC API Features,
// WFS, the GeoPackage export, the plant map's legend, search and panel, the dashboard.
// The office sees a new audit as it comes in; the client once it is validated.
import { DEMO_PLANTS } from '@calepin/data-fixtures';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, bearer, testApp } from '../../test-support/app';

let t: TestApp;
let rooftop: string;
let auditId: string;
let s5: { id: string; code: string }[];

const as = async (role: 'manager' | 'client') => bearer(await t.token(role));

/** What one caller reads of string S5's modules and of the new audit, door by door. */
async function seen(role: 'manager' | 'client') {
  const auth = await as(role);
  const get = async (path: string) => {
    const reply = await t.http.get(path).set(auth);
    expect(reply.status, `${role} ${path}`).toBe(200);
    return reply.body;
  };
  const one = s5[0] as { id: string; code: string };
  const layout = await get(`/api/v1/plants/${rooftop}/modules?limit=1000`);
  const ogc = await get(`/ogc/features/collections/modules/items?limit=1000&plantId=${rooftop}`);
  const layoutDefects = await get(`/api/v1/plants/${rooftop}/defects?limit=1000&audit=${auditId}`);
  const ogcDefects = await get(`/ogc/features/collections/defects/items?limit=1000&auditId=${auditId}`);
  const wfs = (await t.http.get(`/ogc/wfs?service=WFS&version=2.0.0&request=GetFeature&typeNames=calepin:defects&outputFormat=application/json`).set(auth)).body;
  const counts = await get(`/api/v1/plants/${rooftop}/map/status-counts`);
  const panel = await get(`/api/v1/plants/${rooftop}/map/modules/${one.id}`);
  const search = await get(`/api/v1/plants/${rooftop}/map/modules?q=${one.code}`);
  const stats = await get('/api/v1/stats');
  const statusOf = (features: { id: string; properties: { status: string } }[]) =>
    features.filter((f) => s5.some((m) => m.id === f.id)).map((f) => f.properties.status);
  const ofAudit = (features: { properties: { auditId: string } }[]) => features.filter((f) => f.properties.auditId === auditId).length;
  return {
    layout: statusOf(layout.features),
    ogc: statusOf(ogc.features),
    defects: [ofAudit(layoutDefects.features), ofAudit(ogcDefects.features), ofAudit(wfs.features)],
    stringOpen: counts.counts.string_open as number,
    panel: [panel.status, panel.defects.length],
    search: search.items[0].status,
    statsOpen: (stats.modulesByStatus.string_open ?? 0) as number,
  };
}

beforeAll(async () => {
  t = await testApp();
  rooftop = (await t.db.pool.query(`select id from plants where name = $1`, [DEMO_PLANTS.rooftop.name])).rows[0].id;
  s5 = (await t.db.pool.query(`select id, code from modules where plant_id = $1 and code like 'S5-%' order by code`, [rooftop])).rows;
  // A new EL audit of the rooftop, under review: every module of string S5 open-circuit.
  auditId = (await t.db.pool.query(
    `insert into audits (plant_id, audit_type, status, started_at, performed_by)
     values ($1, 'el', 'done', now(), (select id from users where role = 'technician' limit 1)) returning id`, [rooftop])).rows[0].id;
  await t.db.pool.query(
    `insert into defects (plant_id, audit_id, module_id, defect_type, module_status, severity, geom, observed_at)
     select plant_id, $2, id, 'string_open', 'string_open', 'urgent', st_pointonsurface(geom), now()
       from modules where plant_id = $1 and code like 'S5-%'`, [rooftop, auditId]);
});
afterAll(() => t?.close());

describe('an audit under review', () => {
  it('shows to the office at once, and to the client once validated', async () => {
    const office = await seen('manager');
    expect(office.layout).toEqual(Array(s5.length).fill('string_open'));
    expect(office.ogc).toEqual(office.layout);
    expect(office.defects).toEqual([s5.length, s5.length, s5.length]);
    expect(office.stringOpen).toBeGreaterThanOrEqual(s5.length);
    expect(office.panel[0]).toBe('string_open');
    expect(office.search).toBe('string_open');

    const client = await seen('client');
    expect(client.layout.filter((s) => s === 'string_open')).toEqual([]);
    expect(client.ogc).toEqual(client.layout);
    expect(client.defects).toEqual([0, 0, 0]);
    expect(client.stringOpen).toBe(office.stringOpen - s5.length);
    expect(client.panel[0]).not.toBe('string_open');
    expect(client.panel[1]).toBe((office.panel[1] as number) - 1);
    expect(client.search).toBe(client.panel[0]);
    expect(client.statsOpen).toBe(client.stringOpen);

    // Validated: the client reads what the office reads.
    await t.db.pool.query(
      `update audits set validated_at = now(), validated_by = (select id from users where role = 'manager' limit 1) where id = $1`, [auditId]);
    const after = await seen('client');
    expect({ ...after, statsOpen: 0 }).toEqual({ ...(await seen('manager')), statsOpen: 0 });
    expect(after.statsOpen).toBe(after.stringOpen);
  });
});
