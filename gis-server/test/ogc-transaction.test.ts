// WFS-T through GDAL's own WFS driver (the Python bindings), in WFS 2.0.0 (its default:
// a version="2.0.0" document that expects a 2.0 answer) and 1.1.0, read back through the
// same driver and in the database.
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, DEMO_PLANTS } from '@calepin/data-fixtures';
import { type OgcServer, ogcServer } from './ogc-support';

const run = promisify(execFile);
let s: OgcServer;

beforeAll(async () => {
  s = await ogcServer();
});
afterAll(() => s?.close());

const SCRIPT = `
import sys, json
from osgeo import ogr, gdal
gdal.UseExceptions()
url, user, wkt, code = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
gdal.SetConfigOption('GDAL_HTTP_USERPWD', user)
gdal.SetConfigOption('GDAL_HTTP_AUTH', 'BASIC')
ds = ogr.Open('WFS:' + url, update=1)
lyr = ds.GetLayerByName('calepin:modules')
out = {}
f = ogr.Feature(lyr.GetLayerDefn())
f.SetField('code', code)
f.SetGeometry(ogr.CreateGeometryFromWkt(wkt))
lyr.CreateFeature(f)
out['inserted'] = f.GetField('gml_id')
lyr.SetAttributeFilter("code = '" + code + "'")
g = lyr.GetNextFeature()
out['readBack'] = g.GetField('gml_id')
g.SetField('tiltDeg', 33.5)
lyr.SetFeature(g)
lyr.ResetReading()
h = lyr.GetNextFeature()
out['tilt'] = h.GetField('tiltDeg')
h.SetField('status', 'dead')
gdal.PushErrorHandler('CPLQuietErrorHandler')
out['statusChange'] = lyr.SetFeature(h)
gdal.PopErrorHandler()
lyr.DeleteFeature(g.GetFID())
lyr.ResetReading()
out['afterDelete'] = lyr.GetFeatureCount()
print(json.dumps(out))
`;

describe.each([
  ['2.0.0 (default)', '', 'GDAL-20'],
  ['1.1.0', '?VERSION=1.1.0', 'GDAL-110'],
])('WFS-T through the GDAL WFS driver, %s', (_version, query, code) => {
  it('inserts (and reports the new id), updates and deletes a module; a status change is refused; the database agrees', async () => {
    const [plant] = (
      await s.t.db.pool.query<{ id: string; wkt: string }>(
        `select id, st_astext(st_envelope(st_buffer(st_pointonsurface(boundary)::geography, 0.5)::geometry)) as wkt
           from plants where name = $1`,
        [DEMO_PLANTS.rooftop.name],
      )
    ).rows;
    const script = join(s.dir, 'wfst.py');
    await writeFile(script, SCRIPT);
    const { stdout } = await run('/usr/bin/python3', [script, `${s.base}/ogc/wfs${query}`, `manager@calepin.test:${DEMO_PASSWORD}`, plant?.wkt as string, code]);
    const out = JSON.parse(stdout.trim().split('\n').pop() as string);
    expect(out.inserted).toMatch(/^modules\.\d+$/);
    expect(out.readBack).toBe(out.inserted);
    expect(out.tilt).toBe(33.5);
    // OGRERR_FAILURE (GDAL reports the 400, not the ExceptionReport's text; QGIS shows the text).
    expect(out.statusChange).toBe(6);
    expect(out.afterDelete).toBe(0);
    const { rows } = await s.t.db.pool.query(
      `select plant_id as "plantId", tilt_deg::float8 as tilt, status, deleted_at is not null as deleted from modules where code = $1`,
      [code],
    );
    // Placed on the rooftop plant by its geometry, tilted by the update, soft-deleted.
    expect(rows).toEqual([{ plantId: plant?.id, tilt: 33.5, status: 'pending', deleted: true }]);
  });
});

