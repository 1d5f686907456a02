// GetFeature of every module of a 250,000-module plant, as GeoJSON and as GML 3.2:
// time and peak memory of the server. npm run bench -- ogc [--modules 250000] [--runs 3]
// The server runs as a child process (node + tsx), so its peak RSS (VmHWM) is its own.
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { generatePlant } from '@calepin/data-fixtures';
import { migrate } from '@calepin/sql';
import pg from 'pg';
import { layerNamed } from '../gis-server/src/layers/catalog';
import { layerProperties } from '../gis-server/src/layers/columns';
import { TokenService } from '../gis-server/src/capabilities/auth/tokens';
import { DEFAULT_CRS, LONLAT } from '../gis-server/src/capabilities/ogc/crs';
import { type FeatureQuery, geojsonRowsSql, gmlRowsSql, selection } from '../gis-server/src/capabilities/ogc/query';
import { createDatabase, dropDatabase } from '../test-support/db';
import { machine, stats, writeSection } from './results';

const { values } = parseArgs({
  options: { modules: { type: 'string', default: '250000' }, runs: { type: 'string', default: '3' } },
  allowPositionals: true,
});
const modules = Number(values.modules);
const runs = Number(values.runs);
const secret = 'bench-secret-bench-secret-bench-secret-0123';

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

const peakRssMb = async (pid: number) => {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
};

const url = await createDatabase('calepin_bench_ogc');
await migrate(url);
const plant = await generatePlant(url, { modules });
console.log(`${plant.modules} modules generated in ${plant.seconds.toFixed(1)} s`);

// The database's own share: the same SQL, every row built inside PostgreSQL, none sent.
const pool = new pg.Pool({ connectionString: url, max: 2 });
const layer = layerNamed('modules') as NonNullable<ReturnType<typeof layerNamed>>;
const properties = await layerProperties(pool, layer);
const base0: FeatureQuery = { layer, properties, selected: properties, scope: null, offset: 0, limit: null, crs: LONLAT };
const dbSeconds: Record<string, number> = {};
for (const [format, built] of [
  ['geojson', geojsonRowsSql(await selection(pool, base0))],
  ['gml', gmlRowsSql(await selection(pool, { ...base0, crs: DEFAULT_CRS }), 'calepin')],
] as const) {
  const started = performance.now();
  await pool.query(`select sum(length(x::text)) from (${built.sql}) x`, built.values);
  dbSeconds[format] = (performance.now() - started) / 1000;
  console.log(`database alone, ${format}: ${dbSeconds[format].toFixed(2)} s`);
}
await pool.end();

const port = await freePort();
const server = spawn(process.execPath, ['--import', 'tsx', 'gis-server/src/main.ts'], {
  env: { ...process.env, DATABASE_URL: url, JWT_SECRET: secret, PORT: String(port), LOG_LEVEL: 'warn', CALEPIN_DEMO: '0' },
  stdio: ['ignore', 'inherit', 'inherit'],
});
const base = `http://127.0.0.1:${port}`;
for (let i = 0; i < 100; i++) {
  if (await fetch(`${base}/api/v1/health`).then((r) => r.ok, () => false)) break;
  await new Promise((r) => setTimeout(r, 200));
}
// Staff token (no database row needed: the server verifies the signature and claims only).
const token = await new TokenService(secret, 3600, 3600).issueAccess({
  id: '00000000-0000-4000-8000-000000000001', email: 'bench@calepin.test', role: 'admin', clientId: null, fullName: 'Bench', locale: 'en',
});
const idleMb = await peakRssMb(server.pid as number);

async function getAll(format: string): Promise<{ seconds: number; bytes: number; features: number }> {
  const query = new URLSearchParams({
    service: 'WFS', version: '2.0.0', request: 'GetFeature', typeNames: 'calepin:modules', count: String(modules + 1000),
    ...(format === 'geojson' ? { outputFormat: 'application/json' } : {}),
  });
  const started = performance.now();
  const response = await fetch(`${base}/ogc/wfs?${query}`, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok || !response.body) throw new Error(`GetFeature ${format}: ${response.status}`);
  let bytes = 0;
  let head = '';
  let features = 0;
  const marker = format === 'geojson' ? '"Feature"' : '<wfs:member>';
  let tail = '';
  const decoder = new TextDecoder();
  for await (const chunk of response.body) {
    bytes += chunk.length;
    const text = tail + decoder.decode(chunk, { stream: true });
    if (head.length < 500) head += text.slice(0, 500);
    features += text.split(marker).length - 1;
    tail = text.slice(-marker.length + 1);
  }
  const seconds = (performance.now() - started) / 1000;
  const returned = Number(/"?numberReturned"?[=:]"?(\d+)/.exec(head)?.[1]);
  if (features !== modules || returned !== modules) throw new Error(`${format}: ${features} features, numberReturned ${returned}`);
  return { seconds, bytes, features };
}

const rows: string[] = [];
try {
  for (const format of ['geojson', 'gml']) {
    const seconds: number[] = [];
    let bytes = 0;
    for (let run = 0; run < runs; run++) {
      const result = await getAll(format);
      seconds.push(result.seconds);
      bytes = result.bytes;
      console.log(`${format}: ${result.features} features, ${(result.bytes / 2 ** 20).toFixed(0)} MB in ${result.seconds.toFixed(2)} s`);
    }
    const s = stats(seconds);
    const peak = await peakRssMb(server.pid as number);
    rows.push(
      `| ${format === 'gml' ? 'GML 3.2' : 'GeoJSON'} | ${s.n} | ${s.median.toFixed(2)} | ${s.p95.toFixed(2)} | ${(dbSeconds[format] ?? 0).toFixed(2)} | ` +
        `${Math.round(bytes / 2 ** 20)} | ${Math.round(peak)} |`,
    );
  }
} finally {
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
  await dropDatabase('calepin_bench_ogc');
}

await writeSection(
  'ogc',
  `## WFS GetFeature of a whole plant (issue 7)

- machine: ${machine()}
- date: ${new Date().toISOString().slice(0, 10)}
- command: \`npm run bench -- ogc --modules ${modules} --runs ${runs}\`

One GetFeature (WFS 2.0.0, \`COUNT=${modules + 1000}\`) of all ${modules.toLocaleString('en')} modules of a generated
plant, streamed from PostgreSQL through a cursor, read to the end by the client (\`fetch\`).
The server is a child process; peak RSS is its VmHWM after the runs of that format
(cumulative: the GML row includes the GeoJSON runs). Idle server after start-up: ${Math.round(idleMb)} MB.
"Database alone" runs the same SQL inside PostgreSQL (every feature built, none sent),
for the share of the time that is PostGIS's. Load average at the end: ${loadavg().map((l) => l.toFixed(1)).join(', ')}
(the machine is shared).

| format | runs | median s | p95 s | database alone s | response MB | server peak RSS MB |
|---|---:|---:|---:|---:|---:|---:|
${rows.join('\n')}

Goal (issue 7): under 10 s and under 300 MB RSS.`,
);
console.log('bench/RESULTS.md updated');
