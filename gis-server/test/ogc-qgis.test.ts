// QGIS 3.22 itself (Debian's python3-qgis, headless) as the judge of WFS-T: it loads the
// layers, offers edit tools only where editing is allowed, and its commits land in PostGIS,
// connected in 2.0 (it then writes WFS 1.0.0 transactions) and in 1.1.0.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, DEMO_PLANTS } from '@calepin/data-fixtures';
import { type OgcServer, ogcServer } from './ogc-support';

const run = promisify(execFile);
const SCRIPT = new URL('./clients/qgis-edit.py', import.meta.url).pathname;

let s: OgcServer;
let wkt: string;
beforeAll(async () => {
  s = await ogcServer();
  const { rows } = await s.t.db.pool.query<{ wkt: string }>(
    `select st_astext(st_envelope(st_buffer(st_pointonsurface(boundary)::geography, 0.5)::geometry)) as wkt from plants where name = $1`,
    [DEMO_PLANTS.rooftop.name],
  );
  wkt = (rows[0] as { wkt: string }).wkt;
});
afterAll(() => s?.close());

interface QgisReport {
  editTools: Record<string, { add: boolean; change: boolean; delete: boolean } | 'invalid'>;
  count: number;
  fields: string[];
  insert?: boolean;
  found?: number;
  id?: string;
  update?: boolean;
  statusChange?: boolean;
  statusMessages?: string[];
  delete?: boolean;
}

/** Runs QGIS with a profile of its own: it caches capabilities on disk for a day. */
async function qgis(version: string, email: string, code: string): Promise<QgisReport> {
  const home = await mkdtemp(join(tmpdir(), 'calepin-qgis-'));
  try {
    const { stdout } = await run('/usr/bin/python3', [SCRIPT, `${s.base}/ogc/wfs`, email, DEMO_PASSWORD, version, wkt, code], {
      env: { ...process.env, HOME: home, QT_QPA_PLATFORM: 'offscreen', XDG_RUNTIME_DIR: home },
      timeout: 240_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    return JSON.parse(stdout.trim().split('\n').pop() as string) as QgisReport;
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}

const editable = { add: true, change: true, delete: true };
const readOnly = { add: false, change: false, delete: false };

describe.each([
  ['auto', 'QGIS-AUTO'],
  ['1.1.0', 'QGIS-110'],
])('QGIS 3.22, WFS version %s, as a manager', (version, code) => {
  let report: QgisReport;
  beforeAll(async () => {
    report = await qgis(version, 'manager@calepin.test', code);
  }, 300_000);

  it('offers edit tools on modules only among modules, plants, strings, defects and photos', () => {
    expect(report.editTools).toEqual({ modules: editable, plants: readOnly, strings: readOnly, defects: readOnly, photos: readOnly });
  });

  it('loads every module with its UUID id', async () => {
    const { rows } = await s.t.db.pool.query('select count(*)::int as n from modules where deleted_at is null');
    expect(report.count).toBe(rows[0].n);
    expect(report.fields.slice(0, 3)).toEqual(['id', 'plantId', 'code']);
  });

  it('commits an insert, a move with a tilt, and a delete; a status change is refused', async () => {
    expect(report).toMatchObject({ insert: true, found: 1, update: true, statusChange: false, delete: true });
    // What the QGIS user reads: the server's reason, naming the property.
    expect(report.statusMessages).toContainEqual(expect.stringContaining('status of modules is computed by Calepin'));
    const { rows } = await s.t.db.pool.query(
      `select m.id, p.name as plant, m.tilt_deg::float8 as tilt, m.status, m.deleted_at is not null as deleted,
              st_x(st_centroid(m.geom)) as x, st_y(st_centroid(m.geom)) as y, st_x(st_centroid(w.g)) as x0, st_y(st_centroid(w.g)) as y0
         from modules m join plants p on p.id = m.plant_id, (select st_geomfromtext($2, 4326) as g) w
        where m.code = $1`,
      [code, wkt],
    );
    expect(rows).toHaveLength(1);
    const row = rows[0];
    expect(row).toMatchObject({ id: report.id, plant: DEMO_PLANTS.rooftop.name, tilt: 31.5, status: 'pending', deleted: true });
    // Moved by the 0.000001° QGIS was asked for, on both axes (no swap on the way).
    expect(row.x - row.x0).toBeCloseTo(0.000001, 8);
    expect(row.y - row.y0).toBeCloseTo(0.000001, 8);
  });
});

describe('QGIS 3.22 as a technician', () => {
  it('offers no edit tool at all', async () => {
    const report = await qgis('auto', 'tech@calepin.test', 'QGIS-TECH');
    expect(Object.values(report.editTools)).toEqual(Array(5).fill(readOnly));
    expect(report.insert).toBeUndefined();
  }, 300_000);
});
