// WFS 2.0.0 and 1.1.0 read by GDAL's WFS driver, compared with the database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PLANTS } from '@calepin/data-fixtures';
import { type OgcServer, basic, ogcServer, positions, readWithGdal } from './ogc-support';

let s: OgcServer;
const admin = basic('admin@calepin.test');
const query = async <T = Record<string, unknown>>(sql: string, values: unknown[] = []) =>
  (await s.t.db.pool.query(sql, values)).rows as T[];

const count = async (sql: string, values: unknown[] = []) => (await query<{ n: number }>(sql, values))[0] as { n: number };

beforeAll(async () => {
  s = await ogcServer();
});
afterAll(() => s?.close());

const LAYER_TABLES: Record<string, string> = {
  plants: 'plants',
  zones: 'zones',
  tables: 'tables',
  modules: 'modules',
  strings: 'strings',
  inverters: 'inverters',
  junction_boxes: 'junction_boxes',
  cables: 'cables',
  defects: 'defects',
};

describe('WFS read by GDAL', () => {
  it('2.0.0: every layer has the database count, paged by STARTINDEX/COUNT', async () => {
    for (const [layer, table] of Object.entries(LAYER_TABLES)) {
      s.requests.length = 0;
      const features = await readWithGdal(s.dir, `WFS:${s.base}/ogc/wfs`, `calepin:${layer}`, [
        ...admin,
        '--config', 'OGR_WFS_PAGE_SIZE', '1000',
      ]);
      const { n } = await count(`select count(*)::int as n from ${table} where deleted_at is null`);
      expect([layer, features.length]).toEqual([layer, n]);
      const pages = s.requests.filter((r) => /GetFeature/i.test(r) && /STARTINDEX/i.test(r)).length;
      expect([layer, pages]).toEqual([layer, Math.max(1, Math.ceil(n / 1000) + (n % 1000 === 0 ? 1 : 0))]);
    }
  });

  it('2.0.0: attribute values and lon/lat coordinates equal the database', async () => {
    const features = await readWithGdal(s.dir, `WFS:${s.base}/ogc/wfs`, 'calepin:modules', [...admin, '-where', "code = 'S1-M1'"]);
    const rows = await query<{ code: string; plant: string; status: string; tilt: number; x: number; y: number }>(
      `select m.code, p.name as plant, m.status, m.tilt_deg::float8 as tilt, st_x(st_pointn(st_exteriorring(m.geom), 1)) as x,
              st_y(st_pointn(st_exteriorring(m.geom), 1)) as y, m.plant_id::text as "plantId"
         from modules m join plants p on p.id = m.plant_id where m.code = 'S1-M1' and m.deleted_at is null order by m.id`,
    );
    expect(features).toHaveLength(rows.length);
    for (const [i, row] of rows.entries()) {
      const f = features[i] as (typeof features)[number];
      expect(f.properties.code).toBe(row.code);
      expect(f.properties.status).toBe(row.status);
      expect(f.properties.tiltDeg).toBe(row.tilt);
      const [x, y] = positions(f.geometry?.coordinates)[0] as [number, number];
      expect(x).toBeCloseTo(row.x, 7);
      expect(y).toBeCloseTo(row.y, 7);
    }
  });

  it('1.1.0 with paging reads every module', async () => {
    s.requests.length = 0;
    const features = await readWithGdal(s.dir, `WFS:${s.base}/ogc/wfs?VERSION=1.1.0`, 'calepin:modules', [
      ...admin,
      '--config', 'OGR_WFS_PAGING_ALLOWED', 'ON',
      '--config', 'OGR_WFS_PAGE_SIZE', '2000',
    ]);
    const { n } = await count('select count(*)::int as n from modules where deleted_at is null');
    expect(features).toHaveLength(n);
    expect(new Set(features.map((f) => f.properties.gml_id)).size).toBe(n);
    expect(s.requests.filter((r) => /GetFeature/i.test(r) && /VERSION=1\.1\.0/i.test(r)).length).toBeGreaterThan(3);
  });

  it('pushes a BBOX and an attribute filter to the server, with the right result', async () => {
    const [box] = await query<{ x0: number; y0: number; x1: number; y1: number }>(
      `select st_xmin(e) x0, st_ymin(e) y0, st_xmax(e) x1, st_ymax(e) y1
         from (select st_extent(geom) e from modules m join plants p on p.id = m.plant_id where p.name = $1) s`,
      [DEMO_PLANTS.ground.name],
    );
    const b = box as { x0: number; y0: number; x1: number; y1: number };
    const bbox = [b.x0, b.y0, b.x0 + (b.x1 - b.x0) / 3, b.y0 + (b.y1 - b.y0) / 3];
    s.requests.length = 0;
    const features = await readWithGdal(s.dir, `WFS:${s.base}/ogc/wfs`, 'calepin:modules', [
      ...admin,
      '-spat', ...bbox.map(String),
      '-where', "status <> 'ok'",
    ]);
    const { n } = await count(
      `select count(*)::int as n from modules where deleted_at is null and status <> 'ok'
          and st_intersects(geom, st_makeenvelope($1, $2, $3, $4, 4326))`,
      bbox,
    );
    expect(n).toBeGreaterThan(0);
    expect(features).toHaveLength(n);
    expect(s.requests.some((r) => /FILTER=/i.test(r))).toBe(true);
  });
});

