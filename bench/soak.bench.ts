// Memory soak of gis-server (issue 13: it stayed at 1.77 GB resident after a decompression
// bomb and ordinary use). npm run bench -- soak [--rounds 3] [--idle 120] [--ceiling 400]
// [--raw-malloc: glibc's allocator as it comes, without scripts/start.sh's MALLOC_* settings]
// The server runs as a child process on the demo data; its resident memory (VmRSS) is
// sampled every 250 ms through a load of decompression bombs and ordinary use (plans
// warped and drawn, API, WFS and GeoPackage reads), then while it idles: it must come back
// under the ceiling.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import gdal from 'gdal-async';
import pg from 'pg';
import { DEMO_PASSWORD, DEMO_PLANTS, loadDemo } from '@calepin/data-fixtures';
import { migrate } from '@calepin/sql';
import { createDatabase, dropDatabase } from '../test-support/db';
import { bombPng, emptyPng } from '../test-support/png-bombs';
import { machine, stats, writeSection } from './results';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    idle: { type: 'string', default: '120' },
    ceiling: { type: 'string', default: '400' },
    'raw-malloc': { type: 'boolean', default: false },
  },
  allowPositionals: true,
});
const rounds = Number(values.rounds);
const idleSeconds = Number(values.idle);
const ceilingMb = Number(values.ceiling);
const secret = 'bench-secret-bench-secret-bench-secret-0123';
const DB = 'calepin_bench_soak';

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

const statusMb = async (pid: number, field: 'VmRSS' | 'VmHWM') =>
  Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(await readFile(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

/** An ordinary scanned plan: 6,000 × 4,000 px RGB with a grid and some shading, as a PNG. */
function ordinaryPlan(path: string): void {
  const [w, h] = [6000, 4000];
  const ds = gdal.open('plan', 'w', 'MEM', w, h, 3, gdal.GDT_Byte);
  for (let band = 1; band <= 3; band++) {
    const rows = 200;
    for (let y0 = 0; y0 < h; y0 += rows) {
      const data = new Uint8Array(w * rows);
      for (let y = 0; y < rows; y++) {
        for (let x = 0; x < w; x++) data[y * w + x] = (x + y0 + y) % 100 < 3 ? 20 * band : 235 - ((x * band + (y0 + y)) % 40);
      }
      ds.bands.get(band).pixels.write(0, y0, w, rows, data);
    }
  }
  gdal.drivers.get('PNG').createCopy(path, ds).close();
  ds.close();
}

const url = await createDatabase(DB);
await migrate(url);
await loadDemo(url);
const files = await mkdtemp(join(tmpdir(), 'calepin-soak-'));
const planPath = join(files, 'ordinary.png');
ordinaryPlan(planPath);
const bomb = await bombPng(30_000);
const empty = emptyPng(100_000, 100_000);
const db = new pg.Client({ connectionString: url });
await db.connect();
const ground = (await db.query<{ id: string; x: number; y: number }>(
  `select id, st_x(st_transform(location, 2154)) as x, st_y(st_transform(location, 2154)) as y from plants where name = $1`,
  [DEMO_PLANTS.ground.name],
)).rows[0] as { id: string; x: number; y: number };
await db.end();
// The plan covers 300 × 200 m around the plant's location (5 cm a pixel).
const worldFile = [0.05, 0, 0, -0.05, ground.x - 150, ground.y + 100].join('\n');

const port = await freePort();
// glibc's allocator as scripts/start.sh sets it for the servers (unless --raw-malloc).
const malloc = values['raw-malloc']
  ? {}
  : { MALLOC_ARENA_MAX: '2', MALLOC_MMAP_THRESHOLD_: '131072', MALLOC_TRIM_THRESHOLD_: '131072' };
const server = spawn(process.execPath, ['--import', 'tsx', 'gis-server/src/main.ts'], {
  env: { ...process.env, ...malloc, DATABASE_URL: url, JWT_SECRET: secret, PORT: String(port), LOG_LEVEL: 'warn', CALEPIN_DEMO: '1', CALEPIN_FILES_DIR: files },
  stdio: ['ignore', 'inherit', 'inherit'],
});
const pid = server.pid as number;
const base = `http://127.0.0.1:${port}`;
while (!(await fetch(`${base}/api/v1/health`).then((r) => r.ok, () => false))) await new Promise((r) => setTimeout(r, 200));

const samples: { t: number; mb: number; phase: string }[] = [];
let phase = 'start';
const started = performance.now();
const sampler = setInterval(() => {
  statusMb(pid, 'VmRSS').then((mb) => samples.push({ t: (performance.now() - started) / 1000, mb, phase }), () => undefined);
}, 250);

const login = await (await fetch(`${base}/api/v1/auth/login`, {
  method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'manager@calepin.test', password: DEMO_PASSWORD }),
})).json() as { accessToken: string };
const auth = { authorization: `Bearer ${login.accessToken}` };
const idleStartMb = await statusMb(pid, 'VmRSS');

