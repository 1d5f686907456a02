// The importer of the current platform's EL export (issue 18), on the real file: 462
// module results of JALIBAT and LES FORGES. Counts are checked against the file read
// independently here (a regular expression per row), and against SQL.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, bearer, testApp } from '../../test-support/app';

const REAL = readFileSync(new URL('../../data-fixtures/reference/diagpv-el-export.sql', import.meta.url).pathname, 'utf8');

let t: TestApp;
let manager: Record<string, string>;

beforeAll(async () => {
  t = await testApp();
  manager = bearer(await t.token('manager'));
});
afterAll(async () => t?.close());

/** Per audit token, the defect type of each module row, read with a regular expression rather than the importer's parser. */
function rowsOfFile(sql: string) {
  const counts = new Map<string, Record<string, number>>();
  for (const m of sql.matchAll(/^\s+\(\d+, '([0-9a-f-]{36})', 'S\d+-\d+', \d+, \d+, '(\w+)', \d,/gm)) {
    const perAudit = counts.get(m[1] as string) ?? {};
    perAudit[m[2] as string] = (perAudit[m[2] as string] ?? 0) + 1;
    counts.set(m[1] as string, perAudit);
  }
  return counts;
}

const JALIBAT = 'a4e19950-c73c-412c-be4d-699c9de1dde1';
const FORGES = '76e6eb36-8b49-4255-99d3-55fc1adfc1c9';
const placements = [
  { project: 'JALIBAT', location: [1.4442, 43.6047] },
  { project: 'LES FORGES', location: [-2.6322, 48.0464], azimuthDeg: 165 },
];

describe('the real DiagPV export', () => {
  it('previews what will be created, with the mapping and the file’s own oddities', async () => {
    const res = await t.http.post('/api/v1/imports/diagpv/preview').set(manager).send({ filename: 'diagpv-el-export.sql', content: REAL });
    expect(res.status, res.text).toBe(200);
    const p = res.body;
    expect(p.clients).toEqual([{ name: 'JALIBAT Industrie', existingId: null }, { name: 'Arkolia Énergies', existingId: null }]);
    expect(p.plants.map((x: Record<string, unknown>) => [x.project, x.layout, x.rows, x.columns, x.needsLocation]))
      .toEqual([['JALIBAT', 'new_grid', 10, 26, true], ['LES FORGES', 'new_grid', 11, 20, true]]);
    const file = rowsOfFile(REAL);
    const j = file.get(JALIBAT) as Record<string, number>;
    const f = file.get(FORGES) as Record<string, number>;
    const jalibat = p.audits.find((a: { token: string }) => a.token === JALIBAT);
    expect(jalibat).toMatchObject({ project: 'JALIBAT', modules: 242, strings: 10, comments: 3, existingId: null });
    expect(jalibat.byStatus).toEqual({
      ok: j.none ?? 0, inequality: j.luminescence_inequality ?? 0, microcracks: j.microcrack ?? 0, dead: j.dead_module ?? 0,
      string_open: 0, not_connected: 0,
    });
    expect(p.audits.find((a: { token: string }) => a.token === FORGES)).toMatchObject({ modules: 220, strings: 11 });
    const total = (k: string) => (j[k] ?? 0) + (f[k] ?? 0);
    expect(p.mapping).toContainEqual({ from: 'dead_module', defectType: 'dead_module', status: 'dead', count: total('dead_module') });
    expect(p.mapping).toContainEqual({ from: 'luminescence_inequality', defectType: 'cell_inequality', status: 'inequality', count: total('luminescence_inequality') });
    expect(p.severities).toContainEqual({ from: 3, severity: 'urgent', count: total('dead_module') });
    // The export declares 11 strings of 22 for JALIBAT and holds 10; LES FORGES misses the first column of each row.
    expect(p.warnings).toContain('LES FORGES: 11 rows have modules without a physical column; those rows are laid out by position in string');
    expect(p.warnings.some((w: string) => w.startsWith('JALIBAT'))).toBe(false);
    expect(await t.db.pool.query("select 1 from clients where name = 'JALIBAT Industrie'")).toMatchObject({ rowCount: 0 });
  });

  it('needs a location for a plant it lays out, and says which', async () => {
    const res = await t.http.post('/api/v1/imports/diagpv').set(manager).send({ content: REAL, placements: [placements[0]] });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'location_missing', field: 'placements.1.location' });
    expect(res.body.error.message).toContain('LES FORGES');
    expect(await t.db.pool.query("select 1 from clients where name = 'JALIBAT Industrie'")).toMatchObject({ rowCount: 0 });
  });

  it('imports clients, plants, a grid per plant and the audits with every module result; once', async () => {
    const res = await t.http.post('/api/v1/imports/diagpv').set(manager).send({ content: REAL, placements });
    expect(res.status, res.text).toBe(200);
    expect(res.body.plants.map((p: Record<string, unknown>) => [p.project, p.created, p.modulesCreated]))
      .toEqual([['JALIBAT', true, 242], ['LES FORGES', true, 220]]);
    expect(res.body.audits.map((a: Record<string, unknown>) => a.results)).toEqual([242, 220]);
    const jalibatId = res.body.plants[0].id;

    const file = rowsOfFile(REAL);
    const { rows } = await t.db.pool.query(
      `select a.conditions ->> 'auditToken' as token, am.status, count(*)::int as n
         from audit_modules am join audits a on a.id = am.audit_id
        where a.conditions ->> 'source' = 'diagpv' group by 1, 2`);
    const expected = { none: 'ok', luminescence_inequality: 'inequality', microcrack: 'microcracks', dead_module: 'dead' } as const;
    for (const [token, counts] of file) {
      for (const [theirs, ours] of Object.entries(expected)) {
        const n = rows.find((r) => r.token === token && r.status === ours)?.n ?? 0;
        expect(n, `${token} ${theirs}`).toBe(counts[theirs] ?? 0);
      }
    }
    expect(rows.reduce((s, r) => s + r.n, 0)).toBe(462);

    // Modules take the status of their last audit; tables are the physical rows; strings hold their modules.
    const layout = await t.db.pool.query(
      `select (select count(*)::int from tables where plant_id = $1) as tables,
              (select count(*)::int from strings where plant_id = $1 and geom is not null) as strings,
              (select count(*)::int from modules where plant_id = $1 and status = 'dead') as dead,
              (select srid from plants where id = $1) as srid`, [jalibatId]);
    expect(layout.rows[0]).toEqual({ tables: 10, strings: 10, dead: file.get(JALIBAT)?.dead_module, srid: 2154 });
    // Facing south, row 1 is north of row 2 and column 1 west of column 2.
    const at = await t.db.pool.query(
      `select code, st_x(st_centroid(geom)) as x, st_y(st_centroid(geom)) as y from modules
        where plant_id = $1 and code in ('S1-M1', 'S1-M2', 'S2-M1') order by code`, [jalibatId]);
    const [s1m1, s1m2, s2m1] = at.rows;
    expect(s1m2.x).toBeGreaterThan(s1m1.x);
    expect(s2m1.y).toBeLessThan(s1m1.y);
    // Comments travel: on a defect as its description, on a sound module as an 'other' finding that keeps it ok.
    const comments = await t.db.pool.query(
      `select m.code, d.defect_type, d.module_status, d.description from defects d join modules m on m.id = d.module_id
        where d.plant_id = $1 and d.description is not null order by m.code`, [jalibatId]);
    expect(comments.rows).toEqual([
      { code: 'S1-M1', defect_type: 'other', module_status: 'ok', description: 'MEME MPPT TRANCKER STRING SUD' },
      { code: 'S2-M1', defect_type: 'other', module_status: 'ok', description: 'INVERSION STRING 2 ET 4' },
      { code: 'S6-M10', defect_type: 'dead_module', module_status: 'dead', description: 'photo zoom cellule impact' },
    ]);

    const count = async () => (await t.db.pool.query(
      `select (select count(*) from clients) c, (select count(*) from plants) p, (select count(*) from modules) m,
              (select count(*) from audits) a, (select count(*) from defects) d, (select count(*) from audit_modules) am`)).rows[0];
    const before = await count();
    const again = await t.http.post('/api/v1/imports/diagpv').set(manager).send({ content: REAL, placements });
    expect(again.status, again.text).toBe(200);
    expect([...again.body.clients, ...again.body.plants, ...again.body.audits].every((x: { created: boolean }) => !x.created)).toBe(true);
    expect(again.body.plants[0].id).toBe(jalibatId);
    expect(await count()).toEqual(before);
    const preview = await t.http.post('/api/v1/imports/diagpv/preview').set(manager).send({ content: REAL });
    expect(preview.body.audits.every((a: { existingId: string | null }) => a.existingId)).toBe(true);
    expect(preview.body.plants[0]).toMatchObject({ layout: 'match_codes', matched: 242, unmatched: [], needsLocation: false });
  });

  it('puts a later audit of the same plant on its existing modules, matched by code', async () => {
    // A year later: another token, another date, and S1-1 cracked since.
    const later = REAL.replaceAll(JALIBAT, '11111111-2222-4333-8444-555555555555')
      .replace("(1, 1, 'el', '2025-10-27 09:43:12'", "(1, 1, 'el', '2026-10-27 21:00:00'")
      .replace("'S1-1', 1, 1, 'none', 0", "'S1-1', 1, 1, 'microcrack', 2");
    const res = await t.http.post('/api/v1/imports/diagpv').set(manager).send({ content: later });
    expect(res.status, res.text).toBe(200);
    expect(res.body.plants[0]).toMatchObject({ project: 'JALIBAT', created: false, modulesCreated: 0 });
    expect(res.body.audits[0]).toMatchObject({ created: true, results: 242 });
    const { rows } = await t.db.pool.query(
      `select count(*)::int as n, (select status from modules where plant_id = $1 and code = 'S1-M1') as s1
         from modules where plant_id = $1`, [res.body.plants[0].id]);
    expect(rows[0]).toEqual({ n: 242, s1: 'microcracks' });
  });
});

