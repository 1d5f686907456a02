import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PLANTS } from '@calepin/data-fixtures';
import { type TestApp, bearer, testApp } from '../../test-support/app';

let t: TestApp;
let ground: string;
const dir = mkdtempSync(join(tmpdir(), 'calepin-package-test-'));
const file = join(dir, 'package.gpkg');

beforeAll(async () => {
  t = await testApp();
  ground = (await t.db.pool.query('select id from plants where name = $1', [DEMO_PLANTS.ground.name])).rows[0].id;
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await t.close();
});

const ogr = (...args: string[]) => execFileSync('ogrinfo', ['-ro', file, ...args], { encoding: 'utf8' });

describe('GET /plants/{id}/mission-package.gpkg', () => {
  it('is a GeoPackage that GDAL validates, with every layer and the empty field tables', async () => {
    const res = await t.http.get(`/api/v1/plants/${ground}/mission-package.gpkg`)
      .set(bearer(await t.token('technician'))).buffer(true)
      .parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/geopackage+sqlite3');
    expect(res.headers['content-disposition']).toMatch(/attachment; filename=".*mission-package\.gpkg"/);
    writeFileSync(file, res.body as Buffer);
    // validate_gpkg.py prints nothing and exits 0 for a valid file (it throws otherwise).
    const out = execFileSync('/usr/bin/python3', ['/usr/share/doc/python3-gdal/examples/validate_gpkg.py', file], { encoding: 'utf8' });
    expect(out.trim()).toBe('');
    const listing = execFileSync('ogrinfo', ['-ro', '-q', file], { encoding: 'utf8' });
    for (const layer of ['plant', 'zones', 'tables', 'modules', 'strings', 'inverters', 'mppt_inputs', 'junction_boxes', 'cables',
      'module_models', 'package_info', 'defects', 'photos', 'checklist_answers']) {
      expect(listing).toContain(`${layer}`);
    }
    expect(listing).toMatch(/modules \(Polygon\)/);
    expect(listing).toMatch(/defects \(Point\)/);
  });

  it('holds every module with its metadata, and empty defects with the field columns', async () => {
    const { rows } = await t.db.pool.query(
      `select count(*)::int as n from modules where plant_id = $1 and deleted_at is null`, [ground]);
    const summary = ogr('-so', 'modules');
    expect(summary).toContain(`Feature Count: ${rows[0].n}`);
    for (const field of ['code: String', 'status: String', 'string_code: String', 'position_in_string: Integer', 'model_name: String', 'power_wp: Real']) {
      expect(summary).toContain(field);
    }
    const one = ogr('-sql', "select code, string_code, position_in_string, model_name from modules where code = 'S1-M1'");
    expect(one).toMatch(/code \(String\) = S1-M1/);
    expect(one).toMatch(/string_code \(String\) = S1/);
    expect(one).toMatch(/model_name \(String\) = JAM72S30-545\/MR/);
    const defects = ogr('-so', 'defects');
    expect(defects).toContain('Feature Count: 0');
    expect(defects).toContain('severity: String');
    expect(defects).toMatch(/EPSG.*4326|WGS 84/);
  });

  it('is refused to client users', async () => {
    const res = await t.http.get(`/api/v1/plants/${ground}/mission-package.gpkg`).set(bearer(await t.token('client')));
    expect(res.status).toBe(403);
  });
});