describe('SRSNAME and axis order', () => {
  let moduleId: string;
  let fid: string;
  beforeAll(async () => {
    const [row] = await query<{ id: string }>("select id from modules where code = 'S1-M1' and deleted_at is null order by id limit 1");
    moduleId = (row as { id: string }).id;
    const response = await s.t.http
      .get(`/ogc/wfs?service=WFS&version=2.0.0&request=GetFeature&typeNames=calepin:modules&count=1&filter=${encodeURIComponent(
        `<fes:Filter xmlns:fes="http://www.opengis.net/fes/2.0"><fes:PropertyIsEqualTo><fes:ValueReference>code</fes:ValueReference><fes:Literal>S1-M1</fes:Literal></fes:PropertyIsEqualTo></fes:Filter>`,
      )}`)
      .auth('admin@calepin.test', 'calepin-demo');
    fid = /gml:id="(modules\.\d+)"/.exec(response.text)?.[1] as string;
  });

  const firstPosition = async (version: string, srsName: string) => {
    const response = await s.t.http
      .get('/ogc/wfs')
      .query({ service: 'WFS', version, request: 'GetFeature', typeName: 'calepin:modules', resourceId: fid, featureId: fid, srsName })
      .auth('admin@calepin.test', 'calepin-demo');
    expect(response.status, response.text).toBe(200);
    expect(response.text).toContain(`srsName="${srsName}"`);
    const list = /<gml:posList>([^<]+)</.exec(response.text)?.[1] as string;
    return list.split(' ').slice(0, 2).map(Number) as [number, number];
  };

  const dbPosition = async (srid: number) => {
    const [row] = await query<{ x: number; y: number }>(
      'select st_x(p) x, st_y(p) y from (select st_transform(st_pointn(st_exteriorring(geom), 1), $2::int) p from modules where id = $1) s',
      [moduleId, srid],
    );
    return row as { x: number; y: number };
  };

  const cases: [version: string, srsName: string, srid: number, latFirst: boolean][] = [
    ['2.0.0', 'urn:ogc:def:crs:EPSG::4326', 4326, true],
    ['2.0.0', 'http://www.opengis.net/def/crs/EPSG/0/4326', 4326, true],
    ['2.0.0', 'EPSG:4326', 4326, false],
    ['1.1.0', 'urn:ogc:def:crs:EPSG::4326', 4326, true],
    ['1.1.0', 'EPSG:4326', 4326, false],
    ['2.0.0', 'EPSG:3857', 3857, false],
    ['2.0.0', 'urn:ogc:def:crs:EPSG::2154', 2154, false],
    ['1.1.0', 'EPSG:2154', 2154, false],
  ];
  for (const [version, srsName, srid, latFirst] of cases) {
    it(`${version} ${srsName}: ${latFirst ? 'latitude' : 'x'} first`, async () => {
      const [a, b] = await firstPosition(version, srsName);
      const { x, y } = await dbPosition(srid);
      const digits = srid === 4326 ? 7 : 2;
      expect(latFirst ? b : a).toBeCloseTo(x, digits);
      expect(latFirst ? a : b).toBeCloseTo(y, digits);
    });
  }

  it('resultType=hits counts without features', async () => {
    const response = await s.t.http
      .get('/ogc/wfs?service=WFS&version=2.0.0&request=GetFeature&typeNames=calepin:modules&resultType=hits')
      .auth('admin@calepin.test', 'calepin-demo');
    const { n } = await count('select count(*)::int as n from modules where deleted_at is null');
    expect(response.text).toContain(`numberMatched="${n}"`);
    expect(response.text).toContain('numberReturned="0"');
    expect(response.text).not.toContain('wfs:member');
  });
});