async function get(path: string): Promise<number> {
  const response = await fetch(`${base}${path}`, { headers: auth });
  let bytes = 0;
  for await (const chunk of response.body ?? []) bytes += (chunk as Uint8Array).length;
  if (response.status >= 500) throw new Error(`${path}: ${response.status}`);
  return bytes;
}

async function upload(file: Buffer, name: string, sidecar?: string): Promise<Response> {
  const form = new FormData();
  form.append('file', new Blob([file]), name);
  if (sidecar) form.append('worldFile', new Blob([sidecar]), 'plan.pgw');
  return fetch(`${base}/api/v1/plants/${ground.id}/plans`, { method: 'POST', headers: auth, body: form });
}

const counts = { bombsRefused: 0, plansWarped: 0, requests: 0 };
try {
  for (let round = 1; round <= rounds; round++) {
    phase = `bombs ${round}`;
    for (const [file, name] of [[bomb, 'bomb.png'], [empty, 'empty.png']] as const) {
      const refused = await upload(file, name);
      if (refused.status !== 413) throw new Error(`${name}: ${refused.status} ${await refused.text()}`);
      counts.bombsRefused++;
    }

    phase = `plan ${round}`;
    const accepted = await upload(await readFile(planPath), 'ordinary.png', worldFile);
    if (accepted.status !== 202) throw new Error(`plan upload: ${accepted.status} ${await accepted.text()}`);
    const { plan } = (await accepted.json()) as { plan: { id: string } };
    for (let status = 'processing'; status !== 'georeferenced';) {
      await new Promise((r) => setTimeout(r, 500));
      status = ((await (await fetch(`${base}/api/v1/plans/${plan.id}`, { headers: auth })).json()) as { status: string }).status;
      if (status === 'failed') throw new Error('the ordinary plan failed');
    }
    counts.plansWarped++;
    await get(`/api/v1/plans/${plan.id}/image`);
    await get(`/api/v1/plans/${plan.id}/image?maxSize=8192`);
    for (let x = 0; x < 8; x++) for (let y = 0; y < 8; y++) await get(`/api/v1/plans/${plan.id}/pixel-tiles/6/${24 + x}/${26 + y}`);
    await get(`/api/v1/plans/${plan.id}/geotiff`);
    counts.requests += 67;

    phase = `reads ${round}`;
    await get(`/ogc/wfs?service=WFS&version=2.0.0&request=GetFeature&typeNames=calepin:modules&outputFormat=application/json`);
    await get(`/ogc/wfs?service=WFS&version=2.0.0&request=GetFeature&typeNames=calepin:modules`);
    await get(`/api/v1/plants/${ground.id}/export?format=gpkg`);
    await get(`/api/v1/plants/${ground.id}/mission-package.gpkg`);
    const paths = ['/api/v1/plants', `/api/v1/plants/${ground.id}`, `/api/v1/plants/${ground.id}/modules?limit=500`, '/api/v1/stats'];
    await Promise.all(Array.from({ length: 8 }, async (_, worker) => {
      for (let i = 0; i < 25; i++) await get(paths[(worker + i) % paths.length] as string);
    }));
    counts.requests += 204;
  }
  phase = 'idle';
  const peakMb = await statusMb(pid, 'VmHWM');
  const afterLoadMb = await statusMb(pid, 'VmRSS');
  const idleFrom = (performance.now() - started) / 1000;
  let underAt: number | null = null;
  while ((performance.now() - started) / 1000 < idleFrom + idleSeconds) {
    await new Promise((r) => setTimeout(r, 1000));
    const last = samples.at(-1);
    if (underAt === null && last && last.phase === 'idle' && last.mb <= ceilingMb) underAt = last.t - idleFrom;
  }
  const endMb = await statusMb(pid, 'VmRSS');
  clearInterval(sampler);
  const byPhase = new Map<string, number>();
  for (const s of samples) byPhase.set(s.phase.replace(/ \d+$/, ''), Math.max(byPhase.get(s.phase.replace(/ \d+$/, '')) ?? 0, s.mb));
  const line = (mb: number) => `${Math.round(mb)} MB`;
  const during = stats(samples.filter((x) => x.phase !== 'idle' && x.phase !== 'start').map((x) => x.mb));
  const idling = stats(samples.filter((x) => x.phase === 'idle').map((x) => x.mb));
  console.log(`peak ${line(peakMb)}, after load ${line(afterLoadMb)}, after ${idleSeconds} s idle ${line(endMb)}`);
  const verdict = endMb <= ceilingMb ? 'holds' : 'does NOT hold';
  const allocator = values['raw-malloc']
    ? 'as it comes (`--raw-malloc`)'
    : 'as `npm start` sets it (`MALLOC_ARENA_MAX=2`, `MALLOC_MMAP_THRESHOLD_` and `MALLOC_TRIM_THRESHOLD_` at 128 KiB)';
  const command = `npm run bench -- soak --rounds ${rounds} --idle ${idleSeconds} --ceiling ${ceilingMb}${values['raw-malloc'] ? ' --raw-malloc' : ''}`;

  await writeSection(
    values['raw-malloc'] ? 'soak-raw-malloc' : 'soak',
    `## gis-server memory soak: decompression bombs and ordinary use (issue 13)${values['raw-malloc'] ? ', glibc allocator as it comes' : ''}

- machine: ${machine()}
- date: ${new Date().toISOString().slice(0, 10)}
- command: \`${command}\`

gis-server as a child process on the demo data, GDAL's block cache at ${process.env.GDAL_CACHEMAX ? `${process.env.GDAL_CACHEMAX} MB` : "256 MB (gis-server's default)"} (\`GDAL_CACHEMAX\`), the plan pixel limit at its default (200 megapixels), glibc's
allocator ${allocator}. Each of
${rounds} rounds: a 30,000 × 30,000 px PNG decompression bomb (${Math.round(bomb.length / 1024)} KB) and a PNG claiming
100,000 × 100,000 px with no data (both refused: 413, ${counts.bombsRefused} in all); an ordinary
6,000 × 4,000 px plan uploaded with its world file, warped to a COG, drawn as the editor's
4,096 and 8,192 px images, 64 pixel tiles and downloaded as GeoTIFF; the ground plant's
9,000 modules read through WFS as GeoJSON and GML, exported as GeoPackage and as a
mission package; 200 API reads, 8 at a time. Then the server idles ${idleSeconds} s.
Resident memory (VmRSS) sampled every 250 ms; ${samples.length} samples. Load average
at the end: ${loadavg().map((l) => l.toFixed(1)).join(', ')} (the machine is shared).

| | resident MB |
|---|---:|
| idle after start-up and login | ${Math.round(idleStartMb)} |
| during the load: median / p95 (${during.n} samples) | ${Math.round(during.median)} / ${Math.round(during.p95)} |
| during the idle time: median / p95 (${idling.n} samples) | ${Math.round(idling.median)} / ${Math.round(idling.p95)} |
| peak of the bombs phases | ${Math.round(byPhase.get('bombs') ?? 0)} |
| peak of the plan phases | ${Math.round(byPhase.get('plan') ?? 0)} |
| peak of the read phases | ${Math.round(byPhase.get('reads') ?? 0)} |
| peak of the process (VmHWM) | ${Math.round(peakMb)} |
| right after the load | ${Math.round(afterLoadMb)} |
| after ${idleSeconds} s idle | ${Math.round(endMb)} |

A phase's peak includes what earlier rounds left resident (the bombs of round 2 follow the
plan and the reads of round 1).

Ceiling: ${ceilingMb} MB after the load — ${verdict}${underAt !== null ? ` (under it ${underAt.toFixed(0)} s into the idle time)` : ''}.
Before the pixel limit and the cache bound, the same server stayed at 1,770 MB (issue 13).`,
  );
  console.log('bench/RESULTS.md updated');
} finally {
  clearInterval(sampler);
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
  await dropDatabase(DB);
  await rm(files, { recursive: true, force: true });
}
