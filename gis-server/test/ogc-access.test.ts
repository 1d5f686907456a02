// Who sees what through /ogc: Basic and Bearer, 401 for anonymous callers, and a client
// user's WFS, OGC API and exports show none of another company's features.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, DEMO_PLANTS } from '@calepin/data-fixtures';
import { bearer } from '../../test-support/app';
import { type OgcServer, basic, ogcServer, readWithGdal } from './ogc-support';

let s: OgcServer;
beforeAll(async () => {
  s = await ogcServer();
});
afterAll(() => s?.close());

describe('authentication', () => {
  it('answers 401 with a Basic challenge to anonymous callers, on WFS and OGC API', async () => {
    for (const path of ['/ogc/wfs?service=WFS&request=GetCapabilities', '/ogc/features/collections']) {
      const response = await s.t.http.get(path);
      expect(response.status).toBe(401);
      expect(response.headers['www-authenticate']).toMatch(/^Basic realm="Calepin"/);
    }
  });

  it('refuses a wrong password and accepts a Bearer token', async () => {
    const wrong = await s.t.http.get('/ogc/wfs?service=WFS&request=GetCapabilities').auth('admin@calepin.test', 'nope-nope-nope');
    expect(wrong.status).toBe(401);
    const token = await s.t.token('technician');
    const ok = await s.t.http.get('/ogc/wfs?service=WFS&request=GetCapabilities').set(bearer(token));
    expect(ok.status).toBe(200);
    // A technician reads but does not edit: no feature type offers Insert, Update or Delete.
    expect(Object.values(operations(ok.text)).every((ops) => ops === 'Query')).toBe(true);
    for (const version of ['2.0.0', '1.1.0']) {
      const manager = await s.t.http
        .get(`/ogc/wfs?service=WFS&request=GetCapabilities&version=${version}`)
        .auth('manager@calepin.test', DEMO_PASSWORD);
      // Editing per feature type (what QGIS turns its edit tools on from): layout layers only.
      expect([version, operations(manager.text)]).toEqual([
        version,
        {
          plants: 'Query', zones: 'Query Insert Update Delete', tables: 'Query Insert Update Delete',
          modules: 'Query Insert Update Delete', strings: 'Query', inverters: 'Query Insert Update Delete',
          junction_boxes: 'Query Insert Update Delete', cables: 'Query Insert Update Delete', defects: 'Query', photos: 'Query',
        },
      ]);
    }
  });
});

/** The operations each feature type of a capabilities document declares. */
function operations(xml: string): Record<string, string> {
  const types = [...xml.matchAll(/<wfs:FeatureType><wfs:Name>calepin:(\w+)<\/wfs:Name>(.*?)<\/wfs:FeatureType>/g)];
  return Object.fromEntries(
    types.map(([, name, body]) => [name, [...(body as string).matchAll(/<wfs:Operation>(\w+)<\/wfs:Operation>/g)].map((m) => m[1]).join(' ')]),
  );
}

describe('client isolation', () => {
  const client = basic('client@calepin.test');
  let own: string;
  let other: string;
  beforeAll(async () => {
    const { rows } = await s.t.db.pool.query<{ id: string; name: string }>('select id, name from plants');
    own = rows.find((r) => r.name === DEMO_PLANTS.rooftop.name)?.id as string;
    other = rows.find((r) => r.name === DEMO_PLANTS.ground.name)?.id as string;
  });

  for (const layer of ['plants', 'modules', 'strings', 'inverters', 'cables', 'defects']) {
    it(`WFS ${layer}: only the client's own plant`, async () => {
      const features = await readWithGdal(s.dir, `WFS:${s.base}/ogc/wfs`, `calepin:${layer}`, client);
      const { rows } = await s.t.db.pool.query(
        `select count(*)::int as n from ${layer} where deleted_at is null and ${layer === 'plants' ? 'id' : 'plant_id'} = $1`,
        [own],
      );
      expect(features).toHaveLength(rows[0].n);
      expect(features.every((f) => f.properties.plantId === own)).toBe(true);
    });
  }

  it('OGC API: no feature of the other company, not even by id', async () => {
    const features = await readWithGdal(s.dir, `OAPIF:${s.base}/ogc/features`, 'modules', [...client, '-oo', 'PAGE_SIZE=1000']);
    expect(features.length).toBeGreaterThan(0);
    expect(features.every((f) => f.properties.plantId === own)).toBe(true);
    const { rows } = await s.t.db.pool.query('select id from modules where plant_id = $1 limit 1', [other]);
    const response = await s.t.http.get(`/ogc/features/collections/modules/items/${rows[0].id}`).auth('client@calepin.test', DEMO_PASSWORD);
    expect(response.status).toBe(404);
  });

  it('capabilities and collections list no CRS of another company’s plants', async () => {
    // The other company's plant in UTM 31N; the client's own plant keeps Lambert-93.
    await s.t.db.pool.query('update plants set srid = 32631 where id = $1', [other]);
    const urn = 'urn:ogc:def:crs:EPSG::32631';
    for (const version of ['2.0.0', '1.1.0']) {
      const path = `/ogc/wfs?service=WFS&request=GetCapabilities&version=${version}`;
      const asClient = await s.t.http.get(path).auth('client@calepin.test', DEMO_PASSWORD);
      expect([version, asClient.status, asClient.text.includes(urn)]).toEqual([version, 200, false]);
      const asStaff = await s.t.http.get(path).auth('tech@calepin.test', DEMO_PASSWORD);
      expect([version, asStaff.text.includes(urn)]).toEqual([version, true]);
    }
    const uri = 'http://www.opengis.net/def/crs/EPSG/0/32631';
    const collections = await s.t.http.get('/ogc/features/collections').auth('client@calepin.test', DEMO_PASSWORD);
    expect(JSON.stringify(collections.body)).not.toContain(uri);
    const one = await s.t.http.get('/ogc/features/collections/modules').auth('client@calepin.test', DEMO_PASSWORD);
    expect(one.body.crs).not.toContain(uri);
    const staff = await s.t.http.get('/ogc/features/collections/modules').auth('tech@calepin.test', DEMO_PASSWORD);
    expect(staff.body.crs).toContain(uri);
  });

  it('exports: the other company’s plant is not found', async () => {
    const token = await s.t.token('client');
    const response = await s.t.http.get(`/api/v1/plants/${other}/export?format=geojson&layers=modules`).set(bearer(token));
    expect(response.status).toBe(404);
  });
});
