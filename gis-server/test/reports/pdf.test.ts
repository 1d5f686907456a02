// The audit report PDF (issue 18), read back through poppler: pdftotext for its words and
// figures (equal to the statistics, themselves tested against SQL in statistics.test.ts),
// pdftoppm for its pixels (status colours where the modules are, the empty signature box
// where the signing workflow expects it). The rooftop plant, given a second EL audit here
// so that the report has a previous audit to compare with; tiles from a real tile-server.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalFileStore } from '../../src/storage/file-store';
import { reportStore } from '../../src/storage/report-store';
import { renderReport } from '../../src/capabilities/reports/render/render';
import { makeSelfSignedP12 } from '../../src/capabilities/report-workflow/certificate';
import { signReport } from '../../src/capabilities/report-workflow/sign';
import { type TestApp, bearer, waitJob } from '../../../test-support/app';
import { type PrintApp, printApp } from '../../../test-support/print-app';
import { makePhoto } from '../../../test-support/photos';

let app: PrintApp;
let t: TestApp;
let manager: Record<string, string>;
let client: Record<string, string>;
let plantId: string;
let auditId: string;
const work = mkdtempSync(join(tmpdir(), 'calepin-report-test-'));
// Beside the browser tests' screenshots: pages to look at, not committed.
const OUT = new URL('../../../e2e/screenshots/', import.meta.url).pathname;

beforeAll(async () => {
  app = await printApp();
  t = app.t;
  manager = bearer(await t.token('manager'));
  client = bearer(await t.token('client'));
  const pool = t.db.pool;
  const before = (await pool.query(`select a.id, a.plant_id, a.performed_by from audits a join plants p on p.id = a.plant_id where p.mounting = 'rooftop'`)).rows[0];
  plantId = before.plant_id;
  // A year later: the same findings, except S3's defects repaired and string S5 now dead.
  auditId = (await pool.query(
    `insert into audits (plant_id, audit_type, status, started_at, finished_at, conditions, performed_by)
     values ($1, 'el', 'done', '2026-11-20T20:00:00Z', '2026-11-20T23:30:00Z', '{"ambient_temp_c": 8, "camera": "Sensor EL InGaAs"}', $2) returning id`,
    [plantId, before.performed_by])).rows[0].id;
  await pool.query(
    `insert into defects (plant_id, audit_id, module_id, defect_type, module_status, severity, description, geom, observed_at)
     select d.plant_id, $2::uuid, d.module_id, d.defect_type, d.module_status, d.severity, d.description, d.geom, '2026-11-20T21:00:00Z'::timestamptz
       from defects d join modules m on m.id = d.module_id where d.audit_id = $1 and m.code not like 'S3-%'
     union all
     select m.plant_id, $2::uuid, m.id, 'dead_module', 'dead', 'urgent', 'Module HS', st_pointonsurface(m.geom), '2026-11-20T21:00:00Z'::timestamptz
       from modules m where m.plant_id = $3::uuid and m.code like 'S5-%'`,
    [before.id, auditId, plantId]);
  await pool.query(
    `insert into audit_modules (audit_id, module_id, plant_id) select $1, id, plant_id from modules where plant_id = $2 and deleted_at is null
     on conflict do nothing`, [auditId, plantId]);
  // One EL photo of a dead module, kept in the photo store as the field upload does.
  const jpeg = await makePhoto({ seed: 7, width: 800, height: 600 });
  const photos = new LocalFileStore(t.app.deps.config.filesDir, 'photos');
  const { sha256 } = await photos.put(Readable.from(jpeg));
  expect(sha256).toBe(createHash('sha256').update(jpeg).digest('hex'));
  await pool.query(
    `insert into photos (plant_id, audit_id, defect_id, module_id, category, sha256, storage_key, mime_type, size_bytes, caption)
     select d.plant_id, d.audit_id, d.id, d.module_id, 'el', $2, $3, 'image/jpeg', $4, 'Aucune luminescence sur les 60 cellules'
       from defects d join modules m on m.id = d.module_id where d.audit_id = $1 and m.code = 'S5-M3' and d.defect_type = 'dead_module'`,
    [auditId, sha256, photos.key(sha256), jpeg.length]);
  mkdirSync(OUT, { recursive: true });
}, 300_000);
afterAll(() => app?.close());

