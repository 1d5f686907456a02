import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Plant } from '@calepin/core';
import { type TestApp, bearer, testApp } from '../../test-support/app';

let t: TestApp;
let manager: Record<string, string>;
let clientId: string;

// A field of about 200 × 100 m near Toulouse, in EPSG:4326 and in Lambert-93.
const FIELD = [[1.30, 43.50], [1.3025, 43.50], [1.3025, 43.501], [1.30, 43.501], [1.30, 43.50]];
const FIELD_L93 = [[560000, 6270000], [560200, 6270000], [560200, 6270100], [560000, 6270100], [560000, 6270000]];
const polygon = (ring: number[][]) => ({ type: 'Polygon', coordinates: [ring] });

beforeAll(async () => {
  t = await testApp();
  manager = bearer(await t.token('manager'));
  const created = await t.http.post('/api/v1/clients').set(manager).send({ name: 'Plants Test Client' });
  clientId = created.body.id;
});
afterAll(() => t.close());

const create = (body: object, headers: Record<string, string> = {}) =>
  t.http.post('/api/v1/plants').set(manager).set(headers).send({ clientId, name: `P ${randomUUID().slice(0, 8)}`, ...body });
const plantCount = async () => Number((await t.db.pool.query('select count(*) from plants')).rows[0].count);

/** GDAL, independent of PostGIS, says where a Lambert-93 point is in lon/lat. */
function gdalLonLat(x: number, y: number): [number, number] {
  const out = execFileSync('gdaltransform', ['-s_srs', 'EPSG:2154', '-t_srs', 'EPSG:4326', '-output_xy'], { input: `${x} ${y}\n` });
  const [lon, lat] = out.toString().trim().split(/\s+/).map(Number);
  return [lon as number, lat as number];
}

