// The plans under a report's status maps (issue 18, "the plans underneath when wanted"): a
// plan placed over the demo roof by its world file, a report asked with `withPlans` and one
// without, their plant map pages compared through pdftoppm. The plan's tables are dark blue
// on white, drawn at the plan's opacity over the map's background: that blend is on the
// page with the plan, and nowhere on the page without it.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PLANTS } from '@calepin/data-fixtures';
import { type TestApp, bearer, waitJob } from '../../../test-support/app';
import { type PrintApp, printApp } from '../../../test-support/print-app';
import { fixtures } from '../plans-support';

let app: PrintApp;
let t: TestApp;
let manager: Record<string, string>;
let auditId: string;
let planOpacity: number;
const work = mkdtempSync(join(tmpdir(), 'calepin-report-plans-'));
const OUT = new URL('../../../e2e/screenshots/', import.meta.url).pathname;

beforeAll(async () => {
  // The tile-server reads the warped plans from gis-server's file store.
  app = await printApp({ filesDir: join(work, 'files'), uploadLimitBytes: 20 * 2 ** 20 });
  t = app.t;
  const db = t.db;
  manager = bearer(await t.token('manager'));
  const roof = (await db.pool.query(
    `select p.id, st_x(st_transform(p.location, 2154)) as x, st_y(st_transform(p.location, 2154)) as y, a.id as audit
       from plants p join audits a on a.plant_id = p.id where p.name = $1 and a.audit_type = 'el'`, [DEMO_PLANTS.rooftop.name])).rows[0];
  auditId = roof.audit;
  // The fixture plan (2,000 × 1,400 pixels of 5 cm), unrotated, its centre on the roof's.
  const f = await fixtures();
  const worldFile = join(work, 'roof.pgw');
  writeFileSync(worldFile, ['0.05', '0', '0', '-0.05', String(roof.x - 50), String(roof.y + 35)].join('\n'));
  const upload = await t.http.post(`/api/v1/plants/${roof.id}/plans`).set(manager).attach('file', f.files.png).attach('worldFile', worldFile).attach('prj', f.files.prj);
  expect(upload.status, upload.text).toBe(202);
  expect((await waitJob(t, manager, upload.body.job.id, 120)).state).toBe('completed');
  const plan = (await t.http.get(`/api/v1/plans/${upload.body.plan.id}`).set(manager)).body;
  expect(plan.status).toBe('georeferenced');
  planOpacity = plan.opacity;
}, 300_000);
afterAll(() => app?.close());

/** The report's plant map page and its first inverter's page (a detail map) as RGB pixels at 100 dpi. */
async function mapPages(withPlans: boolean, name: string) {
  const created = await t.http.post(`/api/v1/audits/${auditId}/reports`).set(manager).send({ language: 'en', withPlans });
  expect(created.status, created.text).toBe(202);
  expect(created.body.report.withPlans).toBe(withPlans);
  expect((await waitJob(t, manager, created.body.jobId, 240)).state).toBe('completed');
  const pdf = await t.http.get(`/api/v1/reports/${created.body.report.id}/pdf`).set(manager).buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });
  const file = join(work, `${name}.pdf`);
  writeFileSync(file, pdf.body);
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).split('\f');
  const pixels = async (heading: RegExp, suffix: string) => {
    const page = text.findIndex((p) => heading.test(p)) + 1;
    expect(page, String(heading)).toBeGreaterThan(0);
    execFileSync('pdftoppm', ['-r', '100', '-f', String(page), '-l', String(page), '-singlefile', '-png', file, join(OUT, `${name}${suffix}`)]);
    return (await sharp(join(OUT, `${name}${suffix}.png`)).removeAlpha().raw().toBuffer({ resolveWithObject: true })).data;
  };
  return { plant: await pixels(/Plant map/, ''), detail: await pixels(/Inverter \S+ — non-conforming modules/, '-detail') };
}

/** Pixels of a colour (within 14 per channel). */
function count(rgb: Buffer, colour: number[]): number {
  let n = 0;
  for (let i = 0; i < rgb.length; i += 3) if ([0, 1, 2].every((c) => Math.abs((rgb[i + c] as number) - (colour[c] as number)) <= 14)) n += 1;
  return n;
}

describe('plans under the report maps', () => {
  it('draws the plant’s plan under the status maps only when the report asks for it', async () => {
    // The plan's dark blue (20, 40, 140) at its opacity over the map background #f4f3ee.
    const blend = [20, 40, 140].map((c, i) => Math.round(c * planOpacity + ([0xf4, 0xf3, 0xee][i] as number) * (1 - planOpacity)));
    const withPlan = await mapPages(true, 'report-plans-with');
    const without = await mapPages(false, 'report-plans-without');
    expect(count(without.plant, blend)).toBeLessThan(50);
    expect(count(withPlan.plant, blend)).toBeGreaterThan(2000);
    // The detail maps (SVG) let the plans show between the modules, at the same place.
    expect(count(without.detail, blend)).toBeLessThan(50);
    expect(count(withPlan.detail, blend)).toBeGreaterThan(2000);
  }, 600_000);
});
