// Calepin's WFS side by side with QGIS Server (Debian's qgis-server, one FastCGI process
// behind nginx) on the same PostGIS rows: a generated plant of 250,000 modules, the
// requests of issue 21 replayed interleaved, then GDAL and QGIS reading the whole layer
// with their default settings; time, features and the server's memory per request.
//   npm run bench -- ogc [--modules 250000] [--runs 5] [--client-runs 3] [--only <words of case names>]
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { layerProperties } from '../gis-server/src/layers/columns';
import { layerNamed } from '../gis-server/src/layers/catalog';
import { hashPassword } from '../gis-server/src/access/passwords';
import { type Measure, getCounted, ogr2ogr, qgisRead, withMemory } from './ogc/clients';
import { benchPlant } from './ogc/database';
import { type QgisServer, createQgisTable, installQgisServer, startQgisServer } from './ogc/qgis-server';
import { machine, stats, writeSection } from './results';

const { values } = parseArgs({
  options: {
    modules: { type: 'string', default: '250000' },
    runs: { type: 'string', default: '5' },
    'client-runs': { type: 'string', default: '3' },
    // Measure only the cases whose name contains one of these words (comma-separated); RESULTS.md is then left alone.
    only: { type: 'string' },
  },
  allowPositionals: true,
});
const modules = Number(values.modules);
const runs = Number(values.runs);
const clientRuns = Number(values['client-runs']);
const log = (line: string) => console.log(`ogc bench: ${line}`);

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

log('installing QGIS Server, spawn-fcgi and nginx when missing…');
await installQgisServer();
const plant = await benchPlant(modules, log);

// A staff account read through HTTP Basic, as QGIS and GDAL send it.
const EMAIL = 'bench@calepin.test';
const PASSWORD = `bench-${Math.random().toString(36).slice(2)}`;
const db = new pg.Pool({ connectionString: plant.url, max: 1 });
await db.query(
  `insert into users (email, password_hash, role, full_name, locale) values ($1, $2, 'technician', 'Bench', 'en')
   on conflict (email) where deleted_at is null do update set password_hash = excluded.password_hash, disabled_at = null`,
  [EMAIL, await hashPassword(PASSWORD)],
);
await createQgisTable(plant.url, await layerProperties(db, layerNamed('modules') as NonNullable<ReturnType<typeof layerNamed>>));
await db.end();

const port = await freePort();
const calepin: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'gis-server/src/main.ts'], {
  env: {
    ...process.env, DATABASE_URL: plant.url, JWT_SECRET: 'bench-secret-bench-secret-bench-secret-0123', PORT: String(port),
    LOG_LEVEL: 'warn', CALEPIN_DEMO: '0',
  },
  stdio: ['ignore', 'inherit', 'inherit'],
});
const calepinWfs = `http://127.0.0.1:${port}/ogc/wfs`;
for (let i = 0; i < 300 && !(await fetch(`http://127.0.0.1:${port}/api/v1/health`).then((r) => r.ok, () => false)); i++) {
  await new Promise((resolve) => setTimeout(resolve, 200));
}
const qgis: QgisServer = await startQgisServer(plant.url, { http: await freePort(), fcgi: await freePort() });
log(`Calepin at ${calepinWfs}, QGIS Server ${qgis.version} at ${qgis.url}`);
const dir = await mkdtemp(join(tmpdir(), 'calepin-ogc-bench-'));
let stopped: Promise<void> | null = null;
/** Stops both servers (also on Ctrl+C: they are child processes with listening ports). */
const stopServers = () =>
  (stopped ??= (async () => {
    calepin.kill('SIGTERM');
    await qgis.stop();
    await new Promise((resolve) => (calepin.exitCode !== null ? resolve(null) : calepin.once('exit', resolve)));
    await rm(dir, { recursive: true, force: true });
  })());
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void stopServers().then(() => process.exit(130)));
}

interface Server {
  name: 'Calepin' | 'QGIS Server';
  wfs: string;
  typeName: string;
  pid: number;
  headers: Record<string, string>;
  userpwd: string | null;
  user: string | null;
  password: string | null;
}
const basic = `Basic ${Buffer.from(`${EMAIL}:${PASSWORD}`).toString('base64')}`;
const servers: Server[] = [
  { name: 'Calepin', wfs: calepinWfs, typeName: 'calepin:modules', pid: calepin.pid as number, headers: { authorization: basic }, userpwd: `${EMAIL}:${PASSWORD}`, user: EMAIL, password: PASSWORD },
  { name: 'QGIS Server', wfs: qgis.url, typeName: 'modules', pid: qgis.pid, headers: {}, userpwd: null, user: null, password: null },
];

// A box over 10 % of the plant's modules area (a third of each side), lon/lat.
const [x0, y0, x1, y1] = plant.extent;
const side = Math.sqrt(0.1);
const bbox = [x0, y0, x0 + (x1 - x0) * side, y0 + (y1 - y0) * side];

