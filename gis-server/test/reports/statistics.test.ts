// An audit's statistics (issue 18) against the same figures computed independently here,
// in plain SQL written for the test: rates, Getis-Ord Gi* and Moran's I (whole formulas in
// SQL, not the server's TypeScript), row effects, the comparison and the € of the losses.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, bearer, testApp } from '../../../test-support/app';

let t: TestApp;
let manager: Record<string, string>;
let client: Record<string, string>;
let el2026: string;
let roof: string;
type Stats = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

beforeAll(async () => {
  t = await testApp();
  manager = bearer(await t.token('manager'));
  client = bearer(await t.token('client'));
  const { rows } = await t.db.pool.query<{ id: string; mounting: string; audit_type: string; started: Date }>(
    `select a.id, p.mounting, a.audit_type, a.started_at as started from audits a join plants p on p.id = a.plant_id order by a.started_at`);
  el2026 = rows.find((r) => r.mounting === 'ground' && r.audit_type === 'el')?.id as string;
  roof = rows.find((r) => r.mounting === 'rooftop')?.id as string;
}, 120_000);
afterAll(async () => t?.close());

const q = async <T = Record<string, unknown>>(sql: string, params: unknown[] = []) => (await t.db.pool.query(sql, params)).rows as T[];

describe('GET /audits/{id}/statistics', () => {
  let s: Stats;
  beforeAll(async () => {
    const res = await t.http.get(`/api/v1/audits/${el2026}/statistics`).set(manager);
    expect(res.status, res.text).toBe(200);
    s = res.body;
  });

  it('counts modules and rates per inverter, string, table and zone as plain SQL does', async () => {
    const [total] = await q<{ audited: number; defective: number }>(
      `select count(*)::int as audited, count(*) filter (where status <> 'ok')::int as defective from audit_modules where audit_id = $1`, [el2026]);
    expect(s.modules.audited).toBe(total?.audited);
    expect(s.modules.defective).toBe(total?.defective);
    expect(s.modules.defective).toBeGreaterThan(0);
    const byInverter = await q<{ code: string; audited: number; defective: number }>(
      `select i.code, count(*)::int as audited, sum((am.status <> 'ok')::int)::int as defective
         from audit_modules am, modules m, strings st, inverters i
        where am.audit_id = $1 and m.id = am.module_id and st.id = m.string_id and i.id = st.inverter_id group by i.code`, [el2026]);
    expect(s.rates.inverter.length).toBe(byInverter.length);
    for (const row of byInverter) {
      expect(s.rates.inverter.find((r: { code: string }) => r.code === row.code)).toMatchObject({ audited: row.audited, defective: row.defective });
    }
    // The open string S17 is the worst string: every one of its modules.
    expect(s.rates.string[0]).toMatchObject({ code: 'S17', rate: 1 });
    const zones = await q<{ n: number }>(`select count(distinct t.zone_id)::int as n from audit_modules am, modules m, tables t where am.audit_id = $1 and m.id = am.module_id and t.id = m.table_id`, [el2026]);
    expect(s.rates.zone.length).toBe(zones[0]?.n);
  });

  it('finds the same Gi* z-scores and Moran’s I as the formulas written in SQL', async () => {
    const band = s.clustering.bandMetres;
    const sql = `
      with t as (
        select tb.id, st_transform(tb.geom, p.srid) as g, avg((am.status <> 'ok')::int::float8) as x
          from audit_modules am join modules m on m.id = am.module_id join tables tb on tb.id = m.table_id join plants p on p.id = tb.plant_id
         where am.audit_id = $1 group by tb.id, p.srid),
      stats as (select count(*)::float8 as n, avg(x) as mean, sqrt(avg(x * x) - avg(x) ^ 2) as s from t),
      pairs as (select a.id as i, b.id as j, b.x as xj from t a join t b on st_dwithin(a.g, b.g, $2)),
      gi as (select p.i, sum(p.xj) as sx, count(*)::float8 as w from pairs p group by p.i)
      select gi.i as id, (gi.sx - st.mean * gi.w) / (st.s * sqrt((st.n * gi.w - gi.w ^ 2) / (st.n - 1))) as z from gi, stats st`;
    const expected = await q<{ id: string; z: number }>(sql, [el2026, band]);
    expect(expected.length).toBe(s.clustering.tables.length);
    for (const row of expected) {
      const got = s.clustering.tables.find((x: { id: string }) => x.id === row.id);
      expect(got.z).toBeCloseTo(row.z, 6);
    }
    // Moran's I = n/W · Σᵢⱼ wᵢⱼ(xᵢ−x̄)(xⱼ−x̄) / Σᵢ(xᵢ−x̄)², neighbours without the table itself.
    const [moran] = await q<{ i: number }>(`
      with t as (
        select tb.id, st_transform(tb.geom, p.srid) as g, avg((am.status <> 'ok')::int::float8) as x
          from audit_modules am join modules m on m.id = am.module_id join tables tb on tb.id = m.table_id join plants p on p.id = tb.plant_id
         where am.audit_id = $1 group by tb.id, p.srid),
      d as (select id, g, x - avg(x) over () as dev from t)
      select (select count(*) from d)::float8 / count(*) * sum(a.dev * b.dev) / (select sum(dev * dev) from d) as i
        from d a join d b on a.id <> b.id and st_dwithin(a.g, b.g, $2)`, [el2026, band]);
    expect(s.clustering.moran.i).toBeCloseTo(moran?.i as number, 9);
    expect(s.clustering.moran.expected).toBeCloseTo(-1 / (expected.length - 1), 12);
    // The open string S17 makes a significant hot spot.
    expect(s.clustering.tables.some((x: { kind: string }) => x.kind.startsWith('hot'))).toBe(true);
  });

  it('counts bottom rows, top rows and end columns as plain SQL does', async () => {
    const [bottom] = await q<{ audited: number; defective: number }>(
      `select count(*)::int as audited, sum((am.status <> 'ok')::int)::int as defective
         from audit_modules am join modules m on m.id = am.module_id join tables t on t.id = m.table_id
        where am.audit_id = $1 and m.row_index = 1 and t.row_count > 1`, [el2026]);
    expect(s.rows.find((r: { place: string }) => r.place === 'bottom')).toMatchObject(bottom as object);
    expect(s.rows.reduce((a: number, r: { audited: number }) => a + r.audited, 0)).toBe(s.modules.audited);
  });

  it('compares each module with the previous audit of the plant', async () => {
    expect(s.comparison).not.toBeNull();
    const [counts] = await q<Record<string, number>>(`
      select count(*) filter (where b.status = 'ok' and a.status <> 'ok')::int as new,
             count(*) filter (where b.status <> 'ok' and a.status = 'ok')::int as repaired,
             count(*) filter (where b.status <> 'ok' and a.status = b.status)::int as persisting
        from audit_modules a join audit_modules b on b.module_id = a.module_id and b.audit_id = $2
       where a.audit_id = $1`, [el2026, s.comparison.previousAuditId]);
    expect(s.comparison.counts).toMatchObject(counts as object);
    expect(s.comparison.counts.new).toBeGreaterThan(0);
  });

  it('prices the losses with the plant’s tariff and ranks repairs by money', async () => {
    // Dead, open or unconnected: the whole module; microcracks 5 %, inequality 3 %; soiling on an ok module 2 %.
    const [expected] = await q<{ w: number; tariff: number }>(`
      select sum(mm.power_wp * case am.status when 'dead' then 1 when 'string_open' then 1 when 'not_connected' then 1
                                             when 'microcracks' then 0.05 when 'inequality' then 0.03
                                             else case when exists (select 1 from defects d where d.audit_id = am.audit_id and d.module_id = am.module_id
                                                                     and d.defect_type = 'soiling' and d.resolved_at is null) then 0.02 else 0 end end)::float8 as w,
             max(p.tariff_eur_per_kwh)::float8 as tariff
        from audit_modules am join modules m on m.id = am.module_id join module_models mm on mm.id = m.model_id join plants p on p.id = am.plant_id
       where am.audit_id = $1`, [el2026]);
    expect(s.losses.lostKwp).toBeCloseTo((expected?.w as number) / 1000, 2);
    expect(s.losses.specificYieldKwhPerKwp).toBe(1200);
    expect(s.losses.lostEurPerYear).toBeCloseTo(((expected?.w as number) / 1000) * 1200 * (expected?.tariff as number), 0);
    const money = s.losses.repairs.map((r: { eurPerYear: number }) => r.eurPerYear);
    expect(money).toEqual([...money].sort((a, b) => b - a));
    expect(s.losses.byAction[0].action).toBe('reconnect_string');
  });
});

describe('who sees statistics', () => {
  it('shows a client its own validated audit, hides another company’s (404), answers 400 naming a bad id', async () => {
    expect((await t.http.get(`/api/v1/audits/${el2026}/statistics`).set(client)).status).toBe(404);
    const bad = await t.http.get('/api/v1/audits/not-a-uuid/statistics').set(manager);
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('auditId');
    // Its own plant's validated audit, it reads.
    const own = await t.http.get(`/api/v1/audits/${roof}/statistics`).set(client);
    expect(own.status, own.text).toBe(200);
    expect(own.body.modules.audited).toBe(242);
  });
});
