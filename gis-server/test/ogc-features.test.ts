// OGC API – Features read by GDAL's OAPIF driver, and its documents.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '@calepin/data-fixtures';
import { type OgcServer, basic, ogcServer, positions, readWithGdal } from './ogc-support';

let s: OgcServer;
beforeAll(async () => {
  s = await ogcServer();
});
afterAll(() => s?.close());
const admin = basic('admin@calepin.test');

describe('OGC API – Features', () => {
  it('GDAL reads every module through rel=next pages, with the database values', async () => {
    s.requests.length = 0;
    const features = await readWithGdal(s.dir, `OAPIF:${s.base}/ogc/features`, 'modules', [...admin, '-oo', 'PAGE_SIZE=2000']);
    const { rows } = await s.t.db.pool.query<{ id: string; code: string; x: number }>(
      'select id, code, st_x(st_pointn(st_exteriorring(geom), 1)) x from modules where deleted_at is null order by id',
    );
    expect(features).toHaveLength(rows.length);
    // Deep pages by keyset (after=<last id>), never by an ever larger offset.
    expect(s.requests.filter((r) => r.includes('/items') && r.includes('after=')).length).toBeGreaterThan(3);
    expect(s.requests.filter((r) => r.includes('/items') && /offset=[1-9]/.test(r))).toEqual([]);
    const byId = new Map(features.map((f) => [String(f.properties.id ?? f.id), f]));
    const sample = rows[123] as { id: string; code: string; x: number };
    const feature = byId.get(sample.id) ?? features.find((f) => f.properties.code === sample.code);
    expect(feature?.properties.code).toBe(sample.code);
    expect((positions(feature?.geometry?.coordinates)[0] as [number, number])[0]).toBeCloseTo(sample.x, 7);
  });

  it('serves the landing page, conformance (with Part 2 crs), collections and the OpenAPI document', async () => {
    const get = (path: string) => s.t.http.get(`/ogc/features${path}`).auth('admin@calepin.test', DEMO_PASSWORD);
    const landing = await get('');
    expect(landing.body.links.map((l: { rel: string }) => l.rel)).toEqual(expect.arrayContaining(['service-desc', 'conformance', 'data']));
    const conformance = await get('/conformance');
    expect(conformance.body.conformsTo).toContain('http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs');
    const collections = await get('/collections');
    expect(collections.body.collections.map((c: { id: string }) => c.id)).toEqual(
      expect.arrayContaining(['plants', 'tables', 'modules', 'strings', 'inverters', 'junction_boxes', 'cables', 'defects', 'photos']),
    );
    const api = await get('/api');
    expect(JSON.parse(api.text).openapi).toBe('3.0.3');
  });

  it('filters by property and bbox, pages with next links, reprojects with crs=', async () => {
    const auth = (r: ReturnType<typeof s.t.http.get>) => r.auth('admin@calepin.test', DEMO_PASSWORD);
    const page = await auth(s.t.http.get('/ogc/features/collections/modules/items?status=ok&limit=50'));
    expect(page.status).toBe(200);
    const { rows } = await s.t.db.pool.query("select count(*)::int n from modules where status = 'ok' and deleted_at is null");
    expect(page.body.numberMatched).toBe(rows[0].n);
    expect(page.body.features).toHaveLength(50);
    const next = new URL(page.body.links.find((l: { rel: string }) => l.rel === 'next').href);
    expect(next.searchParams.get('after')).toBe(page.body.features[49].id);
    expect(next.searchParams.get('status')).toBe('ok');
    const second = await auth(s.t.http.get(`${next.pathname}${next.search}`));
    expect(second.body.numberMatched).toBe(rows[0].n);
    expect(second.body.features[0].id > page.body.features[49].id).toBe(true);
    // The same page by offset.
    const byOffset = await auth(s.t.http.get('/ogc/features/collections/modules/items?status=ok&limit=50&offset=50'));
    expect(byOffset.body.features.map((f: { id: string }) => f.id)).toEqual(second.body.features.map((f: { id: string }) => f.id));
    expect(byOffset.body.links.map((l: { rel: string }) => l.rel)).toEqual(['self', 'prev', 'next']);
    // The last page has no next link.
    const last = await auth(s.t.http.get(`/ogc/features/collections/modules/items?status=ok&limit=50&offset=${rows[0].n - 10}`));
    expect(last.body.numberReturned).toBe(10);
    expect(last.body.links.map((l: { rel: string }) => l.rel)).toEqual(['self', 'prev']);
    const badCursor = await auth(s.t.http.get('/ogc/features/collections/modules/items?after=42'));
    expect(badCursor.status).toBe(400);

    const one = page.body.features[0];
    const lambert = await auth(
      s.t.http.get(`/ogc/features/collections/modules/items/${one.id}?crs=${encodeURIComponent('http://www.opengis.net/def/crs/EPSG/0/2154')}`),
    );
    expect(lambert.headers['content-crs']).toBe('<http://www.opengis.net/def/crs/EPSG/0/2154>');
    const db = await s.t.db.pool.query(
      'select st_x(p) x, st_y(p) y from (select st_transform(st_pointn(st_exteriorring(geom), 1), 2154) p from modules where id = $1) s',
      [one.id],
    );
    const [x, y] = positions(lambert.body.geometry.coordinates)[0] as [number, number];
    expect(x).toBeCloseTo(db.rows[0].x, 2);
    expect(y).toBeCloseTo(db.rows[0].y, 2);

    const [lon, lat] = positions(one.geometry.coordinates)[0] as [number, number];
    const d = 0.00002;
    const box = await auth(s.t.http.get(`/ogc/features/collections/modules/items?bbox=${[lon - d, lat - d, lon + d, lat + d].join(',')}`));
    expect(box.body.features.map((f: { id: string }) => f.id)).toContain(one.id);
    expect(box.body.numberMatched).toBeLessThan(20);
  });
});
