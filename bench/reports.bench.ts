// Audit reports: npm run bench -- reports [--runs 3].
// The PDF report of the 9,216-module demo plant's EL audit, rendered as its job does it
// (statistics, the plant map and one map per inverter drawn by MapLibre in Chromium from
// the tile-server's tiles, photos, the PDF printed and stored), timed end to end, with the
// peak memory of gis-server's process and of the print browser's processes beside it.
import { execFileSync } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { migrate } from '@calepin/sql';
import { DEMO_PLANTS, loadDemo } from '@calepin/data-fixtures';
import { startTileServer } from '../tile-server/test/support';
import { bearer, testApp } from '../test-support/app';
import { TEMPLATE_DEMO, TEMPLATE_EMPTY, createDatabase, testDatabase } from '../test-support/db';
import { renderReport } from '../gis-server/src/capabilities/reports/render/render';
import { machine, stats, writeSection } from './results';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' } } });
const runs = Number(values.runs);

await createDatabase(TEMPLATE_EMPTY).then(migrate);
await createDatabase(TEMPLATE_DEMO, TEMPLATE_EMPTY).then(loadDemo);
const filesDir = join(await mkdtemp(join(tmpdir(), 'calepin-bench-reports-')), 'files');
const database = await testDatabase();
const { tiles, url } = await startTileServer(database.url, filesDir);
const app = await testApp({ config: { filesDir, tileServerUrl: url }, database });
const manager = bearer(await app.token('manager'));
const db = app.db.pool;
const audit = (await db.query(
  `select a.id from audits a join plants p on p.id = a.plant_id where p.name = $1 and a.audit_type = 'el'`, [DEMO_PLANTS.ground.name])).rows[0].id;
const created = await app.http.post(`/api/v1/audits/${audit}/reports`).set(manager).send({ language: 'fr' });
if (created.status !== 202) throw new Error(created.text);
const reportId = created.body.report.id as string;

/** Resident memory of the print browser: every process below this one (Chromium and its renderers), in MB. */
function childrenRss(): number {
  const rows = execFileSync('ps', ['-eo', 'pid=,ppid=,rss='], { encoding: 'utf8' }).trim().split('\n').map((l) => l.trim().split(/\s+/).map(Number));
  const mine = new Set([process.pid]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, ppid] of rows) if (!mine.has(pid as number) && mine.has(ppid as number)) { mine.add(pid as number); grew = true; }
  }
  return rows.filter(([pid]) => pid !== process.pid && mine.has(pid as number)).reduce((sum, r) => sum + (r[2] as number), 0) / 1024;
}

console.log(`report of ${DEMO_PLANTS.ground.modules} modules: one warm-up render, then ${runs}`);
const ms: number[] = [];
let pages = 0;
let size = 0;
let browserPeak = 0;
const steps: { statistics: number[]; maps: number[]; pdf: number[] } = { statistics: [], maps: [], pdf: [] };
for (let i = 0; i <= runs; i += 1) {
  const sampler = setInterval(() => { browserPeak = Math.max(browserPeak, childrenRss()); }, 250);
  const start = performance.now();
  const rendered = await renderReport(app.app.deps, reportId, null);
  clearInterval(sampler);
  if (i > 0) {
    ms.push(performance.now() - start);
    for (const k of ['statistics', 'maps', 'pdf'] as const) steps[k].push(rendered.steps[k]);
  }
  pages = rendered.pages ?? 0;
  size = rendered.size;
  console.log(`  ${Math.round(performance.now() - start)} ms (${JSON.stringify(rendered.steps)}), ${pages} pages, ${(size / 2 ** 20).toFixed(1)} MB`);
}
const load = loadavg()[0]?.toFixed(1);
const nodePeak = process.resourceUsage().maxRSS / 1024;
const s = stats(ms);
const date = new Date().toISOString().slice(0, 10);
await writeSection('reports', `
## Audit reports

\`npm run bench -- reports --runs ${runs}\` — ${date}, ${machine()}.

| what | runs | median | p95 | goal |
|---|---|---|---|---|
| PDF report of the ${DEMO_PLANTS.ground.modules.toLocaleString('en')}-module demo plant's EL audit (statistics, plant map + ${(await db.query('select count(*)::int as n from inverters where plant_id = (select plant_id from audits where id = $1)', [audit])).rows[0].n} inverter maps at 201 dpi, PDF of ${pages} pages, ${(size / 2 ** 20).toFixed(1)} MB, stored) | ${s.n} | ${(s.median / 1000).toFixed(1)} s | ${(s.p95 / 1000).toFixed(1)} s | ≤ 30 s |

Median by step: statistics ${(stats(steps.statistics).median / 1000).toFixed(1)} s, maps
${(stats(steps.maps).median / 1000).toFixed(1)} s, printing the PDF ${(stats(steps.pdf).median / 1000).toFixed(1)} s.
Peak memory: gis-server's process (tests' in-process server, statistics, HTML, PDF buffer)
${nodePeak.toFixed(0)} MB resident; the print browser (Chromium and its renderers, sampled
every 250 ms) ${browserPeak.toFixed(0)} MB. Load average during the runs: ${load} on 2 cores
(a shared machine: other work was running).
`);
await tiles.close();
await app.close();
process.exit(0);
