// Audit exports at plant scale: npm run bench -- exports [--runs 3] [--modules 250000].
// The Excel workbook and the two CSV tables of an EL audit — the demo ground plant's, or a
// generated plant's of --modules modules (the reports bench's template, bench/reports/plant.ts)
// — read through the API as a client reads them, timed, with their sizes and the peak
// resident memory of the process (in-process server: what it held while streaming).
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { migrate } from '@calepin/sql';
import { DEMO_PLANTS, loadDemo } from '@calepin/data-fixtures';
import { bearer, testApp } from '../test-support/app';
import { TEMPLATE_DEMO, TEMPLATE_EMPTY, createDatabase, testDatabase } from '../test-support/db';
import { machine, stats, writeSection } from './results';
import { reportBenchTemplate } from './reports/plant';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' }, modules: { type: 'string' } } });
const runs = Number(values.runs);
const generated = values.modules ? Number(values.modules) : null;

await createDatabase(TEMPLATE_EMPTY).then(migrate);
await createDatabase(TEMPLATE_DEMO, TEMPLATE_EMPTY).then(loadDemo);
const big = generated ? await reportBenchTemplate(generated, console.log) : null;
const app = await testApp({ database: await testDatabase(big?.template ?? TEMPLATE_DEMO) });
const manager = bearer(await app.token('manager'));
const auditId: string = big?.auditId ?? (await app.db.pool.query(
  `select a.id from audits a join plants p on p.id = a.plant_id where p.name = $1 and a.audit_type = 'el'`, [DEMO_PLANTS.ground.name])).rows[0].id;
const { rows: [counts] } = await app.db.pool.query(
  `select count(*)::int as modules, (select count(*)::int from defects d where d.audit_id = $1) as findings
     from audit_modules am where am.audit_id = $1`, [auditId]);

const EXPORTS = [
  { name: 'Excel workbook (.xlsx: summary, module results, defects)', path: 'export.xlsx' },
  { name: 'CSV, module results', path: 'export.csv?table=modules' },
  { name: 'CSV, defects', path: 'export.csv?table=defects' },
] as const;
const times = EXPORTS.map(() => [] as number[]);
const sizes = EXPORTS.map(() => 0);
let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => { peakRss = Math.max(peakRss, process.memoryUsage().rss); }, 100);
for (let run = 1; run <= runs; run++) {
  for (const [i, e] of EXPORTS.entries()) {
    const start = performance.now();
    let bytes = 0;
    const res = await app.http.get(`/api/v1/audits/${auditId}/${e.path}`).set(manager).buffer(true).parse((r, done) => {
      r.on('data', (c: Buffer) => { bytes += c.length; });
      r.on('end', () => done(null, null));
    });
    if (res.status !== 200) throw new Error(`${e.path}: ${res.status}`);
    (times[i] as number[]).push(performance.now() - start);
    sizes[i] = bytes;
    console.log(`run ${run} ${e.path}: ${Math.round(performance.now() - start)} ms, ${(bytes / 2 ** 20).toFixed(1)} MB`);
  }
}
clearInterval(sampler);
const sec = (ms: number) => (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`);
const plant = generated ? `a generated plant of ${generated.toLocaleString('en')} modules` : `the ${DEMO_PLANTS.ground.modules.toLocaleString('en')}-module demo ground plant`;
await writeSection(generated ? `exports-${generated}` : 'exports', `
## Audit exports: Excel and CSV of ${plant}

\`npm run bench -- exports --runs ${runs}${generated ? ` --modules ${generated}` : ''}\` — ${new Date().toISOString().slice(0, 10)}, ${machine()}.
The EL audit: ${counts.modules.toLocaleString('en')} module results, ${counts.findings.toLocaleString('en')} findings; read through the API
(in-process server, the client's bytes counted as they come). Peak resident memory of the process over all runs:
${Math.round(peakRss / 2 ** 20)} MB (the exports stream from a database cursor). Load average at the end: ${loadavg().map((l) => l.toFixed(1)).join(', ')}.

| export | runs | median | p95 | size |
|---|---|---|---|---|
${EXPORTS.map((e, i) => { const s = stats(times[i] as number[]); return `| ${e.name} | ${s.n} | ${sec(s.median)} | ${sec(s.p95)} | ${(sizes[i] as number / 2 ** 20).toFixed(1)} MB |`; }).join('\n')}
`);
await app.close();
process.exit(0);