const kvp = (s: Server, extra: Record<string, string>) =>
  `${s.wfs}?${new URLSearchParams({ SERVICE: 'WFS', VERSION: '1.1.0', REQUEST: 'GetFeature', TYPENAME: s.typeName, ...extra })}`;

interface Case {
  name: string;
  runs: number;
  /** Calls per run and server, 20 ms apart, each on a fresh connection (1 when absent). */
  calls?: number;
  /**
   * The server's first call is said apart, not counted in the median: a cost paid once per
   * server start (Calepin checks the Basic password with argon2 once; QGIS Server checks none).
   */
  firstApart?: boolean;
  measure(s: Server): Promise<Omit<Measure, 'peakMb' | 'startMb'>>;
}
/** GetCapabilities calls per run and server: one call per run was too few to tell 0.1–0.2 ms apart. */
const CAPABILITIES_CALLS = 8;
const cases: Case[] = [
  {
    name: 'GetCapabilities (1.1.0)',
    runs,
    calls: CAPABILITIES_CALLS,
    firstApart: true,
    measure: (s) => getCounted(`${s.wfs}?SERVICE=WFS&VERSION=1.1.0&REQUEST=GetCapabilities`, s.headers, 'gml').then((r) => ({ ...r, features: 0 })),
  },
  { name: 'full GetFeature, GML 3.1.1', runs, measure: (s) => getCounted(kvp(s, {}), s.headers, 'gml') },
  {
    name: 'full GetFeature, GeoJSON',
    runs,
    measure: (s) => getCounted(kvp(s, { OUTPUTFORMAT: 'application/json' }), s.headers, 'json'),
  },
  {
    name: 'BBOX over 10 % of the plant',
    runs,
    measure: (s) => getCounted(kvp(s, { BBOX: `${bbox.join(',')},EPSG:4326` }), s.headers, 'gml'),
  },
  { name: 'resultType=hits', runs, measure: (s) => getCounted(kvp(s, { RESULTTYPE: 'hits' }), s.headers, 'hits') },
  {
    name: '`ogr2ogr` to GPKG with `?VERSION=1.1.0`',
    runs: clientRuns,
    measure: (s) => ogr2ogr(dir, `WFS:${s.wfs}?VERSION=1.1.0`, s.typeName, s.userpwd),
  },
  { name: 'GDAL defaults: `ogr2ogr` to GPKG', runs: clientRuns, measure: (s) => ogr2ogr(dir, `WFS:${s.wfs}`, s.typeName, s.userpwd) },
  { name: 'QGIS 3.22 defaults: add the layer, read every feature', runs: clientRuns, measure: (s) => qgisRead(dir, s.wfs, s.typeName, s.user, s.password) },
];

const only = values.only?.split(',').map((w) => w.trim().toLowerCase());
const selected = only ? cases.filter((c) => only.some((w) => c.name.toLowerCase().includes(w))) : cases;

type Results = Map<string, Map<Server['name'], (Measure & { bytes?: number })[]>>;
const results: Results = new Map(cases.map((c) => [c.name, new Map(servers.map((s) => [s.name, []]))]));
const deep: string[] = [];
try {
  // Interleaved: every case on both servers in turn, the order swapped at every run.
  for (let run = 0; run < runs; run++) {
    for (const c of selected) {
      if (run >= c.runs) continue;
      for (const s of run % 2 ? [...servers].reverse() : servers) {
        for (let call = 0; call < (c.calls ?? 1); call++) {
          if (call > 0) await new Promise((resolve) => setTimeout(resolve, 20));
          const m = await withMemory(s.pid, () => c.measure(s));
          results.get(c.name)?.get(s.name)?.push(m);
          const took = m.seconds < 1 ? `${(m.seconds * 1000).toFixed(2)} ms` : `${m.seconds.toFixed(3)} s`;
          log(`run ${run + 1} ${c.name} / ${s.name}: ${took}, ${m.features} features, peak ${Math.round(m.peakMb)} MB`);
        }
      }
    }
  }
  // Deep pages as GDAL used to ask them (COUNT=100), WFS 2.0.0: Calepin only (QGIS Server 3.22 speaks 1.1.0).
  for (const start of only ? [] : [0, 100_000, modules - 100]) {
    const url = `${calepinWfs}?SERVICE=WFS&VERSION=2.0.0&REQUEST=GetFeature&TYPENAMES=calepin:modules&COUNT=100&STARTINDEX=${start}`;
    const cold = await getCounted(url, servers[0]?.headers ?? {}, 'gml');
    const next = await getCounted(url.replace(`STARTINDEX=${start}`, `STARTINDEX=${start + 100}`), servers[0]?.headers ?? {}, 'gml');
    deep.push(`| ${start.toLocaleString('en')} | ${(cold.seconds * 1000).toFixed(0)} | ${(next.seconds * 1000).toFixed(0)} |`);
  }
} finally {
  await stopServers();
}

