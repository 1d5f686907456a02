// The exact transaction documents of QGIS 3.22 and GDAL 3.6 (fixtures/wfs-t/, captured
// from the clients themselves) and a standard WFS 2.0 one, replayed: each answer is in
// the form its client reads, and PostGIS holds what the client meant.
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '@calepin/data-fixtures';
import { type TestApp, testApp } from '../../test-support/app';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t?.close());

const fixture = (folder: string, step: string) =>
  readFile(new URL(`./fixtures/wfs-t/${folder}/${step}.xml`, import.meta.url), 'utf8');

const post = (body: string) =>
  t.http.post('/ogc/wfs?SERVICE=WFS').set('content-type', 'text/xml').auth('manager@calepin.test', DEMO_PASSWORD).send(body);

interface Row {
  id: string;
  plantId: string;
  fid: string;
  revision: number;
  status: string;
  tilt: number | null;
  x: number;
  y: number;
  deleted: boolean;
}

const row = async (code: string): Promise<Row> => {
  const { rows } = await t.db.pool.query<Row>(
    `select id, plant_id as "plantId", 'modules.' || ('x' || substr(replace(id::text, '-', ''), 1, 13))::bit(52)::int8 as fid,
            revision, status, tilt_deg::float8 as tilt, st_x(st_pointn(st_exteriorring(geom), 1)) as x,
            st_y(st_pointn(st_exteriorring(geom), 1)) as y, deleted_at is not null as deleted
       from modules where code = $1`,
    [code],
  );
  expect(rows).toHaveLength(1);
  return rows[0] as Row;
};

const fill = (body: string, r: Row) =>
  body
    .replaceAll('{{fid}}', r.fid)
    .replaceAll('{{id}}', r.id)
    .replaceAll('{{plantId}}', r.plantId)
    .replaceAll('{{revision}}', String(r.revision))
    .replaceAll('{{base}}', 'http://127.0.0.1');

interface Case {
  folder: string;
  /** The form the client reads: where success and the new id are. */
  answer: 'wfs-1.0.0' | 'wfs-1.1.0' | 'wfs-2.0.0';
  code: string;
  /** Update steps and the tilt / first vertex each leaves. */
  updates: { step: string; tilt: number | null; x: number; y: number }[];
}

// The first vertex of the inserted module, and of the moved one (QGIS moved it by 1e-6°).
const X0 = 1.355299611570848;
const Y0 = 43.98671256555375;
const X1 = 1.35530061;
const Y1 = 43.98671357;

const cases: Case[] = [
  {
    folder: 'qgis-3.22-wfs-2.0',
    answer: 'wfs-1.0.0',
    code: 'QGIS-auto',
    updates: [
      { step: 'update-geometry', tilt: null, x: X1, y: Y1 },
      { step: 'update-attribute', tilt: 31.5, x: X1, y: Y1 },
    ],
  },
  {
    folder: 'qgis-3.22-wfs-1.1.0',
    answer: 'wfs-1.1.0',
    code: 'QGIS-1.1.0',
    updates: [
      { step: 'update-geometry', tilt: null, x: X1, y: Y1 },
      { step: 'update-attribute', tilt: 31.5, x: X1, y: Y1 },
    ],
  },
  { folder: 'gdal-3.6-wfs-2.0', answer: 'wfs-2.0.0', code: 'GDAL-default', updates: [{ step: 'update', tilt: 33.5, x: X0, y: Y0 }] },
  { folder: 'gdal-3.6-wfs-1.1.0', answer: 'wfs-1.1.0', code: 'GDAL-1.1.0', updates: [{ step: 'update', tilt: 33.5, x: X0, y: Y0 }] },
  {
    folder: 'standard-wfs-2.0',
    answer: 'wfs-2.0.0',
    code: 'WFS2-STANDARD',
    updates: [
      { step: 'update-geometry', tilt: null, x: X1, y: Y1 },
      { step: 'update-attribute', tilt: 31.5, x: X1, y: Y1 },
    ],
  },
];

/** The new feature id, read where the client reads it. */
function insertedId(answer: Case['answer'], text: string): string | undefined {
  if (answer === 'wfs-1.0.0') {
    expect(text).toContain('<wfs:WFS_TransactionResponse');
    expect(text).toMatch(/<wfs:TransactionResult><wfs:Status><wfs:SUCCESS\/><\/wfs:Status>/);
    return /<wfs:InsertResult><ogc:FeatureId fid="([^"]+)"\/>/.exec(text)?.[1];
  }
  expect(text).toContain('<wfs:totalInserted>1</wfs:totalInserted>');
  if (answer === 'wfs-2.0.0') {
    expect(text).toContain('xmlns:wfs="http://www.opengis.net/wfs/2.0"');
    return /<wfs:InsertResults><wfs:Feature><fes:ResourceId rid="([^"]+)"\/>/.exec(text)?.[1];
  }
  expect(text).toContain('xmlns:wfs="http://www.opengis.net/wfs"');
  return /<wfs:InsertResults><wfs:Feature><ogc:FeatureId fid="([^"]+)"\/>/.exec(text)?.[1];
}

describe.each(cases)('$folder', ({ folder, answer, code, updates }) => {
  it('inserts where the client drew, updates, refuses a status change by name, deletes', async () => {
    const inserted = await post(await fixture(folder, 'insert'));
    expect(inserted.status, inserted.text).toBe(200);
    let r = await row(code);
    expect(insertedId(answer, inserted.text)).toBe(r.fid);
    // Longitude 1.3553°, latitude 43.9867° (Toulouse), whichever axis order the document used.
    expect(r.x).toBeCloseTo(X0, 8);
    expect(r.y).toBeCloseTo(Y0, 8);

    for (const update of updates) {
      const response = await post(fill(await fixture(folder, update.step), r));
      expect(response.status, response.text).toBe(200);
      expect(response.text).toMatch(answer === 'wfs-1.0.0' ? /<wfs:SUCCESS\/>/ : /<wfs:totalUpdated>1<\/wfs:totalUpdated>/);
      r = await row(code);
      expect([update.step, r.tilt]).toEqual([update.step, update.tilt]);
      expect(r.x).toBeCloseTo(update.x, 7);
      expect(r.y).toBeCloseTo(update.y, 7);
    }

    const refused = await post(fill(await fixture(folder, 'update-status'), r));
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('locator="status"');
    expect(refused.text).toContain('status of modules is computed by Calepin');
    expect((await row(code)).status).toBe(r.status);

    const deleted = await post(fill(await fixture(folder, 'delete'), r));
    expect(deleted.status, deleted.text).toBe(200);
    expect((await row(code)).deleted).toBe(true);
  });
});
