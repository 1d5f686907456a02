// Exports written by GDAL, re-read by GDAL (ogrinfo/ogr2ogr): they equal the database.
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PLANTS } from '@calepin/data-fixtures';
import { bearer } from '../../test-support/app';
import { type OgcServer, gdal, ogcServer, positions, readWithGdal } from './ogc-support';

const run = promisify(execFile);
let s: OgcServer;
let plant: string;
let headers: Record<string, string>;

beforeAll(async () => {
  s = await ogcServer();
  plant = (await s.t.db.pool.query('select id from plants where name = $1', [DEMO_PLANTS.rooftop.name])).rows[0].id;
  headers = bearer(await s.t.token('technician'));
});
afterAll(() => s?.close());

async function download(query: string, name: string): Promise<string> {
  const response = await s.t.http
    .get(`/api/v1/plants/${plant}/export?${query}`)
    .set(headers)
    .buffer(true)
    .parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
  expect(response.status, String(response.body)).toBe(200);
  const path = join(s.dir, name);
  await writeFile(path, response.body as Buffer);
  return path;
}

const dbModules = async (srid: number) =>
  (
    await s.t.db.pool.query<{ code: string; x: number; y: number }>(
      `select code, st_x(p) x, st_y(p) y
         from (select code, st_transform(st_pointn(st_exteriorring(geom), 1), $2::int) p from modules
                where plant_id = $1 and deleted_at is null) s order by code`,
      [plant, srid],
    )
  ).rows;

function expectSameModules(features: { properties: Record<string, unknown>; geometry: { coordinates: unknown } | null }[], rows: { code: string; x: number; y: number }[], digits: number) {
  const sorted = [...features].sort((a, b) => String(a.properties.code).localeCompare(String(b.properties.code)));
  expect(sorted.map((f) => f.properties.code)).toEqual(rows.map((r) => r.code));
  for (const [i, row] of rows.entries()) {
    const [x, y] = positions(sorted[i]?.geometry?.coordinates)[0] as [number, number];
    expect(x).toBeCloseTo(row.x, digits);
    expect(y).toBeCloseTo(row.y, digits);
  }
}

describe('exports through GDAL', () => {
  it('GeoPackage of the whole plant in Lambert-93: valid, every layer, the database values', async () => {
    const path = await download('format=gpkg&crs=EPSG:2154', 'plant.gpkg');
    await run('/usr/bin/python3', ['/usr/share/doc/python3-gdal/examples/validate_gpkg.py', path]);
    const info = await gdal('ogrinfo', ['-ro', '-so', path, 'modules']);
    expect(info).toContain('Geometry: Polygon');
    expect(info).toContain('Lambert-93');
    expectSameModules(await readWithGdal(s.dir, path, 'modules', []), await dbModules(2154), 2);
    const layers = await gdal('ogrinfo', ['-ro', '-q', path]);
    for (const layer of ['plants', 'zones', 'tables', 'modules', 'strings', 'inverters', 'junction_boxes', 'cables', 'defects', 'photos']) {
      expect(layers).toContain(`: ${layer} (`);
    }
  });

  it('GeoJSON of one layer in EPSG:4326', async () => {
    const path = await download('format=geojson&layers=modules', 'modules.geojson');
    expectSameModules(await readWithGdal(s.dir, path, null, []), await dbModules(4326), 7);
  });

  it('zipped Shapefiles, KML, CSV (zip of files) and DXF of several layers re-read by GDAL', async () => {
    const shp = await download('format=shp&layers=modules,tables&crs=EPSG:2154', 'plant.shp.zip');
    expectSameModules(await readWithGdal(s.dir, shp, 'modules', []), await dbModules(2154), 2);
    const kml = await download('format=kml&layers=modules,inverters', 'plant.kml');
    const kmlModules = await readWithGdal(s.dir, kml, 'modules', []);
    expect(kmlModules).toHaveLength((await dbModules(4326)).length);
    const csv = await download('format=csv&layers=modules,cables&crs=EPSG:2154', 'plant.csv.zip');
    const csvModules = await readWithGdal(s.dir, `/vsizip/${csv}/modules.csv`, null, ['-oo', 'GEOM_POSSIBLE_NAMES=WKT', '-oo', 'KEEP_GEOM_COLUMNS=NO']);
    expectSameModules(csvModules, await dbModules(2154), 2);
    const dxf = await download('format=dxf&layers=modules', 'plant.dxf');
    const entities = await readWithGdal(s.dir, dxf, 'entities', []);
    expect(entities.length).toBe((await dbModules(2154)).length);
    expect(entities.every((e) => e.properties.Layer === 'modules')).toBe(true);
  });

  it('refuses an unknown CRS or layer with a 400', async () => {
    for (const query of ['crs=EPSG:999999', 'layers=unicorns', 'format=pdf']) {
      const response = await s.t.http.get(`/api/v1/plants/${plant}/export?${query}`).set(headers);
      expect([query, response.status]).toEqual([query, 400]);
    }
  });
});
