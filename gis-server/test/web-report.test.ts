// The interactive web report (issue 18): the plant's timeline, a module's history, the
// comparison of two audits (the PDF's SQL), and share links — made and revoked by a
// manager, reading that one plant's web report (API and tiles) and nothing else, 404 once
// revoked, 410 once expired. A client user of another company gets 404 everywhere.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PLANTS } from '@calepin/data-fixtures';
import { bearer } from '../../test-support/app';
import { laterAudit } from '../../test-support/audit-history';
import { decodeTile } from '../../tile-server/test/decode';
import { type TileTest, tileAt, tileTest } from '../../tile-server/test/support';

let t: TileTest;
let manager: Record<string, string>;
let client: Record<string, string>;
let plantId: string;
let groundId: string;
let groundAudit: string;
let beforeId: string;
let auditId: string;
let reportId: string;
const [lon, lat] = DEMO_PLANTS.rooftop.center;
const [groundLon, groundLat] = DEMO_PLANTS.ground.center;

const api = () => t.api.http;

beforeAll(async () => {
  t = await tileTest();
  manager = bearer(await t.api.token('manager'));
  client = bearer(await t.api.token('client'));
  const pool = t.api.db.pool;
  const rows = (await pool.query(
    `select a.id, a.plant_id, a.performed_by, p.name = $1 as rooftop from audits a join plants p on p.id = a.plant_id where a.audit_type = 'el'`,
    [DEMO_PLANTS.rooftop.name])).rows;
  const before = rows.find((r) => r.rooftop);
  beforeId = before.id;
  plantId = before.plant_id;
  groundAudit = rows.find((r) => !r.rooftop).id;
  groundId = rows.find((r) => !r.rooftop).plant_id;
  auditId = await laterAudit(pool, plantId, { id: beforeId, performedBy: before.performed_by });
  reportId = (await pool.query(
    `insert into reports (plant_id, audit_id, title, language) values ($1, $2, 'Audit EL 2026', 'fr') returning id`, [plantId, auditId])).rows[0].id;
}, 120_000);
afterAll(async () => t?.close());

describe('timeline, history and comparison', () => {
  it('lists the plant’s audits oldest first, with their modules per status as SQL counts them', async () => {
    const res = await api().get(`/api/v1/plants/${plantId}/timeline`).set(client);
    expect(res.status).toBe(200);
    expect(res.body.audits.map((a: { id: string }) => a.id)).toEqual([beforeId, auditId]);
    const { rows } = await t.api.db.pool.query(
      `select status, count(*)::int as n from audit_modules where audit_id = $1 and deleted_at is null group by status`, [auditId]);
    const later = res.body.audits[1];
    for (const { status, n } of rows) expect(later.byStatus[status]).toBe(n);
    expect(later.inspected).toBe(rows.reduce((a, r) => a + r.n, 0));
  });

  it('hides an audit not validated yet from a client, not from staff', async () => {
    const { rows } = await t.api.db.pool.query('update audits a set validated_at = null, validated_by = null from audits b where a.id = $1 and b.id = a.id returning b.validated_by', [auditId]);
    try {
      expect((await api().get(`/api/v1/plants/${plantId}/timeline`).set(client)).body.audits).toHaveLength(1);
      expect((await api().get(`/api/v1/plants/${plantId}/timeline`).set(manager)).body.audits).toHaveLength(2);
    } finally {
      await t.api.db.pool.query('update audits set validated_at = now(), validated_by = $2 where id = $1', [auditId, rows[0].validated_by]);
    }
  });

  it('gives a module’s status in each audit', async () => {
    const { rows } = await t.api.db.pool.query(
      `select m.id, am.status from modules m join audit_modules am on am.module_id = m.id and am.audit_id = $1
        where m.plant_id = $2 and m.code like 'S3-%' and am.status <> 'ok' order by m.code limit 1`, [beforeId, plantId]);
    const res = await api().get(`/api/v1/plants/${plantId}/modules/${rows[0].id}/history`).set(client);
    expect(res.status).toBe(200);
    expect(res.body.audits.map((a: { status: string }) => a.status)).toEqual([rows[0].status, 'ok']);
    expect((await api().get(`/api/v1/plants/${groundId}/modules/${rows[0].id}/history`).set(manager)).status).toBe(404);
  });

  it('compares two audits as the PDF does: the same counts as the statistics', async () => {
    const res = await api().get(`/api/v1/audits/${auditId}/comparison?with=${beforeId}`).set(client);
    expect(res.status).toBe(200);
    const stats = await api().get(`/api/v1/audits/${auditId}/statistics`).set(client);
    expect(stats.body.comparison.previousAuditId).toBe(beforeId);
    expect(res.body.counts).toEqual(stats.body.comparison.counts);
    const { rows } = await t.api.db.pool.query(
      `select count(*)::int as n from audit_modules a join audit_modules b on b.module_id = a.module_id and b.audit_id = $2
        where a.audit_id = $1 and a.status = 'ok' and b.status <> 'ok'`, [auditId, beforeId]);
    expect(res.body.counts.repaired).toBe(rows[0].n);
    expect(res.body.counts.new).toBeGreaterThan(0);
    expect(res.body.changes.every((c: { geometry: { type: string } }) => c.geometry.type === 'Polygon')).toBe(true);
  });

  it('refuses bad comparisons with a 4xx naming `with`', async () => {
    const same = await api().get(`/api/v1/audits/${auditId}/comparison?with=${auditId}`).set(manager);
    expect([same.status, same.body.error.field]).toEqual([400, 'with']);
    const other = await api().get(`/api/v1/audits/${auditId}/comparison?with=${groundAudit}`).set(manager);
    expect([other.status, other.body.error.field]).toEqual([400, 'with']);
    const missing = await api().get(`/api/v1/audits/${auditId}/comparison`).set(manager);
    expect([missing.status, missing.body.error.field]).toEqual([400, 'with']);
  });

  it('answers 404 to a client for another company’s plant and audits', async () => {
    for (const path of [`/plants/${groundId}/timeline`, `/audits/${groundAudit}/comparison?with=${groundAudit}`, `/audits/${groundAudit}/statistics`]) {
      expect((await api().get(`/api/v1${path}`).set(client)).status, path).toBe(404);
    }
  });
});