const pdftotext = (file: string, page?: number) =>
  execFileSync('pdftotext', [...(page ? ['-f', String(page), '-l', String(page)] : []), '-layout', file, '-'], { encoding: 'utf8' });

/** One page as RGB pixels at 72 dpi: one pixel per PDF point. */
async function pagePixels(file: string, page: number) {
  const prefix = join(work, `p${page}`);
  execFileSync('pdftoppm', ['-r', '72', '-f', String(page), '-l', String(page), '-singlefile', '-png', file, prefix]);
  const { data, info } = await sharp(`${prefix}.png`).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, at: (x: number, y: number) => [0, 1, 2].map((c) => data[(Math.round(y) * info.width + Math.round(x)) * 3 + c] as number) };
}

const near = (rgb: number[], hex: string, tolerance = 40) =>
  [1, 3, 5].every((i, c) => Math.abs((rgb[c] as number) - Number.parseInt(hex.slice(i, i + 2), 16)) <= tolerance);

/** A report's draft PDF as the API serves it to the manager. */
const pdfOf = (id: string) => t.http.get(`/api/v1/reports/${id}/pdf`).set(manager).buffer(true).parse((res, done) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
});

/** The page (1-based) whose text holds `needle`. */
function pageWith(file: string, pages: number, needle: string): number {
  for (let p = 1; p <= pages; p += 1) if (pdftotext(file, p).includes(needle)) return p;
  throw new Error(`no page with ${needle}`);
}

