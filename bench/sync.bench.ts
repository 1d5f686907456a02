// A full night's EL audit of a 100 MWp plant pushed from one device (issue 16):
//   npm run bench -- sync [--modules 250000] [--results 250000] [--defects 2000] [--photos 2000] [--photo-mb 3] [--runs 3]
// One device (the Node simulator, docs/sync.md §3–4) pushes every module result, defect and
// photo row, pulls, then uploads every photo by tus; gis-server runs in its own process so
// that its memory is its own (peak RSS from /proc). The plant is generated once with
// data-fixtures' generator and kept in the database calepin_bench_sync_<modules> for
// re-runs; each run gets a fresh mission, and its rows are removed afterwards.
import { randomUUID } from 'node:crypto';
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { migrate } from '@calepin/sql';
import { generatePlant, loadDemo } from '@calepin/data-fixtures';
import { Device } from '../test-support/device/index';
import { adminUrl, createDatabase, urlFor } from '../test-support/db';
import { seeded } from '../test-support/faults/random';
import { ServerProcess } from '../test-support/faults/server';
import { machine, stats, writeSection } from './results';
import { PhotoRoll } from './sync/photo-roll';

const { values } = parseArgs({
  options: {
    modules: { type: 'string', default: '250000' }, results: { type: 'string' }, defects: { type: 'string', default: '2000' },
    photos: { type: 'string', default: '2000' }, 'photo-mb': { type: 'string', default: '3' }, runs: { type: 'string', default: '3' },
  },
});
const modules = Number(values.modules);
const results = Number(values.results ?? values.modules);
const defects = Number(values.defects);
const photos = Number(values.photos);
const runs = Number(values.runs);

async function benchDatabase(): Promise<string> {
  const name = `calepin_bench_sync_${modules}`;
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  const exists = (await admin.query('select 1 from pg_database where datname = $1', [name])).rowCount;
  await admin.end();
  const url = urlFor(name);
  if (exists) {
    await migrate(url);
    return url;
  }
  console.log(`building ${name}: demo accounts, then a plant of ${modules.toLocaleString('en')} modules (kept for re-runs)…`);
  await createDatabase(name);
  await migrate(url);
  await loadDemo(url);
  await generatePlant(url, { modules, name: `Bench sync ${modules}`, log: (line) => console.log(line) });
  return url;
}

interface Run {
  pushS: number;
  pullS: number;
  uploadS: number;
  totalS: number;
  thumbsS: number;
  peakMb: number;
  operations: number;
  batches: number;
}

async function run(url: string, index: number): Promise<Run> {
  const db = new pg.Pool({ connectionString: url, max: 2 });
  const { rows: [plant] } = await db.query<{ id: string }>("select id from plants where name = $1", [`Bench sync ${modules}`]);
  const missionId = randomUUID();
  const auditId = randomUUID();
  await db.query(
    "insert into missions (id, plant_id, reference, title, audit_types, status) values ($1, $2, $3, 'Bench EL', '{el}', 'in_progress')",
    [missionId, plant?.id, `BENCH-${missionId.slice(0, 8)}`],
  );
  await db.query("insert into mission_members (mission_id, user_id) select $1, id from users where email = 'tech@calepin.test'", [missionId]);
  await db.query("insert into audits (id, plant_id, mission_id, audit_type, status, started_at) values ($1, $2, $3, 'el', 'in_progress', now())", [auditId, plant?.id, missionId]);
  const { rows: mods } = await db.query<{ id: string; x: number; y: number }>(
    'select id, st_x(st_centroid(geom)) as x, st_y(st_centroid(geom)) as y from modules where plant_id = $1 and deleted_at is null order by code limit $2',
    [plant?.id, results],
  );

  const filesDir = await mkdtemp(join(tmpdir(), 'calepin-bench-sync-'));
  const server = new ServerProcess({ databaseUrl: url, filesDir, accessTokenTtl: 900 });
  const port = await server.start();
  const roll = new PhotoRoll(Number(values['photo-mb']), 1000 * index);
  await roll.ready();
  const random = seeded(index + 1);
  const device = new Device({
    baseUrl: `http://127.0.0.1:${port}`, deviceId: `bench-${index}`, missionId, random,
    credentials: { email: 'tech@calepin.test', password: 'calepin-demo' }, chunkSize: 8 * 1024 * 1024,
    fileSource: (file) => roll.bytes(file.sha256),
  });

  // The night, written on the device before the timing starts: a module result every few
  // seconds, a defect on some modules, a photo with each defect.
  const start = Date.now() - 10 * 3600_000;
  const every = Math.max(1, Math.floor(mods.length / Math.max(1, defects)));
  let d = 0;
  for (const [i, m] of mods.entries()) {
    const at = new Date(start + i * 140).toISOString();
    device.store.write('audit_modules', { audit_id: auditId, module_id: m.id }, 'create', { inspected_at: at }, at, false);
    if (i % every === 0 && d < defects) {
      const id = randomUUID();
      device.store.write('defects', { id }, 'create', {
        audit_id: auditId, module_id: m.id, defect_type: 'microcrack', module_status: 'microcracks', severity: 'warning',
        geom: { type: 'Point', coordinates: [m.x, m.y] }, observed_at: at,
      }, at, false);
      if (d < photos) {
        const photo = roll.take(d);
        device.addPhotoBySource(randomUUID(), photo.sha256, photo.size, { audit_id: auditId, defect_id: id, module_id: m.id }, at, false);
      }
      d++;
    }
  }
  const operations = device.store.state.outbox.length;

  let peak = 0;
  const sampler = setInterval(() => void rss(server.pid).then((kb) => (peak = Math.max(peak, kb))), 500);
  const t0 = performance.now();
  const phases = await device.sync();
  const t1 = performance.now();
  // Thumbnails are made after each upload is answered: the time until the last one.
  for (;;) {
    const { rows } = await db.query<{ n: number }>(
      "select count(*)::int as n from photos p join stored_files f on f.sha256 = p.sha256 where p.mission_id = $1 and f.thumb_sha256 is null", [missionId]);
    if (!rows[0]?.n) break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const t2 = performance.now();
  clearInterval(sampler);
  peak = Math.max(peak, await hwm(server.pid));

  const counts = (await db.query(
    `select (select count(*) from audit_modules where audit_id = $1 and deleted_at is null)::int as results,
            (select count(*) from defects where audit_id = $1 and deleted_at is null)::int as defects,
            (select count(*) from photos p join stored_files f on f.sha256 = p.sha256 where p.mission_id = $2)::int as photos,
            (select count(*) from sync_operations where mission_id = $2)::int as operations`,
    [auditId, missionId],
  )).rows[0];
  if (counts.results !== mods.length || counts.defects !== Math.min(defects, d) || counts.photos !== Math.min(photos, d) || counts.operations !== operations) {
    throw new Error(`run ${index}: the server holds ${JSON.stringify(counts)} for ${operations} operations`);
  }
  await server.stop();
  await cleanUp(db, missionId, auditId);
  await db.end();
  await rm(filesDir, { recursive: true, force: true });
  return {
    pushS: phases.pushMs / 1000, pullS: phases.pullMs / 1000, uploadS: phases.uploadMs / 1000, totalS: (t1 - t0) / 1000,
    thumbsS: (t2 - t0) / 1000, peakMb: peak / 1024, operations, batches: Math.ceil(operations / 1000),
  };
}

async function rss(pid: number | undefined): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
}