describe('creating a plant', () => {
  it('stores a boundary, derives its location and suggests Lambert-93 in France', async () => {
    const response = await create({ boundary: polygon(FIELD), peakKwp: 4980.5, commissioningDate: '2021-06-30' });
    expect(response.status, response.text).toBe(201);
    const plant = Plant.parse(response.body);
    expect(plant.srid).toBe(2154);
    expect(plant.boundary?.type).toBe('MultiPolygon');
    expect(plant.boundary?.coordinates[0]?.[0]).toEqual(FIELD);
    expect(plant.bbox).toEqual([1.3, 43.5, 1.3025, 43.501]);
    const [lon, lat] = plant.location?.coordinates as number[];
    expect(lon).toBeGreaterThan(1.3);
    expect(lat).toBeLessThan(43.501);
    expect(plant).toMatchObject({ peakKwp: 4980.5, commissioningDate: '2021-06-30', moduleCount: 0, clientName: 'Plants Test Client' });
  });

  it('suggests the UTM zone outside France', async () => {
    const morocco = await create({ location: { type: 'Point', coordinates: [-7.6, 33.5] } });
    expect(morocco.body.srid).toBe(32629);
    const chile = await create({ location: { type: 'Point', coordinates: [-70.6, -33.4] } });
    expect(chile.body.srid).toBe(32719);
  });

  it('reprojects a boundary given in Lambert-93, wherever the CRS is declared', async () => {
    const expected = FIELD_L93.map(([x, y]) => gdalLonLat(x as number, y as number));
    const bodies = [
      { crs: 'EPSG:2154', boundary: polygon(FIELD_L93) },
      { boundary: { ...polygon(FIELD_L93), crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::2154' } } } },
      { crs: 'http://www.opengis.net/def/crs/EPSG/0/2154', boundary: polygon(FIELD_L93) },
    ];
    for (const body of bodies) {
      const response = await create(body);
      expect(response.status, response.text).toBe(201);
      const ring = response.body.boundary.coordinates[0][0] as number[][];
      ring.forEach(([lon, lat], i) => {
        const [elon, elat] = expected[i] as [number, number];
        // 1e-7° is about a centimetre.
        expect(Math.abs((lon as number) - elon)).toBeLessThan(1e-7);
        expect(Math.abs((lat as number) - elat)).toBeLessThan(1e-7);
      });
    }
  });
});

describe('refusing bad geometry, saying where and why, writing nothing', () => {
  const cases: [string, object, number, string, string][] = [
    ['an open ring', { boundary: polygon(FIELD.slice(0, 4)) }, 400, 'validation_failed', 'boundary.coordinates.0'],
    ['a ring of 3 positions', { boundary: polygon([[1, 43], [1.1, 43], [1, 43]]) }, 400, 'validation_failed', 'boundary.coordinates.0'],
    ['a self-intersecting polygon', { boundary: polygon([[1.30, 43.50], [1.31, 43.51], [1.31, 43.50], [1.30, 43.51], [1.30, 43.50]]) }, 400, 'geometry_invalid', 'boundary'],
    ['a longitude of 200°', { location: { type: 'Point', coordinates: [200, 43] } }, 400, 'geometry_out_of_bounds', 'location'],
    ['a latitude of 89° (beyond Web Mercator)', { location: { type: 'Point', coordinates: [1, 89] } }, 400, 'geometry_out_of_bounds', 'location'],
    ['a non-numeric coordinate', { location: { type: 'Point', coordinates: [1, 'x'] } }, 400, 'validation_failed', 'location.coordinates.1'],
    ['a line where an area is expected', { boundary: { type: 'LineString', coordinates: [[1, 43], [1.1, 43]] } }, 400, 'validation_failed', 'boundary.type'],
    ['an unknown CRS', { crs: 'EPSG:999999', location: { type: 'Point', coordinates: [1, 43] } }, 400, 'crs_unknown', 'crs'],
    ['a CRS that is not EPSG', { crs: 'WGS84-ish', location: { type: 'Point', coordinates: [1, 43] } }, 400, 'crs_unknown', 'crs'],
    ['two different CRSs', { crs: 'EPSG:2154', boundary: { ...polygon(FIELD_L93), crs: { type: 'name', properties: { name: 'EPSG:32631' } } } }, 400, 'crs_conflict', 'boundary.crs'],
    ['degrees declared as Lambert-93', { crs: 'EPSG:2154', location: { type: 'Point', coordinates: [1.3, 43.5] } }, 400, 'geometry_outside_crs', 'location'],
    ['Lambert-93 coordinates declared as British National Grid', { crs: 'EPSG:27700', boundary: polygon(FIELD_L93) }, 400, 'geometry_outside_crs', 'boundary'],
    ['a geographic srid', { srid: 4326, location: { type: 'Point', coordinates: [1, 43] } }, 400, 'srid_not_projected', 'srid'],
    ['an unknown srid', { srid: 999999, location: { type: 'Point', coordinates: [1, 43] } }, 400, 'srid_unknown', 'srid'],
    ['no srid and nowhere to suggest it from', {}, 400, 'srid_missing', 'srid'],
    ['an unknown client', { clientId: randomUUID(), location: { type: 'Point', coordinates: [1, 43] } }, 400, 'reference_missing', 'clientId'],
  ];
  for (const [what, body, status, code, field] of cases) {
    it(what, async () => {
      const before = await plantCount();
      const response = await create(body);
      expect(response.status, response.text).toBe(status);
      expect(response.body.error).toMatchObject({ code, field });
      expect(response.body.error.message.startsWith(`${field}: `)).toBe(true);
      expect(await plantCount()).toBe(before);
    });
  }

  it('says why a polygon is invalid, from PostGIS', async () => {
    const response = await create({ boundary: polygon([[1.30, 43.50], [1.31, 43.51], [1.31, 43.50], [1.30, 43.51], [1.30, 43.50]]) });
    expect(response.body.error.message).toMatch(/^boundary: is not a valid geometry: Self-intersection\[1\.305 43\.505/);
  });
});

describe('changing and archiving a plant', () => {
  it('patches fields and geometry, keeps the srid, clears the boundary with null', async () => {
    const { body: plant } = await create({ boundary: polygon(FIELD) });
    const moved = await t.http.patch(`/api/v1/plants/${plant.id}`).set(manager).send({ name: 'Renamed', crs: 'EPSG:2154', boundary: polygon(FIELD_L93) });
    expect(moved.status, moved.text).toBe(200);
    expect(moved.body).toMatchObject({ name: 'Renamed', srid: 2154 });
    expect(moved.body.revision).toBeGreaterThan(plant.revision);
    const cleared = await t.http.patch(`/api/v1/plants/${plant.id}`).set(manager).send({ boundary: null });
    expect(cleared.body.boundary).toBeNull();
    expect(cleared.body.location).toEqual(plant.location);
  });

  it('keeps the specific yield a report values losses with (issue 18), refused out of range with the field named', async () => {
    const { body: plant } = await create({ boundary: polygon(FIELD) });
    expect(plant.specificYieldKwhPerKwp).toBeNull();
    const set = await t.http.patch(`/api/v1/plants/${plant.id}`).set(manager).send({ specificYieldKwhPerKwp: 1350.5 });
    expect(set.status, set.text).toBe(200);
    expect(set.body.specificYieldKwhPerKwp).toBe(1350.5);
    for (const wrong of [0, -5, 3000, 'much']) {
      const refused = await t.http.patch(`/api/v1/plants/${plant.id}`).set(manager).send({ specificYieldKwhPerKwp: wrong });
      expect([wrong, refused.status, refused.body.error.field]).toEqual([wrong, 400, 'specificYieldKwhPerKwp']);
    }
    const cleared = await t.http.patch(`/api/v1/plants/${plant.id}`).set(manager).send({ specificYieldKwhPerKwp: null });
    expect(cleared.body.specificYieldKwhPerKwp).toBeNull();
  });

  it('leaves the plant untouched when a patch is refused', async () => {
    const { body: plant } = await create({ boundary: polygon(FIELD) });
    const refused = await t.http.patch(`/api/v1/plants/${plant.id}`).set(manager).send({ name: 'Half', srid: 4326 });
    expect(refused.status).toBe(400);
    const after = await t.http.get(`/api/v1/plants/${plant.id}`).set(manager);
    expect(after.body).toEqual(plant);
  });

  it('archives: gone from reads and lists; the client can then be archived', async () => {
    const client = await t.http.post('/api/v1/clients').set(manager).send({ name: 'Short-lived client' });
    const { body: plant } = await t.http
      .post('/api/v1/plants')
      .set(manager)
      .send({ clientId: client.body.id, name: 'Short-lived plant', location: { type: 'Point', coordinates: [2, 45] } });
    const blocked = await t.http.delete(`/api/v1/clients/${client.body.id}`).set(manager);
    expect(blocked.status).toBe(409);
    expect(blocked.body.error.code).toBe('client_has_plants');
    expect((await t.http.delete(`/api/v1/plants/${plant.id}`).set(manager)).status).toBe(204);
    expect((await t.http.get(`/api/v1/plants/${plant.id}`).set(manager)).status).toBe(404);
    expect((await t.http.delete(`/api/v1/plants/${plant.id}`).set(manager)).status).toBe(404);
    expect((await t.http.delete(`/api/v1/clients/${client.body.id}`).set(manager)).status).toBe(204);
    const list = await t.http.get('/api/v1/clients?q=Short-lived').set(manager);
    expect(list.body.total).toBe(0);
  });

  it('lists with search and paging', async () => {
    const page1 = await t.http.get(`/api/v1/plants?clientId=${clientId}&limit=2`).set(manager);
    const page2 = await t.http.get(`/api/v1/plants?clientId=${clientId}&limit=2&offset=2`).set(manager);
    expect(page1.body.items).toHaveLength(2);
    expect(page1.body.total).toBeGreaterThan(2);
    expect(page2.body.total).toBe(page1.body.total);
    expect(page2.body.items[0].id).not.toBe(page1.body.items[0].id);
    page1.body.items.forEach((p: unknown) => Plant.parse(p));
  });
});
