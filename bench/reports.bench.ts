// Audit reports: npm run bench -- reports [--runs 3] [--modules 250000] [--no-warmup].
// The PDF report of the 9,216-module demo plant's EL audit (or of a generated plant of
// --modules modules, bench/reports/plant.ts), rendered as its job does it
// (statistics, the plant map drawn by MapLibre in Chromium from the tile-server's tiles,
// one detail map per inverter drawn as SVG from the layout, with the plans under them by
// MapLibre when asked for; photos, the PDF printed and stored), timed end to end, with the
// peak memory of gis-server's process and of the print browser's processes beside it.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { migrate } from '@calepin/sql';
import { DEMO_PLANTS, loadDemo } from '@calepin/data-fixtures';
import { startTileServer } from '../tile-server/test/support';
import { bearer, testApp } from '../test-support/app';
import { TEMPLATE_DEMO, TEMPLATE_EMPTY, createDatabase, testDatabase } from '../test-support/db';
import { DEFAULT_PART_BYTES, renderReport } from '../gis-server/src/capabilities/reports/render/render';
import { machine, stats, writeSection } from './results';
import { reportBenchTemplate } from './reports/plant';
import sharp from 'sharp';
import { makeSelfSignedP12 } from '../gis-server/src/capabilities/report-workflow/certificate';
import { signReport } from '../gis-server/src/capabilities/report-workflow/sign';
import { reportStore } from '../gis-server/src/storage/report-store';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' }, modules: { type: 'string' }, warmup: { type: 'boolean', default: true } }, allowNegative: true });
const runs = Number(values.runs);
const generated = values.modules ? Number(values.modules) : null;

await createDatabase(TEMPLATE_EMPTY).then(migrate);
await createDatabase(TEMPLATE_DEMO, TEMPLATE_EMPTY).then(loadDemo);
const big = generated ? await reportBenchTemplate(generated, console.log) : null;
const filesDir = join(await mkdtemp(join(tmpdir(), 'calepin-bench-reports-')), 'files');
const database = await testDatabase(big?.template ?? TEMPLATE_DEMO);
const { tiles, url } = await startTileServer(database.url, filesDir);
const app = await testApp({ config: { filesDir, tileServerUrl: url }, database });
const manager = bearer(await app.token('manager'));
const db = app.db.pool;
const audit: string = big?.auditId ?? (await db.query(
  `select a.id from audits a join plants p on p.id = a.plant_id where p.name = $1 and a.audit_type = 'el'`, [DEMO_PLANTS.ground.name])).rows[0].id;
const modules: number = generated ?? DEMO_PLANTS.ground.modules;
const plantWords = generated ? `generated ${modules.toLocaleString('en')}-module plant's EL audit` : `${modules.toLocaleString('en')}-module demo plant's EL audit`;
const created = await app.http.post(`/api/v1/audits/${audit}/reports`).set(manager).send({ language: 'fr' });
if (created.status !== 202) throw new Error(created.text);
const reportId = created.body.report.id as string;

/** Every process below this one (Chromium and its renderers): pid and resident memory in MB. */
function children(): { pid: number; rssMb: number }[] {
  const rows = execFileSync('ps', ['-eo', 'pid=,ppid=,rss='], { encoding: 'utf8' }).trim().split('\n').map((l) => l.trim().split(/\s+/).map(Number));
  const mine = new Set([process.pid]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, ppid] of rows) if (!mine.has(pid as number) && mine.has(ppid as number)) { mine.add(pid as number); grew = true; }
  }
  return rows.filter(([pid]) => pid !== process.pid && mine.has(pid as number)).map((r) => ({ pid: r[0] as number, rssMb: (r[2] as number) / 1024 }));
}
const childrenRss = () => children().reduce((sum, c) => sum + c.rssMb, 0);

/**
 * CPU seconds spent so far by this process and the print browser's (user + system): what a
 * render costs whatever else the shared machine runs (PostgreSQL's share is not counted).
 */
function cpuSeconds(): number {
  const own = process.cpuUsage();
  let ticks = 0;
  for (const { pid } of children()) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
      // utime, stime, and cutime, cstime: the renderers of pages closed meanwhile are reaped by the browser process.
      ticks += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
    } catch { /* gone meanwhile */ }
  }
  return (own.user + own.system) / 1e6 + ticks / 100;
}

