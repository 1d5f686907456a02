// Issue 18, the deliver side: npm run bench -- deliver [--runs 5].
// 1. The DiagPV importer on the real export (462 results): preview, then the import into a
//    fresh database (clients, plants, grids, audits, results), in-process through the API.
// 2. The Excel and CSV exports of the demo ground plant's EL audit (every module of the plant).
// 3. Validation of a report: the drawn signature stamped and the PDF signed (a 2-page draft).
import { readFile, mkdtemp, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { migrate } from '@calepin/sql';
import { loadDemo, DEMO_PLANTS } from '@calepin/data-fixtures';
import { bearer, testApp } from '../test-support/app';
import { TEMPLATE_DEMO, TEMPLATE_EMPTY, createDatabase, testDatabase } from '../test-support/db';
import { makeSelfSignedP12 } from '../gis-server/src/capabilities/report-workflow/certificate';
import { reportStore } from '../gis-server/src/capabilities/report-workflow/repo';
import { machine, stats, writeSection } from './results';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' } } });
const runs = Number(values.runs);
const ms = (n: number) => `${Math.round(n)} ms`;

await createDatabase(TEMPLATE_EMPTY).then(migrate);
await createDatabase(TEMPLATE_DEMO, TEMPLATE_EMPTY).then(loadDemo);
const dir = await mkdtemp(join(tmpdir(), 'calepin-bench-deliver-'));
const p12 = join(dir, 'signing.p12');
await writeFile(p12, makeSelfSignedP12('Bench', ''));
const content = await readFile(new URL('../data-fixtures/reference/diagpv-el-export.sql', import.meta.url), 'utf8');
const placements = [{ project: 'JALIBAT', location: [1.4442, 43.6047] }, { project: 'LES FORGES', location: [-2.6322, 48.0464] }];

// 1. The importer, each run on a database of its own.
const previewMs: number[] = [];
const importMs: number[] = [];
for (let i = 0; i < runs; i++) {
  const app = await testApp({ database: await testDatabase() });
  const manager = bearer(await app.token('manager'));
  let start = performance.now();
  const preview = await app.http.post('/api/v1/imports/diagpv/preview').set(manager).send({ content });
  previewMs.push(performance.now() - start);
  start = performance.now();
  const done = await app.http.post('/api/v1/imports/diagpv').set(manager).send({ content, placements });
  importMs.push(performance.now() - start);
  if (preview.status !== 200 || done.status !== 200) throw new Error(`${preview.text} ${done.text}`);
  console.log(`import run ${i + 1}: preview ${ms(previewMs.at(-1) as number)}, import ${ms(importMs.at(-1) as number)}`);
  await app.close();
}

// 2 and 3 on one app.
const app = await testApp({ config: { filesDir: join(dir, 'files'), reportSigning: { p12Path: p12, passphrase: '' } } });
const manager = bearer(await app.token('manager'));
const db = app.db.pool;
const { rows: [audit] } = await db.query(
  `select a.id, (select count(*)::int from modules m where m.plant_id = a.plant_id and m.deleted_at is null) as modules,
          (select count(*)::int from defects d where d.audit_id = a.id) as defects
     from audits a join plants p on p.id = a.plant_id where p.name = $1 and a.audit_type = 'el'`, [DEMO_PLANTS.ground.name]);
const exportMs: Record<'xlsx' | 'csv', number[]> = { xlsx: [], csv: [] };
const sizes: Record<'xlsx' | 'csv', number> = { xlsx: 0, csv: 0 };
let peakRss = process.memoryUsage().rss;
for (let i = 0; i < runs + 1; i++) {
  for (const kind of ['xlsx', 'csv'] as const) {
    const start = performance.now();
    const res = await app.http.get(`/api/v1/audits/${audit.id}/export.${kind}`).set(manager).buffer(true)
      .parse((r, done) => { const c: Buffer[] = []; r.on('data', (b: Buffer) => c.push(b)); r.on('end', () => done(null, Buffer.concat(c))); });
    if (res.status !== 200) throw new Error(res.text);
    if (i > 0) exportMs[kind].push(performance.now() - start);
    sizes[kind] = (res.body as Buffer).length;
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }
}
console.log('exports', exportMs);

const signature = `data:image/png;base64,${(await sharp(Buffer.from(
  '<svg xmlns="http://www.w3.org/2000/svg" width="600" height="250"><path d="M20 200 C 120 10, 300 240, 580 60" stroke="#000" stroke-width="12" fill="none"/></svg>')).png().toBuffer()).toString('base64')}`;
const validateMs: number[] = [];
const store = reportStore(app.app.deps.config.filesDir);
for (let i = 0; i < runs + 1; i++) {
  const doc = await PDFDocument.create();
  doc.addPage([595.28, 841.89]).drawText(`Draft ${i}`);
  doc.addPage([595.28, 841.89]);
  const stored = await store.put(Readable.from(Buffer.from(await doc.save())));
  const { rows: [report] } = await db.query(
    `insert into reports (plant_id, audit_id, title, document_key, sha256) select plant_id, id, 'Bench', $2, $3 from audits where id = $1 returning id`,
    [audit.id, store.key(stored.sha256), stored.sha256]);
  const start = performance.now();
  const res = await app.http.post(`/api/v1/reports/${report.id}/validate`).set(manager).send({ signature });
  if (res.status !== 200) throw new Error(res.text);
  if (i > 0) validateMs.push(performance.now() - start);
}
const load = loadavg()[0]?.toFixed(1);
await app.close();

const row = (what: string, values: number[]) => { const s = stats(values); return `| ${what} | ${ms(s.median)} | ${ms(s.p95)} | ${s.n} |`; };
await writeSection('deliver', `
## Reports (deliver side): DiagPV import, audit exports, signature

- machine: ${machine()}; load average ${load} at the end (other agents' work on the same 2 cores)
- date: ${new Date().toISOString().slice(0, 10)}
- command: \`npm run bench -- deliver --runs ${runs}\`
- import: the real DiagPV export (2 clients, 2 plants, 462 module results), each run into a fresh database
- exports: the demo ground plant's EL audit, ${audit.modules.toLocaleString('en')} modules, ${audit.defects} findings; xlsx ${Math.round(sizes.xlsx / 1024)} KiB, csv ${Math.round(sizes.csv / 1024)} KiB; process peak RSS ${Math.round(peakRss / 2 ** 20)} MiB
- validation: a 2-page draft, the drawn signature stamped, signed with an RSA-2048 certificate, stored, recorded

| measure | median | p95 | runs |
|---|---:|---:|---:|
${row('DiagPV preview (parse, match)', previewMs)}
${row('DiagPV import (grids, audits, results)', importMs)}
${row('audit export .xlsx', exportMs.xlsx)}
${row('audit export .csv (modules)', exportMs.csv)}
${row('report validation (stamp + signature)', validateMs)}
`);
console.log('written to bench/RESULTS.md');
process.exit(0);
