// Warp and tile a large plan: npm run bench -- plans [--width 10000 --height 7000].
// A PNG + world file of that size is uploaded to an in-process gis-server (demo data), its
// job reads and warps it into a COG; then every tile of the plan at three zooms is cut by
// the tile-server. Time and peak memory (RSS of this process: Node + GDAL) of each phase.
import { loadavg } from 'node:os';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { latToTileY, lonToTileX } from '@calepin/core';
import { writePlanFixtures } from '@calepin/data-fixtures/plans';
import { startTileServer, httpGet } from '../tile-server/test/support';
import { bearer, testApp } from '../test-support/app';
import { migrate } from '@calepin/sql';
import { loadDemo, DEMO_PLANTS } from '@calepin/data-fixtures';
import { TEMPLATE_DEMO, TEMPLATE_EMPTY, createDatabase } from '../test-support/db';
import { machine, stats, writeSection } from './results';

const { values } = parseArgs({ options: { width: { type: 'string', default: '10000' }, height: { type: 'string', default: '7000' } } });
const width = Number(values.width);
const height = Number(values.height);

/** Peak RSS while `work` runs, sampled every 50 ms. */
async function measured<T>(work: () => Promise<T>): Promise<{ value: T; seconds: number; peakMb: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  const start = performance.now();
  try {
    const value = await work();
    return { value, seconds: (performance.now() - start) / 1000, peakMb: Math.max(peak, process.memoryUsage().rss) / 2 ** 20 };
  } finally {
    clearInterval(timer);
  }
}

// Template databases as the tests make them (the demo plants and users).
await createDatabase(TEMPLATE_EMPTY).then(migrate);
await createDatabase(TEMPLATE_DEMO, TEMPLATE_EMPTY).then(loadDemo);

const dir = await mkdtemp(join(tmpdir(), 'calepin-bench-plans-'));
const filesDir = join(dir, 'files');
console.log(`writing a ${width} × ${height} plan…`);
const f = await writePlanFixtures(dir, { width, height }, { rasterOnly: true });
const pngMb = (await stat(f.files.png)).size / 2 ** 20;
global.gc?.();

const api = await testApp({ config: { filesDir, uploadLimitBytes: 2 ** 30 } });
const { tiles, url } = await startTileServer(api.db.url, filesDir);
const manager = await api.token('manager');
const ground = (await api.db.pool.query('select id from plants where name = $1', [DEMO_PLANTS.ground.name])).rows[0].id;
const baseMb = process.memoryUsage().rss / 2 ** 20;

console.log('upload + read + warp…');
const warp = await measured(async () => {
  const res = await api.http.post(`/api/v1/plants/${ground}/plans`).set(bearer(manager))
    .attach('file', f.files.png).attach('worldFile', f.files.pgw).attach('prj', f.files.prj);
  if (res.status !== 202) throw new Error(`upload: ${res.status} ${res.text}`);
  for (;;) {
    const job = (await api.http.get(`/api/v1/jobs/${res.body.job.id}`).set(bearer(manager))).body;
    if (job.state === 'completed') break;
    if (job.state === 'failed') throw new Error(`job failed: ${job.message}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return (await api.http.get(`/api/v1/plans/${res.body.plan.id}`).set(bearer(manager))).body;
});
const plan = warp.value;
const cogMb = (await stat(join(filesDir, 'plans', plan.id, 'plan.cog.tif'))).size / 2 ** 20;

const tj = JSON.parse((await httpGet(`${url}/plans?plan=${plan.id}`, { authorization: `Bearer ${manager}` })).body.toString());
const [west, south, east, north] = tj.bounds as number[];
const tileX = (lon: number, z: number) => Math.floor(lonToTileX(lon, z));
const tileY = (lat: number, z: number) => Math.floor(latToTileY(lat, z));
const rows: string[] = [];
for (const z of [tj.maxzoom - 4, tj.maxzoom - 2, tj.maxzoom]) {
  const ms: number[] = [];
  let bytes = 0;
  let empty = 0;
  // At most about 1,000 tiles per zoom: every k-th column and row of the plan's box.
  const columns = tileX(east!, z) - tileX(west!, z) + 1;
  const rowsN = tileY(south!, z) - tileY(north!, z) + 1;
  const step = Math.max(1, Math.ceil(Math.sqrt((columns * rowsN) / 1000)));
  const run = await measured(async () => {
    for (let x = tileX(west!, z); x <= tileX(east!, z); x += step) {
      for (let y = tileY(north!, z); y <= tileY(south!, z); y += step) {
        const start = performance.now();
        const reply = await httpGet(`${url}/plans/${z}/${x}/${y}?plan=${plan.id}`, { authorization: `Bearer ${manager}` });
        ms.push(performance.now() - start);
        if (reply.status === 204) empty++;
        bytes += reply.body.length;
      }
    }
  });
  const s = stats(ms);
  rows.push(`| ${z} | ${ms.length} | ${empty} | ${s.median.toFixed(1)} | ${s.p95.toFixed(1)} | ${run.seconds.toFixed(1)} | ${Math.round(bytes / Math.max(1, ms.length - empty) / 1024)} | ${Math.round(run.peakMb)} |`);
  console.log(rows.at(-1));
}

await tiles.close();
await api.close();
await rm(dir, { recursive: true, force: true });

await writeSection(
  'plans',
  `## Plans: warp and tile a ${width.toLocaleString('en')} × ${height.toLocaleString('en')} px plan

- machine: ${machine()}; load average at the end: ${loadavg().map((l) => l.toFixed(1)).join(', ')} (the machine may be shared)
- date: ${new Date().toISOString().slice(0, 10)}
- command: \`npm run bench -- plans\`
- plan: PNG ${pngMb.toFixed(1)} MB + world file (Lambert-93), 5 cm pixels, turned 7°; COG ${cogMb.toFixed(1)} MB (DEFLATE, EPSG:3857, overviews)

Upload, check, read and warp (gis-server job, gdalwarp → COG): **${warp.seconds.toFixed(1)} s**, peak RSS
${Math.round(warp.peakMb)} MB (${Math.round(baseMb)} MB before; Node, GDAL and the in-process tile-server share the process).
The job copies the PNG once to a tiled GeoTIFF (PNG has no random access), makes the editor's
4,096 px page image, then warps (\`-wm 256\`, one thread) into the COG. Most of the peak is GDAL's
block cache, 5 % of RAM by default: set \`GDAL_CACHEMAX\` (MB, read by GDAL itself) to bound it.
The synthetic plan compresses very well (PNG ${pngMb.toFixed(1)} MB); a scanned plan is larger on disk, not in pixels.

Tiles of the plan's box at three zooms (all, or an even sample of about 1,000), one at a time (tile-server \`plans\` source, PNG):

| zoom | tiles | empty (204) | median ms | p95 ms | total s | KiB / tile | peak RSS MB |
|---:|---:|---:|---:|---:|---:|---:|---:|
${rows.join('\n')}`,
);
console.log('bench/RESULTS.md updated');