describe('WFS-T documents', () => {
  const post = (user: string, body: string) =>
    s.t.http.post('/ogc/wfs').set('content-type', 'text/xml').auth(user, DEMO_PASSWORD).send(body);

  const insertDoc = (posList: string, srsName = 'urn:ogc:def:crs:EPSG::4326') => `<?xml version="1.0"?>
<wfs:Transaction xmlns:wfs="http://www.opengis.net/wfs" xmlns:gml="http://www.opengis.net/gml" service="WFS" version="1.1.0">
  <wfs:Insert><feature:inverters xmlns:feature="https://calepin.app/ogc"><feature:code>INV-WFS</feature:code>
    <feature:geom><gml:Point srsName="${srsName}"><gml:pos>${posList}</gml:pos></gml:Point></feature:geom>
  </feature:inverters></wfs:Insert></wfs:Transaction>`;

  it('a GML2 MultiPolygon with gml:coordinates becomes one polygon module', async () => {
    const { rows } = await s.t.db.pool.query<{ x: number; y: number }>(
      `select st_x(p) x, st_y(p) y from (select st_pointonsurface(boundary) p from plants where name = $1) s`,
      [DEMO_PLANTS.ground.name],
    );
    const { x, y } = rows[0] as { x: number; y: number };
    const d = 0.00001;
    const ring = [[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]].map(([a, b]) => `${a},${b}`).join(' ');
    const body = `<wfs:Transaction xmlns:wfs="http://www.opengis.net/wfs" xmlns:gml="http://www.opengis.net/gml" service="WFS" version="1.1.0">
      <wfs:Insert><c:modules xmlns:c="https://calepin.app/ogc"><c:code>GML2-1</c:code><c:geom>
        <gml:MultiPolygon srsName="EPSG:4326"><gml:polygonMember><gml:Polygon><gml:outerBoundaryIs><gml:LinearRing>
          <gml:coordinates>${ring}</gml:coordinates></gml:LinearRing></gml:outerBoundaryIs></gml:Polygon></gml:polygonMember></gml:MultiPolygon>
      </c:geom></c:modules></wfs:Insert></wfs:Transaction>`;
    const response = await post('admin@calepin.test', body);
    expect(response.status, response.text).toBe(200);
    expect(response.text).toContain('<wfs:totalInserted>1</wfs:totalInserted>');
    expect(response.text).toMatch(/<ogc:FeatureId fid="modules\.\d+"\/>/);
    const saved = await s.t.db.pool.query(`select geometrytype(geom) t, st_x(st_pointn(st_exteriorring(geom), 1)) x from modules where code = 'GML2-1'`);
    expect(saved.rows[0].t).toBe('POLYGON');
    expect(saved.rows[0].x).toBeCloseTo(x, 9);
  });

  it('refuses a technician (403) and an invalid geometry (400), with an ExceptionReport', async () => {
    const tech = await post('tech@calepin.test', insertDoc('43.98671 1.35530'));
    expect(tech.status).toBe(403);
    expect(tech.text).toContain('ows:ExceptionReport');
    // Lambert-93 coordinates declared as degrees: outside the world → refused, nothing written.
    const wrong = await post('admin@calepin.test', insertDoc('6268900 553700'));
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain('exceptionCode="InvalidParameterValue"');
    const { rowCount } = await s.t.db.pool.query("select 1 from inverters where code = 'INV-WFS'");
    expect(rowCount).toBe(0);
  });

  it('refuses edits of a read-only layer', async () => {
    const body = `<wfs:Transaction xmlns:wfs="http://www.opengis.net/wfs" service="WFS" version="1.1.0" xmlns:ogc="http://www.opengis.net/ogc">
      <wfs:Delete typeName="calepin:defects" xmlns:calepin="https://calepin.app/ogc"><ogc:Filter><ogc:FeatureId fid="defects.1"/></ogc:Filter></wfs:Delete></wfs:Transaction>`;
    const response = await post('admin@calepin.test', body);
    expect(response.status).toBe(400);
    expect(response.text).toContain('locator="typeName"');
  });
});
