import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAYER_COLLECTIONS, LAYOUT_LAYERS } from '@calepin/core';
import { DEMO_PLANTS } from '@calepin/data-fixtures';
import { type TestApp, bearer, testApp } from '../../test-support/app';

let t: TestApp;
let tech: Record<string, string>;
let ground: string;

type Feature = { id: string; geometry: { coordinates: unknown }; properties: Record<string, unknown> };
type Collection = { features: Feature[]; numberReturned: number; links: { rel: string; href: string }[] };

beforeAll(async () => {
  t = await testApp();
  tech = bearer(await t.token('technician'));
  ground = (await t.db.pool.query('select id from plants where name = $1', [DEMO_PLANTS.ground.name])).rows[0].id;
});
afterAll(() => t.close());

const get = async (path: string) => {
  const response = await t.http.get(path).set(tech);
  expect(response.status, response.text).toBe(200);
  return response.body as Collection;
};
const count = async (sql: string, values: unknown[]) => Number((await t.db.pool.query(sql, values)).rows[0].count);

/** Every position of a GeoJSON geometry, at any depth. */
function positions(coordinates: unknown): [number, number][] {
  if (Array.isArray(coordinates) && typeof coordinates[0] === 'number') return [coordinates as [number, number]];
  return (coordinates as unknown[]).flatMap(positions);
}

describe('plant layout as GeoJSON', () => {
  it('every layer answers a FeatureCollection of its documented shape', async () => {
    for (const layer of LAYOUT_LAYERS) {
      const body = await get(`/api/v1/plants/${ground}/${layer}?limit=200`);
      LAYER_COLLECTIONS[layer].parse(body);
      expect([layer, body.numberReturned > 0]).toEqual([layer, true]);
    }
  });

  it('pages through all modules with next links, each exactly once, in a stable order', async () => {
    const total = await count('select count(*) from modules where plant_id = $1 and deleted_at is null', [ground]);
    expect(total).toBeGreaterThan(9000);
    const seen: string[] = [];
    let path: string | undefined = `/api/v1/plants/${ground}/modules?limit=4000`;
    while (path) {
      const body: Collection = await get(path);
      seen.push(...body.features.map((f) => f.id));
      path = body.links.find((l) => l.rel === 'next')?.href;
    }
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
    expect([...seen].sort()).toEqual(seen);
  });

  it('keeps the features that intersect a bbox, and only those', async () => {
    const { rows } = await t.db.pool.query(
      `select st_xmin(e) x0, st_ymin(e) y0, st_xmax(e) x1, st_ymax(e) y1
         from (select st_extent(geom) e from modules where plant_id = $1) s`,
      [ground],
    );
    const { x0, y0, x1, y1 } = rows[0];
    const bbox = [x0, y0, x0 + (x1 - x0) / 3, y0 + (y1 - y0) / 3];
    const body = await get(`/api/v1/plants/${ground}/modules?bbox=${bbox.join(',')}&limit=50000`);
    const expected = await count(
      'select count(*) from modules where plant_id = $1 and st_intersects(geom, st_makeenvelope($2, $3, $4, $5, 4326))',
      [ground, ...bbox],
    );
    expect(body.numberReturned).toBe(expected);
    expect(expected).toBeGreaterThan(0);
    for (const feature of body.features) {
      const xy = positions(feature.geometry.coordinates);
      const touches = xy.some(([x]) => x >= (bbox[0] as number) - 1e-5) && xy.some(([x]) => x <= (bbox[2] as number) + 1e-5);
      expect(touches).toBe(true);
    }
  });

  it('module properties carry the string, table and derived status', async () => {
    const body = await get(`/api/v1/plants/${ground}/modules?limit=50000`);
    const statuses = new Set(body.features.map((f) => f.properties.status));
    expect([...statuses].sort()).toEqual(['dead', 'inequality', 'microcracks', 'not_connected', 'ok', 'pending', 'string_open']);
    const sample = body.features[0] as Feature;
    expect(sample.properties.code).toMatch(/^S\d+-M\d+$/);
    expect(sample.properties.stringCode).toBe(String(sample.properties.code).split('-')[0]);
  });

  it('filters defects by audit', async () => {
    const { rows } = await t.db.pool.query('select id from audits where plant_id = $1', [ground]);
    const audit = rows[0].id;
    const all = await get(`/api/v1/plants/${ground}/defects`);
    const one = await get(`/api/v1/plants/${ground}/defects?audit=${audit}`);
    expect(one.features.every((f) => f.properties.auditId === audit)).toBe(true);
    expect(one.numberReturned).toBe(await count('select count(*) from defects where audit_id = $1 and deleted_at is null', [audit]));
    expect(all.numberReturned).toBeGreaterThanOrEqual(one.numberReturned);
  });

  it('refuses a malformed bbox or limit with the field named', async () => {
    for (const query of ['bbox=1,2,3', 'bbox=3,0,1,1', 'bbox=a,b,c,d', 'bbox=0,0,200,1', 'limit=0', 'limit=50001', 'after=12']) {
      const response = await t.http.get(`/api/v1/plants/${ground}/modules?${query}`).set(tech);
      expect([query, response.status]).toEqual([query, 400]);
      expect(response.body.error.field).toBe(query.split('=')[0]);
    }
  });
});
