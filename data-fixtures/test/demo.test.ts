import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODULE_STATUSES, SEVERITIES } from '@calepin/core';
import { DEMO_PLANTS, DEMO_USERS, loadDemo } from '@calepin/data-fixtures';
import { TEMPLATE_EMPTY, type TestDatabase, testDatabase } from '../../test-support/db';

let db: TestDatabase;
let plants: { ground: string; rooftop: string };

beforeAll(async () => {
  db = await testDatabase(TEMPLATE_EMPTY);
  plants = (await loadDemo(db.url)).plants;
});
afterAll(() => db.drop());

const rows = async (sql: string, values: unknown[] = []) => (await db.pool.query(sql, values)).rows;

describe('the demo', () => {
  it('has a 5 MWp ground plant near Toulouse and a 242-module rooftop, in Lambert-93', async () => {
    const found = await rows(
      `select name, mounting, srid, peak_kwp::float8 as kwp, st_x(location) as lon, st_y(location) as lat,
              (select count(*)::int from modules m where m.plant_id = p.id) as modules
         from plants p order by name`,
    );
    expect(found).toHaveLength(2);
    const ground = found.find((p) => p.name === DEMO_PLANTS.ground.name);
    const rooftop = found.find((p) => p.name === DEMO_PLANTS.rooftop.name);
    expect(ground).toMatchObject({ mounting: 'ground', srid: 2154, modules: 9216 });
    expect(ground.kwp).toBeGreaterThan(4900);
    expect(ground.kwp).toBeLessThan(5100);
    // Near Toulouse (43.60 N, 1.44 E).
    expect(Math.abs(ground.lat - 43.6)).toBeLessThan(0.3);
    expect(Math.abs(ground.lon - 1.44)).toBeLessThan(0.4);
    expect(rooftop).toMatchObject({ mounting: 'rooftop', srid: 2154, modules: 242 });
  });

  it('strings: 24 modules on the ground; 8 × 24 and 2 × 25 on the roof', async () => {
    const lengths = await rows(
      `select s.plant_id, count(m.*)::int as n from strings s join modules m on m.string_id = s.id
        group by s.plant_id, s.id`,
    );
    const of = (plant: string) => lengths.filter((l) => l.plant_id === plant).map((l) => l.n).sort();
    expect(new Set(of(plants.ground))).toEqual(new Set([24]));
    expect(of(plants.ground)).toHaveLength(384);
    expect(of(plants.rooftop)).toEqual([24, 24, 24, 24, 24, 24, 24, 24, 25, 25]);
  });

  it('modules are true to size: valid, not overlapping, footprint of a tilted 1.134 × 2.278 m module', async () => {
    const [sizes] = await rows(
      `select bool_and(st_isvalid(geom)) as valid, min(a) as min, max(a) as max
         from (select geom, st_area(st_transform(geom, 2154)) as a from modules where plant_id = $1) m`,
      [plants.ground],
    );
    const footprint = 1.134 * 2.278 * Math.cos((20 * Math.PI) / 180);
    expect(sizes.valid).toBe(true);
    // Lambert-93's scale error near Toulouse is under 0.1 %.
    expect(Math.abs(sizes.min / footprint - 1)).toBeLessThan(0.01);
    expect(Math.abs(sizes.max / footprint - 1)).toBeLessThan(0.01);
    const [overlaps] = await rows(
      `select count(*)::int as n from modules a join modules b
         on a.plant_id = b.plant_id and a.id < b.id and st_intersects(a.geom, b.geom)`,
    );
    expect(overlaps.n).toBe(0);
  });

  it('rows face south: tables are wider east–west than deep, and azimuth 180°', async () => {
    const [shape] = await rows(
      `select min(azimuth_deg)::float8 as az_min, max(azimuth_deg)::float8 as az_max,
              avg(st_xmax(g) - st_xmin(g)) as width, avg(st_ymax(g) - st_ymin(g)) as depth
         from (select azimuth_deg, st_transform(geom, 2154) as g from tables where plant_id = $1) t`,
      [plants.ground],
    );
    expect([shape.az_min, shape.az_max]).toEqual([180, 180]);
    expect(shape.width).toBeGreaterThan(25);
    expect(shape.depth).toBeLessThan(5);
  });

  it('module codes follow S{string}-M{position} and are unique per plant', async () => {
    const [codes] = await rows(
      `select count(*)::int as n, count(distinct (m.plant_id, m.code))::int as distinct_codes,
              bool_and(m.code = s.code || '-M' || m.position_in_string) as scheme
         from modules m join strings s on s.id = m.string_id`,
    );
    expect(codes.distinct_codes).toBe(codes.n);
    expect(codes.scheme).toBe(true);
  });

  it('past audits cover the six statuses, pending modules, and the three severities', async () => {
    for (const plant of [plants.ground, plants.rooftop]) {
      const statuses = (await rows('select distinct status from modules where plant_id = $1', [plant])).map((r) => r.status);
      expect(statuses).toEqual(expect.arrayContaining([...MODULE_STATUSES]));
    }
    const pending = await rows("select count(*)::int as n from modules where plant_id = $1 and status = 'pending'", [plants.ground]);
    expect(pending[0].n).toBeGreaterThan(0);
    const severities = (await rows('select distinct severity from defects')).map((r) => r.severity).sort();
    expect(severities).toEqual([...SEVERITIES].sort());
    const thermography = await rows(
      `select count(*)::int as n from defects d join audits a on a.id = d.audit_id
        where a.audit_type = 'thermography' and d.iec_class between 1 and 3 and d.delta_t_c > 0`,
    );
    expect(thermography[0].n).toBeGreaterThan(0);
  });

  it('has one demo account per role; the client account belongs to the rooftop plant’s company', async () => {
    const users = await rows('select email::text, role, client_id, is_demo from users order by email');
    expect(users.map((u) => [u.email, u.role])).toEqual(
      [...DEMO_USERS].sort((a, b) => a.email.localeCompare(b.email)).map((u) => [u.email, u.role]),
    );
    expect(users.every((u) => u.is_demo)).toBe(true);
    const [owner] = await rows('select client_id from plants where id = $1', [plants.rooftop]);
    expect(users.find((u) => u.role === 'client')?.client_id).toBe(owner.client_id);
  });

  it('refuses to load into a database that is not empty', async () => {
    await expect(loadDemo(db.url)).rejects.toThrow(/only into an empty database/);
    const [count] = await rows('select count(*)::int as n from plants');
    expect(count.n).toBe(2);
  });
});