if (only) {
  for (const c of selected) {
    for (const s of servers) {
      const all = results.get(c.name)?.get(s.name) ?? [];
      const { median, p95 } = stats(all.slice(1).map((m) => m.seconds * 1000));
      log(`${c.name} / ${s.name}: first ${((all[0]?.seconds ?? Number.NaN) * 1000).toFixed(2)} ms, then median ${median.toFixed(2)} ms, p95 ${p95.toFixed(2)} ms`);
    }
  }
  log('--only: bench/RESULTS.md left as it is');
  process.exit(0);
}

const fmt = (seconds: number) => (seconds < 1 ? `${(seconds * 1000).toFixed(seconds < 0.01 ? 1 : 0)} ms` : `${seconds.toFixed(2)} s`);
const firsts = (c: Case) => servers.map((s) => fmt(results.get(c.name)?.get(s.name)?.[0]?.seconds ?? Number.NaN));
const rows = cases.map((c) => {
  const [ours, theirs] = servers.map((s) => results.get(c.name)?.get(s.name) ?? []) as [Measure[], Measure[]];
  const counted = (ms: Measure[]) => (c.firstApart ? ms.slice(1) : ms).map((m) => m.seconds);
  const [a, b] = [stats(counted(ours)), stats(counted(theirs))];
  const [ourFirst, theirFirst] = firsts(c);
  const first = (which: string | undefined) => (c.firstApart ? `; first ${which}` : '');
  const features = [...new Set(ours.map((m) => m.features))].join('/') + ' / ' + [...new Set(theirs.map((m) => m.features))].join('/');
  const peak = (ms: Measure[]) => Math.round(Math.max(...ms.map((m) => m.peakMb)));
  const ratio = b.median / a.median;
  return (
    `| ${c.name} | ${a.n} | ${fmt(a.median)} (p95 ${fmt(a.p95)}${first(ourFirst)}) | ${fmt(b.median)} (p95 ${fmt(b.p95)}${first(theirFirst)}) | ` +
    `${ratio >= 1 ? `${ratio.toFixed(1)}×` : `**${ratio.toFixed(2)}×**`} | ${c.name.startsWith('GetCapabilities') ? '–' : features} | ${peak(ours)} | ${peak(theirs)} |`
  );
});

await writeSection(
  'ogc',
  `## WFS at plant scale: Calepin and QGIS Server side by side (issue 21)

- machine: ${machine()}
- date: ${new Date().toISOString().slice(0, 10)}
- command: \`npm run bench -- ogc --modules ${modules} --runs ${runs} --client-runs ${clientRuns}\`
- data: one generated plant of ${modules.toLocaleString('en')} modules (database \`calepin_bench_ogc\`, kept between runs);
  QGIS Server ${qgis.version} reads the same rows and columns, copied from Calepin's \`modules\` relation into a table
  with an int8 key and a GiST index (its best case: through a view of the relation its BBOX request took 84 s)
- servers: Calepin's gis-server (one Node process, HTTP Basic of a staff account); QGIS Server as one FastCGI
  process (\`qgis_mapserv.fcgi\` under spawn-fcgi) behind nginx, both on 127.0.0.1
- requests: WFS 1.1.0 (QGIS Server 3.22 has no 2.0), interleaved, the server order swapped at each run;
  the client rows (GDAL, QGIS) use each program with no option but the credentials
- features: counted in each response, in the GeoPackage GDAL wrote, or by QGIS (Calepin / QGIS Server);
  memory: peak resident memory of the server process while the request ran (sampled every 50 ms)
- load average at the end: ${loadavg().map((l) => l.toFixed(1)).join(', ')} (the 2 cores are shared with other work)

| request | calls | Calepin median | QGIS Server median | QGIS Server ÷ Calepin | features | Calepin peak RSS MB | QGIS Server peak RSS MB |
|---|---:|---|---|---:|---|---:|---:|
${rows.join('\n')}

GetCapabilities: ${CAPABILITIES_CALLS} calls per run and server, 20 ms apart, each on a fresh connection (QGIS and GDAL
ask it at every connection); the median and p95 count every call but each server's first, said apart: Calepin's
first call after start took ${cases[0] ? firsts(cases[0])[0] : '?'}, most of it argon2 checking the Basic password (QGIS Server has no
authentication here). The layers' extents are kept per plant by the writes (\`layer_extents\`), and the document
is remembered until a layer changes and given again before Koa to the same request and credential (\`replay.ts\`).

Deep pages, WFS 2.0.0 with \`COUNT=100\` (what GDAL asked before CountDefault was where it reads it), Calepin:
the first request at a position finds its start over ids alone; the next page starts where it ended.

| STARTINDEX | first page there, ms | the page after it, ms |
|---:|---:|---:|
${deep.join('\n')}

Goal (issue 21): Calepin ahead of QGIS Server on every line, GDAL's and QGIS's defaults included, with the same
feature counts.`,
);
log('bench/RESULTS.md updated');
