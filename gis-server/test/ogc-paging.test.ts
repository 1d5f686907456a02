// WFS pages served by keyset (a page starts after the id the previous one ended with) and
// what OGC answers remember between requests: the same features as OFFSET paging, in
// any reading order, and nothing stale once PostgreSQL says a layer changed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '@calepin/data-fixtures';
import { LAYERS, layerSource } from '../src/layers/catalog';
import { SILENT_TABLES, tablesRead } from '../src/layers/changes';
import { type TestApp, testApp } from '../../test-support/app';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t?.close());

const get = (query: string) => t.http.get(`/ogc/wfs?service=WFS&${query}`).auth('admin@calepin.test', DEMO_PASSWORD);

/** The ids of a GeoJSON page of modules at STARTINDEX. */
async function page(start: number, count: number): Promise<{ ids: string[]; matched: number; returned: number }> {
  const response = await get(`version=2.0.0&request=GetFeature&typeNames=calepin:modules&outputFormat=application/json&startIndex=${start}&count=${count}`);
  expect(response.status, response.text).toBe(200);
  const body = JSON.parse(response.text) as { features: { id: string }[]; numberMatched: number; numberReturned: number };
  return { ids: body.features.map((f) => f.id), matched: body.numberMatched, returned: body.numberReturned };
}

const moduleIds = async () =>
  (await t.db.pool.query<{ id: string }>(
    'select m.id from modules m join plants p on p.id = m.plant_id and p.deleted_at is null where m.deleted_at is null order by m.id',
  )).rows.map((r) => r.id);

const hits = async () => {
  const response = await get('version=2.0.0&request=GetFeature&typeNames=calepin:modules&resultType=hits');
  return Number(/numberMatched="(\d+)"/.exec(response.text)?.[1]);
};

describe('STARTINDEX paging', () => {
  it('in order, in reverse and at random, pages hold exactly the features at those positions', async () => {
    const all = await moduleIds();
    const size = 1000;
    const starts = Array.from({ length: Math.ceil(all.length / size) }, (_, i) => i * size);
    // In order (each page start remembered from the previous page), then backwards (found by id offset).
    for (const order of [starts, [...starts].reverse(), [4321, 17, all.length - 3, all.length, all.length + 50]]) {
      for (const start of order) {
        const { ids, matched, returned } = await page(start, size);
        expect([start, matched]).toEqual([start, all.length]);
        expect([start, ids]).toEqual([start, all.slice(start, start + size)]);
        expect(returned).toBe(ids.length);
      }
    }
  });

  it('after an insert and a delete, counts and positions follow the layer', async () => {
    const before = await moduleIds();
    for (const start of [0, 1000, 2000, 3000]) await page(start, 1000);
    // Raw writes, as another server or the layout editor would make them: the cache learns
    // of them from PostgreSQL's notifications alone.
    await t.db.pool.query(
      `insert into modules (id, plant_id, code, geom)
       select '00000000-0000-4000-8000-000000000001', plant_id, 'FIRST', geom from modules where id = $1`,
      [before[500]],
    );
    await expect.poll(hits, { timeout: 10_000 }).toBe(before.length + 1);
    for (const start of [0, 1000, 2000, 3000]) await page(start, 1000);
    await t.db.pool.query('update modules set deleted_at = now() where id = $1', [before[1500]]);
    await expect.poll(hits, { timeout: 10_000 }).toBe(before.length);
    const after = await moduleIds();
    expect(after[0]).toBe('00000000-0000-4000-8000-000000000001');
    for (const start of [0, 1000, 2000, 3000]) {
      const { ids } = await page(start, 1000);
      expect([start, ids]).toEqual([start, after.slice(start, start + 1000)]);
    }
  });
});

describe('cached summaries', () => {
  it('give every layer a box around all its features, for the office and for a client', async () => {
    const { rows: [client] } = await t.db.pool.query<{ clientId: string }>("select client_id as \"clientId\" from users where email = 'client@calepin.test'");
    for (const [email, scope] of [['admin@calepin.test', null], ['client@calepin.test', client?.clientId ?? null]] as const) {
      const response = await t.http.get('/ogc/wfs?service=WFS&version=2.0.0&request=GetCapabilities').auth(email, DEMO_PASSWORD);
      expect(response.status).toBe(200);
      for (const layer of LAYERS) {
        const found = new RegExp(`<wfs:Name>calepin:${layer.name}</wfs:Name>.*?<ows:LowerCorner>(\\S+) (\\S+)</ows:LowerCorner><ows:UpperCorner>(\\S+) (\\S+)</ows:UpperCorner>`).exec(response.text);
        const box = found?.slice(1).map(Number) as number[];
        const { rows: [features] } = await t.db.pool.query<{ e: number[] | null }>(
          `select case when e is null then null else array[st_xmin(e), st_ymin(e), st_xmax(e), st_ymax(e)] end as e
             from (select st_extent(s.geom) as e from (${layerSource(layer, scope)}) s where $1::uuid is null or s."clientId" = $1) x`,
          [scope],
        );
        const e = features?.e;
        if (!e) continue;
        const [w, so, ea, n] = box as [number, number, number, number];
        expect([email, layer.name, w <= e[0]! && so <= e[1]! && ea >= e[2]! && n >= e[3]!]).toEqual([email, layer.name, true]);
        // Not the whole world: the plants' boxes.
        expect([email, layer.name, ea - w < 1]).toEqual([email, layer.name, true]);
      }
    }
  });

  it('capabilities follow a module moved far away once PostgreSQL says so', async () => {
    const extent = async () => {
      const response = await get('version=2.0.0&request=GetCapabilities');
      const modules = /<wfs:Name>calepin:modules<\/wfs:Name>.*?<ows:UpperCorner>([-\d.]+) ([-\d.]+)<\/ows:UpperCorner>/.exec(response.text);
      return Number(modules?.[1]);
    };
    expect(await extent()).toBeLessThan(10);
    await t.db.pool.query(
      `update modules set geom = st_translate(geom, 20, 0) where id = (select id from modules where deleted_at is null order by id desc limit 1)`,
    );
    await expect.poll(extent, { timeout: 10_000 }).toBeGreaterThan(20);
  });

  it('every table a layer reads notifies its changes, or is one whose staleness the cache bounds by age', async () => {
    const { rows } = await t.db.pool.query<{ table: string }>(
      `select distinct c.relname as table from pg_trigger g join pg_class c on c.oid = g.tgrelid where g.tgname like 'notify_change_%'`,
    );
    const notifying = new Set(rows.map((r) => r.table));
    const silent = [...new Set(LAYERS.flatMap((layer) => tablesRead(layer)))].filter((table) => !notifying.has(table)).sort();
    // Names and codes of related rows: a client renamed, an audit or an MPPT input removed
    // shows in what is computed from them within the cache's 60 s.
    expect(silent).toEqual([...SILENT_TABLES].sort());
    expect(tablesRead(LAYERS.find((l) => l.name === 'modules') as (typeof LAYERS)[number])).toEqual(['modules', 'plants', 'strings', 'tables']);
  });
});