console.log(`report of ${modules} modules: ${values.warmup ? 'one warm-up render, then ' : ''}${runs}`);
const ms: number[] = [];
let pages = 0;
let size = 0;
let browserPeak = 0;
/** The print browser's peak while the maps are drawn, and while the PDF is printed. */
const phasePeak = { maps: 0, pdf: 0 };
let phase: keyof typeof phasePeak = 'maps';
/** The peak between two steps of the print (one part printed and joined each), for the console. */
let windowPeak = 0;
const partPeaks: number[] = [];
let printed = { parts: 0, htmlBytes: 0 };
const printSteps = { printMs: [] as number[], footerMs: [] as number[], joinMs: [] as number[] };
const STEPS = ['statistics', 'maps', 'pdf', 'mapDraw', 'mapPng', 'tileFetch'] as const;
const steps = Object.fromEntries(STEPS.map((k) => [k, [] as number[]])) as Record<(typeof STEPS)[number], number[]>;
const cpu: number[] = [];
/** The 1-minute load average at the end of each render: the machine is shared. */
const loads: number[] = [];
for (let i = values.warmup ? 0 : 1; i <= runs; i += 1) {
  phase = 'maps';
  const sampler = setInterval(() => {
    const rss = childrenRss();
    browserPeak = Math.max(browserPeak, rss);
    phasePeak[phase] = Math.max(phasePeak[phase], rss);
    windowPeak = Math.max(windowPeak, rss);
  }, 250);
  const start = performance.now();
  const cpuStart = cpuSeconds();
  const rendered = await renderReport(app.app.deps, reportId, null, (_progress, message) => {
    if (message === 'pdf') {
      if (phase === 'pdf') partPeaks.push(Math.round(windowPeak));
      phase = 'pdf';
      windowPeak = 0;
    }
  });
  clearInterval(sampler);
  if (i > 0) {
    ms.push(performance.now() - start);
    cpu.push(cpuSeconds() - cpuStart);
    for (const k of STEPS) steps[k].push(rendered.steps[k]);
    for (const k of ['printMs', 'footerMs', 'joinMs'] as const) printSteps[k].push(rendered.print[k]);
  }
  pages = rendered.pages ?? 0;
  size = rendered.size;
  printed = rendered.print;
  loads.push(loadavg()[0] ?? 0);
  console.log(`  print browser's peak per part (MB): ${partPeaks.splice(0).join(', ')}; after the last: ${Math.round(windowPeak)}`);
  console.log(`  ${Math.round(performance.now() - start)} ms (${JSON.stringify(rendered.steps)}, print ${JSON.stringify(rendered.print)}), ${pages} pages, ${(size / 2 ** 20).toFixed(1)} MB`);
}
// Then what the diagnostician's validation does to it: the drawn signature stamped on the last
// page and the whole PDF signed (pdf-lib reads and rewrites it), checked by pdfsig.
const rendered = (await db.query<{ sha256: string }>('select sha256 from reports where id = $1', [reportId])).rows[0] as { sha256: string };
const draft = readFileSync(reportStore(app.app.deps.config.filesDir).path(rendered.sha256));
const png = await sharp({ create: { width: 300, height: 100, channels: 4, background: '#000' } }).png().toBuffer();
const signStart = performance.now();
const { pdf: signedPdf } = await signReport(draft, {
  png, signer: 'Bench', at: new Date(), company: 'Bench', location: 'Bench', reason: 'bench', p12: makeSelfSignedP12('Bench', ''), passphrase: '', tsa: null,
});
const signMs = performance.now() - signStart;
const signedFile = join(filesDir, 'signed.pdf');
writeFileSync(signedFile, signedPdf);
const verified = execFileSync('pdfsig', [signedFile], { encoding: 'utf8' }).includes('Signature is Valid.');
console.log(`signed in ${Math.round(signMs)} ms, ${(signedPdf.length / 2 ** 20).toFixed(1)} MB, pdfsig ${verified ? 'valid' : 'NOT valid'}`);
const load = `${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}`;
const inverters = (await db.query('select count(*)::int as n from inverters where plant_id = (select plant_id from audits where id = $1)', [audit])).rows[0].n;
const nodePeak = process.resourceUsage().maxRSS / 1024;
const s = stats(ms);
const date = new Date().toISOString().slice(0, 10);
const sec = (values: number[]) => (stats(values).median / 1000).toFixed(1);
await writeSection(generated ? `reports-${generated}` : 'reports', `
## Audit reports${generated ? `: a generated plant of ${modules.toLocaleString('en')} modules` : ''}

\`npm run bench -- reports --runs ${runs}${generated ? ` --modules ${generated}` : ''}${values.warmup ? '' : ' --no-warmup'}\` — ${date}, ${machine()}.

| what | runs | median | p95 | goal |
|---|---|---|---|---|
| PDF report of the ${plantWords} (statistics, plant map at 201 dpi + up to ${inverters} inverter detail maps as SVG, PDF of ${pages} pages, ${(size / 2 ** 20).toFixed(1)} MB, stored) | ${s.n} | ${(s.median / 1000).toFixed(1)} s | ${(s.p95 / 1000).toFixed(1)} s | ${generated ? '≤ 3 min (250,000)' : '≤ 30 s'} |

Median by step: statistics ${sec(steps.statistics)} s, maps ${sec(steps.maps)} s (the detail maps' SVG, and summed over the MapLibre maps: moving the
map and drawing it until idle ${sec(steps.mapDraw)} s, of which fetching tiles ${sec(steps.tileFetch)} s, the PNGs ${sec(steps.mapPng)} s),
printing the PDF ${sec(steps.pdf)} s (${printed.parts} part${printed.parts > 1 ? 's' : ''} of ${(printed.htmlBytes / 2 ** 20).toFixed(1)} MB of HTML in all, at most
${((app.app.deps.config.reportPartBytes ?? DEFAULT_PART_BYTES) / 2 ** 20).toFixed(0)} MB each: printing them ${sec(printSteps.printMs)} s, the footers ${sec(printSteps.footerMs)} s, joining ${sec(printSteps.joinMs)} s). CPU time of a render (gis-server's process and the print
browser's, PostgreSQL not counted): median ${stats(cpu).median.toFixed(1)} s.
Validating it (the drawn signature stamped, the ${(size / 2 ** 20).toFixed(1)} MB PDF read and signed by pdf-lib and @signpdf, once): ${(signMs / 1000).toFixed(1)} s;
pdfsig: ${verified ? 'Signature is Valid' : '**not valid**'}.
Peak memory: gis-server's process (tests' in-process server, statistics, HTML, PDF buffer, signing)
${nodePeak.toFixed(0)} MB resident; the print browser (Chromium and its renderers, sampled
every 250 ms) ${browserPeak.toFixed(0)} MB (drawing the maps ${phasePeak.maps.toFixed(0)} MB, printing ${phasePeak.pdf.toFixed(0)} MB). Load average (1 min) at the end of each render: ${load} on 2 cores
(a shared machine: other work was running).
`);
await tiles.close();
await app.close();
process.exit(0);
