// Background jobs under a burst: npm run bench -- jobs [--label after] [--big 10000x7000] [--timeout 1200]
// Four companies upload 20 plans at once to one in-process gis-server (demo data plus two
// more companies): 17 small PNGs (2,000 × 1,400 px) and one large PNG (--big), all with a
// world file, and two DWGs in Lambert-93 with their .prj (the fixture, and one of 20,000 more
// outlines, 430 KB), so that every plan is warped with no click. For each plan: the time from the burst until it is georeferenced; at the end,
// every job must be completed in job_progress and in pg-boss (none lost, none stuck).
// The same file runs against an older checkout (it uses only the HTTP API and the database).
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { writeLargeDwg, writePlanFixtures } from '@calepin/data-fixtures/plans';
import { DEMO_PLANTS, loadDemo } from '@calepin/data-fixtures';
import { migrate } from '@calepin/sql';
import { bearer, testApp } from '../test-support/app';
import { TEMPLATE_DEMO, TEMPLATE_EMPTY, createDatabase } from '../test-support/db';
import { machine, stats, writeSection } from './results';

// The server's own process settings (thread pool, GDAL cache), where this checkout has them.
await import('../gis-server/src/runtime').catch(() => undefined);

const { values } = parseArgs({
  options: {
    label: { type: 'string' },
    big: { type: 'string', default: '10000x7000' },
    timeout: { type: 'string', default: '1200' },
  },
});
const label = values.label ?? execFileSync('git', ['rev-parse', '--short', 'HEAD']).toString().trim();
const [bigW, bigH] = values.big!.split('x').map(Number) as [number, number];
const timeoutS = Number(values.timeout);

await createDatabase(TEMPLATE_EMPTY).then(migrate);
await createDatabase(TEMPLATE_DEMO, TEMPLATE_EMPTY).then(loadDemo);

const dir = await mkdtemp(join(tmpdir(), 'calepin-bench-jobs-'));
console.log(`writing the plans (one of ${bigW} × ${bigH})…`);
const small = await writePlanFixtures(await mkdir(join(dir, 'small')).then(() => join(dir, 'small')));
const big = await writePlanFixtures(await mkdir(join(dir, 'big')).then(() => join(dir, 'big')), { width: bigW, height: bigH }, { rasterOnly: true });
const largeDwg = join(dir, 'large.dwg');
await writeLargeDwg(small, largeDwg);

const api = await testApp({ config: { filesDir: join(dir, 'files'), uploadLimitBytes: 2 ** 30, dbPoolSize: 10 } });
const db = api.db.pool;
const manager = bearer(await api.token('manager'));
const plantOf = async (name: string) => (await db.query('select id from plants where name = $1', [name])).rows[0].id as string;
async function company(name: string): Promise<string> {
  const client = (await db.query('insert into clients (name) values ($1) returning id', [name])).rows[0].id;
  return (await db.query(
    `insert into plants (client_id, name, srid, location) values ($1, $2, 2154, st_setsrid(st_point(1.19, 43.50), 4326)) returning id`,
    [client, `Centrale ${name}`])).rows[0].id;
}
const plants = {
  A: await plantOf(DEMO_PLANTS.ground.name),
  B: await plantOf(DEMO_PLANTS.rooftop.name),
  C: await company('Solaire du Lauragais'),
  D: await company('Énergies de la Save'),
};

type Kind = 'small' | 'big' | 'dwg';
// Company A uploads many (the big plan and eight small ones), B and C a DWG and three small, D three small.
const uploads: { company: keyof typeof plants; kind: Kind }[] = [
  { company: 'A', kind: 'big' }, ...Array.from({ length: 8 }, () => ({ company: 'A' as const, kind: 'small' as const })),
  { company: 'B', kind: 'dwg' }, ...Array.from({ length: 3 }, () => ({ company: 'B' as const, kind: 'small' as const })),
  { company: 'C', kind: 'dwg' }, ...Array.from({ length: 3 }, () => ({ company: 'C' as const, kind: 'small' as const })),
  ...Array.from({ length: 3 }, () => ({ company: 'D' as const, kind: 'small' as const })),
];

function post(company: keyof typeof plants, kind: Kind, n: number) {
  const req = api.http.post(`/api/v1/plants/${plants[company]}/plans`).set(manager).field('name', `${company}-${kind}-${n}`);
  // B's DWG is the fixture (30 outlines, a few KB); C's has 20,000 more (430 KB).
  if (kind === 'dwg') return req.attach('file', company === 'C' ? largeDwg : small.files.dwgLambert).attach('prj', small.files.prj);
  const f = kind === 'big' ? big : small;
  return req.attach('file', f.files.png).attach('worldFile', f.files.pgw).attach('prj', f.files.prj);
}