async function hwm(pid: number | undefined): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
}

/** The run's mission and everything it wrote, so that the next run starts from the same plant. */
async function cleanUp(db: pg.Pool, missionId: string, auditId: string): Promise<void> {
  await db.query('delete from sync_conflicts where mission_id = $1', [missionId]);
  await db.query("delete from sync_column_clock where operation_id in (select id from sync_operations where mission_id = $1)", [missionId]);
  await db.query('delete from sync_operations where mission_id = $1', [missionId]);
  await db.query('delete from sync_batches where mission_id = $1', [missionId]);
  await db.query('delete from stored_files where sha256 in (select sha256 from photos where mission_id = $1)', [missionId]);
  await db.query('delete from photos where mission_id = $1', [missionId]);
  await db.query('delete from defects where audit_id = $1', [auditId]);
  await db.query('delete from tile_defect_cells where audit_id = $1', [auditId]);
  await db.query('delete from audit_modules where audit_id = $1', [auditId]);
  await db.query('delete from audits where id = $1', [auditId]);
  await db.query('delete from mission_members where mission_id = $1', [missionId]);
  await db.query('delete from missions where id = $1', [missionId]);
}

const url = await benchDatabase();
const all: Run[] = [];
for (let i = 0; i < runs; i++) {
  const r = await run(url, i);
  all.push(r);
  console.log(`run ${i + 1}: ${JSON.stringify(r)}`);
}
const med = (f: (r: Run) => number) => stats(all.map(f));
const fmt = (s: { median: number; p95: number }, digits = 1) => `${s.median.toFixed(digits)} | ${s.p95.toFixed(digits)}`;
const first = all[0] as Run;
await writeSection('sync', `
## Sync: a night's EL audit pushed from one device

- machine: ${machine()}
- date: ${new Date().toISOString().slice(0, 10)}
- command: \`npm run bench -- sync --modules ${modules} --results ${results} --defects ${defects} --photos ${photos} --photo-mb ${values['photo-mb']} --runs ${runs}\`
- plant: ${modules.toLocaleString('en')} modules generated by data-fixtures (about ${Math.round((modules * 0.545) / 1000)} MWp of 545 Wp modules)
- device: the Node simulator of docs/sync.md §3–4 on the same machine, no network in between; batches of 1,000 operations;
  ${results.toLocaleString('en')} module results, ${Math.min(defects, results).toLocaleString('en')} defects, ${Math.min(photos, defects).toLocaleString('en')} photos of ${values['photo-mb']} MB (JPEG with EXIF), ${first.operations.toLocaleString('en')} operations in ${first.batches} batches
- gis-server in its own process (pool of 4 connections); memory = its peak resident set (VmHWM)

| phase | median s | p95 s |
|---|---:|---:|
| push (every row) | ${fmt(med((r) => r.pushS))} |
| pull (the server's rows back) | ${fmt(med((r) => r.pullS))} |
| photo uploads (tus, 8 MiB chunks) | ${fmt(med((r) => r.uploadS))} |
| whole sync | ${fmt(med((r) => r.totalS))} |
| until the last thumbnail is made | ${fmt(med((r) => r.thumbsS))} |

Server peak memory: median ${med((r) => r.peakMb).median.toFixed(0)} MiB, p95 ${med((r) => r.peakMb).p95.toFixed(0)} MiB over ${runs} run(s).
Every run checked afterwards: every module result, defect and photo (with its file) on the server, one
\`sync_operations\` row per operation.
`);
