import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generatePlant } from '@calepin/data-fixtures';
import { TEMPLATE_EMPTY, type TestDatabase, testDatabase } from '../../test-support/db';

let db: TestDatabase;
beforeAll(async () => {
  db = await testDatabase(TEMPLATE_EMPTY);
});
afterAll(() => db.drop());

const one = async (sql: string, values: unknown[]) => (await db.pool.query(sql, values)).rows[0];

describe('the plant generator', () => {
  for (const [modules, stringLength] of [[1, 24], [25, 24], [1000, 22]] as const) {
    it(`makes exactly ${modules} modules in strings of ${stringLength}`, async () => {
      const plant = await generatePlant(db.url, { modules, stringLength, center: [2 + modules / 1e4, 45] });
      expect(plant.modules).toBe(modules);
      const counts = await one(
        `select count(*)::int as n, count(distinct string_id)::int as strings, bool_and(st_isvalid(geom)) as valid,
                max(position_in_string) as longest
           from modules where plant_id = $1`,
        [plant.plantId],
      );
      expect(counts).toEqual({ n: modules, strings: Math.ceil(modules / stringLength), valid: true, longest: Math.min(modules, stringLength) });
      const last = await one(
        `select count(*)::int as n from modules m join strings s on s.id = m.string_id
          where m.plant_id = $1 and s.code = $2`,
        [plant.plantId, `S${Math.ceil(modules / stringLength)}`],
      );
      expect(last.n).toBe(modules % stringLength || stringLength);
    });
  }

  it('lays out 10,000 modules with no overlap, inside the plant boundary, with every layer', async () => {
    const plant = await generatePlant(db.url, { modules: 10_000, center: [3, 44] });
    const layout = await one(
      `select (select count(*)::int from modules a join modules b on a.plant_id = b.plant_id and a.id < b.id
                 and st_intersects(a.geom, b.geom) where a.plant_id = $1) as overlaps,
              (select count(*)::int from modules m join plants p on p.id = m.plant_id
                where m.plant_id = $1 and not st_within(m.geom, p.boundary)) as outside,
              (select count(*)::int from inverters where plant_id = $1 and geom is not null) as inverters,
              (select count(*)::int from junction_boxes where plant_id = $1 and geom is not null) as boxes,
              (select count(*)::int from cables where plant_id = $1 and length_m > 0) as cables,
              (select count(*)::int from strings where plant_id = $1 and geom is not null) as strings`,
      [plant.plantId],
    );
    expect(layout).toMatchObject({ overlaps: 0, outside: 0, strings: 417 });
    expect(layout.inverters).toBe(plant.inverters);
    expect(layout.boxes).toBe(plant.junction_boxes);
    expect(layout.cables).toBe(417 + plant.junction_boxes + plant.inverters);
    expect(plant.peakKwp).toBe(5450);
  });

  it('its command line refuses bad arguments with exit code 2', async () => {
    const run = promisify(execFile);
    for (const args of [['--modules', 'abc'], ['--modules', '0'], [], ['--modules', '10', '--center', 'x']]) {
      const failure = await run('node_modules/.bin/tsx', ['data-fixtures/src/cli.ts', ...args], {
        cwd: new URL('../../', import.meta.url).pathname,
        env: { ...process.env, DATABASE_URL: db.url },
      }).catch((error: { code: number; stderr: string }) => error);
      expect([args.join(' '), (failure as { code: number }).code]).toEqual([args.join(' '), 2]);
      expect((failure as { stderr: string }).stderr).toMatch(/^fixtures: /);
    }
  });
});