const load = { start: loadavg(), top: '' };
console.log('20 uploads at once…');
const t0 = performance.now();
const since = () => (performance.now() - t0) / 1000;
type Plan = (typeof uploads)[number] & { id: string | null; answeredS: number | null; doneS: number | null; status: string };
const plans: Plan[] = uploads.map((u) => ({ ...u, id: null, answeredS: null, doneS: null, status: '' }));
const sent = Promise.all(plans.map(async (plan, n) => {
  const res = await post(plan.company, plan.kind, n);
  if (res.status !== 202) throw new Error(`upload ${plan.company}-${plan.kind}: ${res.status} ${res.text}`);
  plan.id = res.body.plan.id;
  plan.answeredS = since();
}));
let failedUpload: unknown = null;
sent.catch((error: unknown) => (failedUpload = error));

// Polled in the database (not through the API, to add no load), from the burst on: statuses and jobs running at once.
let mostActive = 0;
for (;;) {
  if (failedUpload) throw failedUpload;
  const ids = plans.flatMap((p) => (p.id ? [p.id] : []));
  const { rows } = await db.query<{ id: string; status: string }>('select id, status from plans where id = any($1)', [ids]);
  for (const row of rows) {
    const plan = plans.find((p) => p.id === row.id)!;
    plan.status = row.status;
    if (plan.doneS === null && (row.status === 'georeferenced' || row.status === 'failed')) plan.doneS = since();
  }
  const active = await db.query(`select count(*) from job_progress where state = 'active'`);
  mostActive = Math.max(mostActive, Number(active.rows[0].count));
  if (!load.top && since() > 10) load.top = execFileSync('ps', ['-eo', 'pcpu,comm', '--sort=-pcpu', '--no-headers']).toString().split('\n').slice(0, 8).map((l) => l.trim()).join('; ');
  if (plans.every((p) => p.doneS !== null) || since() > timeoutS) break;
  await new Promise((r) => setTimeout(r, 200));
}
const wall = since();
const loadEnd = loadavg();

// Nothing lost, nothing stuck: every job ended, in job_progress and in pg-boss.
const progress = (await db.query(`select state, count(*)::int as n from job_progress group by state order by state`)).rows;
const boss = (await db.query(`select state, count(*)::int as n from pgboss.job where name like 'plan-process%' group by state order by state`)).rows;
await api.close();
await rm(dir, { recursive: true, force: true });

const fmt = (v: number) => v.toFixed(1);
const row = (name: string, list: typeof plans) => {
  const done = list.filter((p) => p.doneS !== null).map((p) => p.doneS!);
  if (done.length === 0) return `| ${name} | ${list.length} | 0 | – | – | – |`;
  const s = stats(done);
  return `| ${name} | ${list.length} | ${done.length} | ${fmt(s.median)} | ${fmt(s.p95)} | ${fmt(Math.max(...done))} |`;
};
const georeferenced = plans.filter((p) => p.status === 'georeferenced').length;
const table = [
  '| plans | count | georeferenced | median s | p95 s | last s |',
  '|---|---:|---:|---:|---:|---:|',
  row('all', plans),
  row('small PNG (2,000 × 1,400)', plans.filter((p) => p.kind === 'small')),
  row('small PNG of companies B, C, D', plans.filter((p) => p.kind === 'small' && p.company !== 'A')),
  row('small PNG of company A (9 uploads)', plans.filter((p) => p.kind === 'small' && p.company === 'A')),
  row(`large PNG (${bigW.toLocaleString('en')} × ${bigH.toLocaleString('en')})`, plans.filter((p) => p.kind === 'big')),
  row('DWG (Lambert-93 + .prj; 4 KB and 430 KB)', plans.filter((p) => p.kind === 'dwg')),
].join('\n');
const answered = plans.flatMap((p) => (p.answeredS === null ? [] : [p.answeredS]));
const uploadS = stats(answered);
console.log(table);

await writeSection(
  `jobs-${label}`,
  `### Jobs: 20 plans uploaded at once by 4 companies — ${label}

- machine: ${machine()}; load average ${load.start.map(fmt).join(', ')} at the start, ${loadEnd.map(fmt).join(', ')} at the end
- busiest processes 10 s in (ps, % CPU and command): ${load.top}
- date: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC
- command: \`npm run bench -- jobs --label ${label}\`; UV_THREADPOOL_SIZE ${process.env.UV_THREADPOOL_SIZE ?? '4 (default)'}, GDAL_CACHEMAX ${process.env.GDAL_CACHEMAX ?? "GDAL's default (5 % of RAM)"}

Time from the burst until each plan is georeferenced (uploads answered: median ${fmt(uploadS.median)} s, last ${fmt(Math.max(...answered))} s):

${table}

All done in ${fmt(wall)} s; ${georeferenced} of 20 georeferenced; most jobs active at once: ${mostActive}.
job_progress at the end: ${progress.map((r) => `${r.state} ${r.n}`).join(', ')}; pg-boss: ${boss.map((r) => `${r.state} ${r.n}`).join(', ')}.
Order of completion (company-kind, upload answered → georeferenced, s): ${plans.filter((p) => p.doneS !== null).sort((a, b) => a.doneS! - b.doneS!)
    .map((p) => `${p.company}-${p.kind} ${fmt(p.answeredS ?? 0)} → ${fmt(p.doneS!)}`).join(', ')}.`,
);
console.log('bench/RESULTS.md updated');
