// The real case (issue 18): the current platform's EL export imported as a user does it, then
// the JALIBAT report rendered from it — the report the company sends today
// (../shared/reference/current-platform/el-audit-report-example.pdf, 242 modules, 11 pages),
// made by Calepin. Its pages are written beside the screenshots to be looked at; docs/reports.md
// puts them page by page beside the reference.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, bearer, waitJob } from '../../../test-support/app';
import { type PrintApp, printApp } from '../../../test-support/print-app';

const REAL = readFileSync(new URL('../../../data-fixtures/reference/diagpv-el-export.sql', import.meta.url).pathname, 'utf8');
// Beside the browser tests' screenshots: pages to look at, not committed.
const OUT = new URL('../../../e2e/screenshots/', import.meta.url).pathname;

let app: PrintApp;
let t: TestApp;
let manager: Record<string, string>;

beforeAll(async () => {
  app = await printApp();
  t = app.t;
  manager = bearer(await t.token('manager'));
  mkdirSync(OUT, { recursive: true });
}, 120_000);
afterAll(() => app?.close());

describe('the JALIBAT report', () => {
  it('is made from the imported export: every non-conforming module named, nothing "null"', async () => {
    const imported = await t.http.post('/api/v1/imports/diagpv').set(manager).send({
      content: REAL,
      placements: [
        { project: 'JALIBAT', location: [1.4442, 43.6047] },
        { project: 'LES FORGES', location: [-2.6322, 48.0464], azimuthDeg: 165 },
      ],
    });
    expect(imported.status, imported.text).toBe(200);
    const auditId: string = imported.body.audits[0].id;
    const plantId: string = imported.body.plants[0].id;

    const created = await t.http.post(`/api/v1/audits/${auditId}/reports`).set(manager).set('accept-language', 'fr').send({});
    expect(created.status, created.text).toBe(202);
    const job = await waitJob(t, manager, created.body.jobId, 240);
    expect(job.state, JSON.stringify(job)).toBe('completed');
    const pdf = await t.http.get(`/api/v1/reports/${created.body.report.id}/pdf`).set(manager).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
    expect(pdf.status).toBe(200);
    const file = join(OUT, 'jalibat-report-fr.pdf');
    writeFileSync(file, pdf.body);
    execFileSync('pdftoppm', ['-r', '60', '-png', file, join(OUT, 'jalibat-report-fr')]);

    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain('JALIBAT');
    expect(flat).toContain('242 modules ont été inspectés');
    expect(text).not.toMatch(/\bnull\b/);
    // Every module the audit found non-conforming is in the report's table, by its code.
    const { rows } = await t.db.pool.query<{ code: string }>(
      `select m.code from audit_modules am join modules m on m.id = am.module_id
        where am.audit_id = $1 and am.status <> 'ok' and am.deleted_at is null`, [auditId]);
    expect(rows.length).toBeGreaterThan(100);
    for (const { code } of rows) expect(flat, code).toMatch(new RegExp(`\\b${code}\\b`));
    // The diagnostician's comment on a dead module travels to the report.
    expect(flat).toContain('photo zoom cellule impact');
    // Codes in their natural order: S1-M7 before S1-M11, S2 before S10.
    expect(flat.indexOf('S1-M7 ')).toBeLessThan(flat.indexOf('S1-M11 '));
    expect(flat.indexOf('S2-M11 ')).toBeLessThan(flat.indexOf('S10-M1 '));
    // The export gives no module model: the report says the loss is unknown, not "0 kWp".
    expect(flat).toContain('Leur coût ne peut être chiffré : les modules n’ont pas de modèle');
    expect(flat).toContain('184 modules non conformes n’ont pas de modèle de module');
    expect(flat).not.toContain('0 kWh par an');
    // The importer's bookkeeping is not a measurement condition.
    expect(flat).not.toContain('auditToken');
    expect(flat).toContain('Résultats importés de l’export de la plateforme DiagPV');
    const plant = await t.http.get(`/api/v1/plants/${plantId}/reports`).set(manager);
    expect(plant.body.items[0].pages).toBeGreaterThan(4);
  }, 300_000);
});