describe('the audit report PDF', () => {
  let file: string;
  let pages: number;
  let reportId: string;

  it('is rendered by a job into a draft, listed on the plant, and agrees with the statistics', async () => {
    const created = await t.http.post(`/api/v1/audits/${auditId}/reports`).set(manager).set('accept-language', 'fr').send({});
    expect(created.status, created.text).toBe(202);
    reportId = created.body.report.id;
    expect(created.body.report).toMatchObject({ status: 'draft', language: 'fr', hasPdf: false });
    const job = await waitJob(t, manager, created.body.jobId, 240);
    expect(job.state, JSON.stringify(job)).toBe('completed');
    const list = await t.http.get(`/api/v1/plants/${plantId}/reports`).set(manager);
    expect(list.body.items[0]).toMatchObject({ id: reportId, hasPdf: true, auditType: 'el' });
    pages = list.body.items[0].pages;
    expect(pages).toBeGreaterThan(8);

    const pdf = await pdfOf(reportId);
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(createHash('sha256').update(pdf.body).digest('hex')).toBe(list.body.items[0].sha256);
    file = join(OUT, 'report-fr.pdf');
    writeFileSync(file, pdf.body);
    execFileSync('pdftoppm', ['-r', '50', '-png', file, join(OUT, 'report-fr')]);

    const text = pdftotext(file);
    const stats = (await t.http.get(`/api/v1/audits/${auditId}/statistics`).set(manager)).body;
    const n = (v: number) => new Intl.NumberFormat('fr-FR').format(v);
    for (const needle of ['Rapport d’audit', 'Synthèse', 'Onduleur INV1', 'I de Moran', 'Comparaison avec l’audit précédent',
      'Réparations classées par montant', 'Listes de contrôle', 'Conditions de mesure', 'Recommandations', 'IEC TS 62446-3',
      'Signature du diagnostiqueur / Diagnostician’s signature', 'S5-M3', 'Aucune luminescence sur les 60 cellules']) {
      expect(text, needle).toContain(needle);
    }
    expect(text).toContain(`${n(stats.modules.audited)} modules ont été inspectés ; ${n(stats.modules.defective)}`);
    expect(stats.comparison.counts.repaired).toBeGreaterThan(0);
    expect(text.replace(/\s+/g, ' ')).toContain(`réparé ${n(stats.comparison.counts.repaired)}`);
    const euros = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 }).format(stats.losses.lostEurPerYear);
    expect(text.replace(/\s+/g, ' ')).toContain(euros.replace(/\s+/g, ' '));
    // A client never sees a draft.
    expect((await t.http.get(`/api/v1/reports/${reportId}/pdf`).set(client)).status).toBe(404);
  }, 300_000);

  it('printed in parts and joined (what bounds Chromium’s memory on a long report), has the pages printed whole', async () => {
    const config = t.app.deps.config;
    let rendered;
    config.reportPartBytes = 40_000;
    try {
      rendered = await renderReport(t.app.deps, reportId, null);
    } finally {
      config.reportPartBytes = undefined;
    }
    expect(rendered.print.parts).toBeGreaterThan(2);
    expect(rendered.pages).toBe(pages);
    const joined = join(work, 'joined.pdf');
    writeFileSync(joined, readFileSync(reportStore(config.filesDir).path(rendered.sha256)));
    // Every page has the words it had, the footer included: the title and "Page n / N" counted over the whole document.
    for (let p = 1; p <= pages; p += 1) {
      const words = pdftotext(joined, p);
      expect(words, `page ${p}`).toBe(pdftotext(file, p));
      expect(words, `page ${p}`).toMatch(new RegExp(`Page ${p} / ${pages}\\s*$`));
    }
    // And the same pixels: the cover, the plant map, an inverter's map, the signature page.
    for (const p of [1, 3, pageWith(file, pages, 'Onduleur INV1'), pages]) {
      const [whole, parts] = [await pagePixels(file, p), await pagePixels(joined, p)];
      let differ = 0;
      for (let y = 0; y < whole.height; y += 1) for (let x = 0; x < whole.width; x += 1) {
        if (whole.at(x, y).some((c, i) => Math.abs(c - (parts.at(x, y)[i] as number)) > 24)) differ += 1;
      }
      expect(differ, `page ${p}`).toBe(0);
    }
    // It signs as a PDF printed whole does (pdf-lib reads the compressed objects it wrote).
    const png = await sharp({ create: { width: 200, height: 80, channels: 4, background: '#000' } }).png().toBuffer();
    const { pdf: signed } = await signReport(readFileSync(joined), {
      png, signer: 'Chloé Bernard', at: new Date(), company: 'Calepin', location: 'Lyon', reason: 'test',
      p12: makeSelfSignedP12('Calepin', 's'), passphrase: 's', tsa: null,
    });
    writeFileSync(join(work, 'joined-signed.pdf'), signed);
    expect(execFileSync('pdfsig', [join(work, 'joined-signed.pdf')], { encoding: 'utf8' })).toContain('Signature is Valid.');
  }, 300_000);

  it('has one detail page per zone when asked: each zone’s non-conforming modules on its page (409 on a plant without zones)', async () => {
    // The demo roof has one zone: its tables out of it, first.
    const pool = t.db.pool;
    await pool.query('update tables set zone_id = null where plant_id = $1', [plantId]);
    await pool.query('update zones set deleted_at = now() where plant_id = $1', [plantId]);
    const none = await t.http.post(`/api/v1/audits/${auditId}/reports`).set(manager).set('accept-language', 'en').send({ mapPages: 'zone' });
    expect(none.status).toBe(409);
    expect(none.body.error).toMatchObject({ code: 'report_no_zones', field: 'mapPages' });
    expect(none.body.error.message).toContain('no zone holding tables');
    const bad = await t.http.post(`/api/v1/audits/${auditId}/reports`).set(manager).send({ mapPages: 'table' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('mapPages');
    // Two zones: the roof's western and eastern tables.
    await pool.query(
      `with split as (select t.id, ntile(2) over (order by st_x(st_centroid(t.geom))) as half from tables t where t.plant_id = $1 and t.deleted_at is null),
            zones as (insert into zones (plant_id, code, name, geom)
                      select $1, 'Z' || half, case half when 1 then 'Ouest' else 'Est' end,
                             st_multi(st_convexhull(st_collect(t.geom))) from split join tables t using (id) group by half returning id, code)
       update tables t set zone_id = z.id from split, zones z where split.id = t.id and z.code = 'Z' || split.half`, [plantId]);
    const created = await t.http.post(`/api/v1/audits/${auditId}/reports`).set(manager).set('accept-language', 'fr').send({ mapPages: 'zone' });
    expect(created.status, created.text).toBe(202);
    expect(created.body.report.mapPages).toBe('zone');
    expect((await waitJob(t, manager, created.body.jobId, 240)).state).toBe('completed');
    const pdf = await pdfOf(created.body.report.id);
    const zoned = join(OUT, 'report-zones.pdf');
    writeFileSync(zoned, pdf.body);
    const pageTexts = execFileSync('pdftotext', ['-layout', zoned, '-'], { encoding: 'utf8' }).split('\f');
    expect(pageTexts.some((p) => p.includes('Onduleur INV1 — modules non conformes'))).toBe(false);
    const expected = (await pool.query<{ zone: string; codes: string[] }>(
      `select z.code as zone, array_agg(m.code) as codes from audit_modules am join modules m on m.id = am.module_id
         join tables t on t.id = m.table_id join zones z on z.id = t.zone_id
        where am.audit_id = $1 and am.status <> 'ok' group by z.code order by z.code`, [auditId])).rows;
    expect(expected.map((r) => r.zone)).toEqual(['Z1', 'Z2']);
    for (const { zone, codes } of expected) {
      const on = pageTexts.filter((p) => p.includes(`Zone ${zone} · ${zone === 'Z1' ? 'Ouest' : 'Est'} — modules non conformes — ${codes.length}`));
      expect(on.length, zone).toBeGreaterThan(0);
      const words = new Set(on.join(' ').split(/\s+/));
      for (const code of codes) expect(words.has(code), `${code} on the page of ${zone}`).toBe(true);
    }
    const zonePage = pageTexts.findIndex((p) => p.includes('Zone Z1 ·')) + 1;
    execFileSync('pdftoppm', ['-r', '60', '-png', '-f', String(zonePage), '-l', String(zonePage), '-singlefile', zoned, join(OUT, 'report-zone-page')]);
  }, 300_000);

  it('speaks English when asked', async () => {
    const created = await t.http.post(`/api/v1/audits/${auditId}/reports`).set(manager).send({ language: 'en' });
    expect(created.status, created.text).toBe(202);
    expect((await waitJob(t, manager, created.body.jobId, 240)).state).toBe('completed');
    const pdf = await pdfOf(created.body.report.id);
    const en = join(OUT, 'report-en.pdf');
    writeFileSync(en, pdf.body);
    execFileSync('pdftoppm', ['-r', '50', '-png', en, join(OUT, 'report-en')]);
    const text = pdftotext(en);
    for (const needle of ['Audit report', 'Executive summary', 'Inverter INV1', 'Comparison with the previous audit', 'Repairs ranked by money',
      'Appendix — methods and standards', 'Signature du diagnostiqueur / Diagnostician’s signature']) {
      expect(text, needle).toContain(needle);
    }
    expect(text).not.toContain('Synthèse');
  }, 300_000);

  it('draws the modules in their status colours where their codes are printed', async () => {
    const page = pageWith(file, pages, 'Onduleur INV1');
    const bbox = execFileSync('pdftotext', ['-bbox', '-f', String(page), '-l', String(page), file, '-'], { encoding: 'utf8' });
    const img = await pagePixels(file, page);
    // Each code is printed just above and right of its module's centre (render/template.ts).
    const around = (code: string) => {
      const m = new RegExp(`xMin="([\\d.]+)" yMin="[\\d.]+" xMax="[\\d.]+" yMax="([\\d.]+)">${code}<`).exec(bbox);
      expect(m, code).not.toBeNull();
      const [x, y] = [Number(m?.[1]), Number(m?.[2])];
      const colours: number[][] = [];
      for (let dx = -5; dx <= 1; dx += 1) for (let dy = 0; dy <= 5; dy += 1) colours.push(img.at(x + dx, y + dy));
      return colours;
    };
    expect(around('S5-M3').some((c) => near(c, '#ef4444')), 'S5-M3 red (dead)').toBe(true);
    const open = (await t.db.pool.query(`select m.code from audit_modules am join modules m on m.id = am.module_id where am.audit_id = $1 and am.status = 'string_open' order by m.code limit 1`, [auditId])).rows[0];
    if (open) expect(around(open.code).some((c) => near(c, '#3b82f6')), `${open.code} blue (string open)`).toBe(true);
  }, 120_000);

  it('leaves an empty 60 × 25 mm signature box 15 mm from the last page’s right and bottom edges', async () => {
    const img = await pagePixels(file, pages);
    expect(pdftotext(file, pages)).toContain('Signature du diagnostiqueur');
    const mm = 72 / 25.4;
    const right = img.width - 15 * mm;
    const bottom = img.height - 15 * mm;
    const left = right - 60 * mm;
    const top = bottom - 25 * mm;
    const dark = (rgb: number[]) => rgb.every((c) => c < 150);
    // Its four sides are drawn within a point of where they belong, and it is empty inside.
    const side = (points: [number, number][]) => points.every(([x, y]) => [-1, 0, 1].some((d) => dark(img.at(x + d, y)) || dark(img.at(x, y + d))));
    expect(side([0.2, 0.5, 0.8].map((f) => [left + f * (right - left), bottom]))).toBe(true);
    expect(side([0.2, 0.5, 0.8].map((f) => [left + f * (right - left), top]))).toBe(true);
    expect(side([0.3, 0.7].map((f) => [left, top + f * (bottom - top)]))).toBe(true);
    expect(side([0.3, 0.7].map((f) => [right, top + f * (bottom - top)]))).toBe(true);
    for (let x = left + 4; x < right - 4; x += 6) for (let y = top + 4; y < bottom - 4; y += 6) expect(dark(img.at(x, y))).toBe(false);
  });

  it('renders again with the diagnostician’s summary, and refuses edits once validated', async () => {
    const edited = await t.http.patch(`/api/v1/reports/${reportId}/sections`).set(manager)
      .send({ summary: { fr: 'Toiture globalement saine ; chaîne S5 à remplacer en priorité.' } });
    expect(edited.status, edited.text).toBe(200);
    expect((await waitJob(t, manager, edited.body.jobId, 240)).state).toBe('completed');
    const pdf = await pdfOf(reportId);
    const again = join(work, 'edited.pdf');
    writeFileSync(again, pdf.body);
    expect(pdftotext(again)).toContain('chaîne S5 à remplacer en priorité');

    const bad = await t.http.patch(`/api/v1/reports/${reportId}/sections`).set(manager).send({ recommendations: { nonsense: { fr: 'x' } } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toMatch(/^recommendations/);
    await t.db.pool.query(`update reports set status = 'validated', validated_by = (select id from users where role = 'manager' limit 1), validated_at = now() where id = $1`, [reportId]);
    const late = await t.http.patch(`/api/v1/reports/${reportId}/sections`).set(manager).send({ summary: { en: 'x' } });
    expect(late.status).toBe(409);
  }, 300_000);
});