describe('share links', () => {
  let token: string;
  let shareId: string;
  const reader = () => bearer(token);

  it('are made by a manager only, the token given once', async () => {
    for (const who of [client, bearer(await t.api.token('technician'))]) {
      expect((await api().post(`/api/v1/reports/${reportId}/shares`).set(who).send({ expiresInDays: 7 })).status).toBe(403);
    }
    const bad = await api().post(`/api/v1/reports/${reportId}/shares`).set(manager).send({ expiresInDays: 0 });
    expect([bad.status, bad.body.error.field]).toEqual([400, 'expiresInDays']);
    const res = await api().post(`/api/v1/reports/${reportId}/shares`).set(manager).send({ label: 'Exploitant', expiresInDays: 7 });
    expect(res.status).toBe(201);
    token = res.body.token;
    shareId = res.body.share.id;
    expect(token).toMatch(/^cshr_[A-Za-z0-9_-]{43}$/);
    expect(res.body.path).toBe(`/shared/${token}`);
    expect(res.body.share).toMatchObject({ plantId, label: 'Exploitant', state: 'active' });
    const list = await api().get(`/api/v1/reports/${reportId}/shares`).set(manager);
    expect(list.body.items.map((s: { id: string }) => s.id)).toEqual([shareId]);
    expect(JSON.stringify(list.body)).not.toContain(token);
    const { rows } = await t.api.db.pool.query('select count(*)::int as n from report_shares where token_hash::text like $1', [`%${token}%`]);
    expect(rows[0].n).toBe(0);
  });

  it('read that plant’s web report without an account', async () => {
    const opened = await api().get(`/api/v1/shared/${token}`);
    expect(opened.status).toBe(200);
    expect(opened.body).toMatchObject({ plantId, reportId, plantName: DEMO_PLANTS.rooftop.name });
    for (const path of [
      `/plants/${plantId}`, `/plants/${plantId}/timeline`, `/audits/${auditId}/statistics`, `/audits/${auditId}/comparison?with=${beforeId}`,
      `/audits/${auditId}/export.xlsx`, `/audits/${auditId}/export.csv?table=defects`,
      // The 3D view's layout.
      `/plants/${plantId}/tables?limit=5`, `/plants/${plantId}/modules?limit=5`,
      // The legend's counts, the 3D view's colours.
      `/plants/${plantId}/map/status-counts?audit=${auditId}`, `/audits/${auditId}/modules?limit=5`,
    ]) {
      expect((await api().get(`/api/v1${path}`).set(reader())).status, path).toBe(200);
    }
    // The legend counts what the audit found, as SQL does.
    const counts = await api().get(`/api/v1/plants/${plantId}/map/status-counts?audit=${auditId}`).set(reader());
    const { rows } = await t.api.db.pool.query<{ n: number }>('select count(*)::int as n from modules where plant_id = $1 and deleted_at is null', [plantId]);
    expect(counts.body.total).toBe(rows[0]?.n);
    const modules = await api().get(`/api/v1/plants/${plantId}/modules?limit=5`).set(reader());
    expect(modules.body.features).toHaveLength(5);
    const tile = await t.get(`/plants,modules/${tileAt(lon, lat, 18)}?plant=${plantId}`, reader());
    expect(tile.status).toBe(200);
    expect(decodeTile(tile.body).modules?.length).toBeGreaterThan(0);
    // No plant asked: its plant anyway.
    expect((await t.get(`/modules/${tileAt(lon, lat, 18)}`, reader())).status).toBe(200);
  });

  it('read nothing else: other plants, lists, the back-office, any write', async () => {
    for (const path of [
      `/plants/${groundId}`, `/plants/${groundId}/timeline`, `/audits/${groundAudit}/statistics`, `/audits/${groundAudit}/export.xlsx`,
      `/plants/${groundId}/modules`, `/plants/${groundId}/tables`, `/plants/${groundId}/map/status-counts`,
      `/audits/${groundAudit}/modules`,
    ]) {
      expect((await api().get(`/api/v1${path}`).set(reader())).status, path).toBe(404);
    }
    for (const path of ['/plants', `/reports/${reportId}`, `/reports/${reportId}/shares`, `/plants/${plantId}/audits`, '/auth/me', `/plants/${plantId}/cables`]) {
      expect((await api().get(`/api/v1${path}`).set(reader())).status, path).toBe(401);
    }
    expect((await api().post(`/api/v1/reports/${reportId}/shares`).set(reader()).send({})).status).toBe(403);
    expect((await api().get('/ogc/wfs?service=WFS&request=GetCapabilities').set(reader())).status).toBe(401);
    expect((await t.get(`/plants,modules/${tileAt(groundLon, groundLat, 18)}?plant=${groundId}`, reader())).status).toBe(404);
    // The ground plant's place, without naming it: none of its features.
    const there = await t.get(`/modules/${tileAt(groundLon, groundLat, 18)}`, reader());
    expect(there.status).toBe(204);
  });

  it('stop at once when revoked: 404 for the link, 401 for the API and the tiles', async () => {
    const applied = new Promise<void>((resolve) => {
      t.tiles.onRevoked = () => resolve();
    });
    expect((await api().delete(`/api/v1/reports/${reportId}/shares/${shareId}`).set(manager)).status).toBe(204);
    await applied;
    expect((await api().get(`/api/v1/shared/${token}`)).status).toBe(404);
    expect((await api().get(`/api/v1/plants/${plantId}`).set(reader())).status).toBe(401);
    expect((await t.get(`/modules/${tileAt(lon, lat, 18)}`, reader())).status).toBe(401);
    const list = await api().get(`/api/v1/reports/${reportId}/shares`).set(manager);
    expect(list.body.items[0].state).toBe('revoked');
  });

  it('answer 410 once expired, and open nothing', async () => {
    const res = await api().post(`/api/v1/reports/${reportId}/shares`).set(manager).send({ expiresInDays: 1 });
    await t.api.db.pool.query(
      `update report_shares set created_at = now() - interval '3 days', expires_at = now() - interval '1 day' where id = $1`, [res.body.share.id]);
    const gone = await api().get(`/api/v1/shared/${res.body.token}`).set('Accept-Language', 'fr');
    expect(gone.status).toBe(410);
    expect(gone.body.error.message).toMatch(/a expiré le \d{4}-\d{2}-\d{2}/);
    expect((await api().get(`/api/v1/plants/${plantId}`).set(bearer(res.body.token))).status).toBe(401);
    expect((await api().get('/api/v1/shared/not-a-token')).status).toBe(400);
  });
});