describe('a broken file', () => {
  const send = (content: string, lang = 'en') =>
    t.http.post('/api/v1/imports/diagpv/preview').set(manager).set('Accept-Language', lang).send({ content });
  const head = REAL.split('\n').slice(0, 40).join('\n');

  it.each([
    ['a text never closed', `${head}\n    (1, 'a4e19950-c73c-412c-be4d-699c9de1dde1', 'S9-1, 9, 1, 'none', 0, 'null', 1, 1, 1, NULL, 'x', 'y');`,
      /^content: line 41: expected , or \), found/],
    ['an unknown defect type', head.replace("'S1-3', 1, 3, 'none'", "'S1-3', 1, 3, 'burnt'").replace(/,$/, ';'),
      /^content: line 40: unknown defect type burnt/],
    ['a row with a value missing', head.replace("'S1-2', 1, 2, 'none', 0,", "'S1-2', 1, 2, 'none',").replace(/,$/, ';'),
      /^content: line 39: 13 values for the 14 columns of el_modules/],
    ['a statement that would change data', `${head.replace(/,$/, ';')}\nDELETE FROM el_modules;`,
      /^content: line 41: DELETE statements are not read/],
    ['no audit at all', 'PRAGMA foreign_keys = OFF;\nINSERT INTO clients (name) VALUES (\'X\');', /^content: line 2: the file holds no EL audit/],
    ['two modules in one place', head.replace("'S1-2', 1, 2, 'none', 0, 'null', 1, 1, 2", "'S1-2', 1, 2, 'none', 0, 'null', 1, 1, 1").replace(/,$/, ';'),
      /^content: line 39: module S1-2 is at physical row 1, column 1, already taken by S1-1/],
  ])('%s: a 400 naming the line and why', async (_name, content, message) => {
    const res = await send(content);
    expect(res.status, res.text).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'import_file_invalid', field: 'content' });
    expect(res.body.error.message).toMatch(message);
  });

  it('says it in French to a French browser', async () => {
    const res = await send(`${head}\nUPDATE el_modules SET defect_type = 'none';`, 'fr-FR');
    expect(res.body.error.message).toMatch(/^content: ligne 41 : /);
  });

  it('is refused to technicians and clients whatever it holds', async () => {
    for (const role of ['technician', 'client'] as const) {
      const res = await t.http.post('/api/v1/imports/diagpv/preview').set(bearer(await t.token(role))).send({ content: REAL });
      expect(res.status).toBe(403);
    }
  });
});
