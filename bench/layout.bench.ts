// Layout modelling at scale: fill an area with 100,000 modules through the API (and undo
// it), then build the mission package of a 250,000-module plant and validate it.
// npm run bench -- layout [--fill 100000] [--modules 250000] [--runs 3]
import { loadavg } from 'node:os';
import { execFileSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import pino from 'pino';
import pg from 'pg';
import request from 'supertest';
import { DEMO_PASSWORD, generatePlant, loadDemo } from '@calepin/data-fixtures';
import { createApp } from '@calepin/gis-server';
import { migrate } from '@calepin/sql';
import { writeMissionPackage } from '../gis-server/src/capabilities/mission-package/write';
import { testConfig } from '../test-support/app';
import { createDatabase } from '../test-support/db';
import { machine, stats, writeSection } from './results';

const { values } = parseArgs({
  options: { fill: { type: 'string', default: '100000' }, modules: { type: 'string', default: '250000' }, runs: { type: 'string', default: '3' } },
  allowPositionals: true,
});
const target = Number(values.fill);
const modules = Number(values.modules);
const runs = Number(values.runs);

const url = await createDatabase('calepin_bench_layout');
await migrate(url);
await loadDemo(url);
const db = new pg.Pool({ connectionString: url, max: 2 });

// 1. Fill an area through the API, in-process (no network): rows of 2 × 24 tables.
const app = createApp(testConfig(url, { bodyLimit: '5mb' }), { log: pino({ level: 'warn' }) });
const http = request(app.handler);
const login = await http.post('/api/v1/auth/login').send({ email: 'manager@calepin.test', password: DEMO_PASSWORD });
const auth = { Authorization: `Bearer ${login.body.accessToken}` };
const { rows: [plant] } = await db.query(
  `insert into plants (client_id, name, mounting, peak_kwp, srid, location)
   select id, 'Bench layout fill', 'ground', 50000, 2154, st_setsrid(st_point(1.1, 43.4), 4326) from clients limit 1 returning id`,
);
const { rows: [model] } = await db.query("select id from module_models where model = 'JAM72S30-545/MR'");
const tablesPerRow = 20;
const tableRows = Math.ceil(target / (48 * tablesPerRow));
const width = tablesPerRow * (24 * 1.134 + 23 * 0.02 + 1) - 0.5;
const depth = tableRows * 9 - 0.5;
const { rows: [area] } = await db.query(
  `select st_asgeojson(st_transform(st_makeenvelope(x, y, x + $2::float8, y + $3::float8, 2154), 4326), 9)::json as g
     from (select st_x(p) x, st_y(p) y from (select st_transform(st_setsrid(st_point($1::float8, 43.4), 4326), 2154) p) q) s`,
  [1.1, width, depth],
);
const fillBody = {
  area: area.g, azimuthDeg: 180, pitchM: 9, tableGapM: 1,
  table: { modelId: model.id, rows: 2, columns: 24, orientation: 'portrait', gapM: 0.02, rowGapM: 0.02, tiltDeg: 20, heightM: 0.8 },
};
let started = performance.now();
const filled = await http.post(`/api/v1/plants/${plant.id}/tables/fill-area`).set(auth).send(fillBody);
const fillSeconds = (performance.now() - started) / 1000;
if (filled.status !== 201) throw new Error(`fill-area: ${filled.status} ${filled.text}`);
console.log(`fill-area: ${filled.body.tableCount} tables, ${filled.body.moduleCount} modules in ${fillSeconds.toFixed(1)} s`);
started = performance.now();
const undone = await http.post(`/api/v1/plants/${plant.id}/layout/undo`).set(auth);
const undoSeconds = (performance.now() - started) / 1000;
if (undone.status !== 200) throw new Error(`undo: ${undone.status} ${undone.text}`);
started = performance.now();
await http.post(`/api/v1/plants/${plant.id}/layout/redo`).set(auth);
const redoSeconds = (performance.now() - started) / 1000;
started = performance.now();
const numbered = await http.post(`/api/v1/plants/${plant.id}/numbering`).set(auth).send({ scheme: 'T{table}-R{row}-C{col}', order: 'serpentine' });
const numberSeconds = (performance.now() - started) / 1000;
if (numbered.status !== 200) throw new Error(`numbering: ${numbered.status} ${numbered.text}`);
started = performance.now();
const wired = await http.post(`/api/v1/plants/${plant.id}/strings/auto`).set(auth).send({ modulesPerString: 24, order: 'serpentine' });
const stringSeconds = (performance.now() - started) / 1000;
if (wired.status !== 201) throw new Error(`strings/auto: ${wired.status} ${wired.text}`);
console.log(`undo ${undoSeconds.toFixed(1)} s, redo ${redoSeconds.toFixed(1)} s, numbering ${numberSeconds.toFixed(1)} s, strings ${stringSeconds.toFixed(1)} s`);
await app.close();

// 2. The mission package of a generated plant.
const big = await generatePlant(url, { modules, center: [1.3, 43.2] });
console.log(`${big.modules} modules generated in ${big.seconds.toFixed(1)} s`);
const times: number[] = [];
let size = 0;
let path = '';
for (let i = 0; i < runs; i++) {
  started = performance.now();
  const file = await writeMissionPackage(url, big.plantId);
  times.push((performance.now() - started) / 1000);
  size = file.size;
  if (i === runs - 1) {
    path = file.path;
    started = performance.now();
    execFileSync('/usr/bin/python3', ['/usr/share/doc/python3-gdal/examples/validate_gpkg.py', path]);
    const validateSeconds = (performance.now() - started) / 1000;
    const count = /Feature Count: (\d+)/.exec(execFileSync('ogrinfo', ['-ro', '-so', path, 'modules'], { encoding: 'utf8' }))?.[1];
    console.log(`validate_gpkg.py: ${validateSeconds.toFixed(1)} s; ogrinfo: ${count} modules`);
    if (Number(count) !== big.modules) throw new Error(`the package holds ${count} modules, not ${big.modules}`);
  }
  await file.cleanup();
  console.log(`package run ${i + 1}: ${times[i]?.toFixed(1)} s, ${(size / 2 ** 20).toFixed(1)} MB`);
}
await db.end();
const s = stats(times);
const n = (x: number) => x.toLocaleString('en-US');

await writeSection('layout', `
## Layout modelling: fill 100,000 modules, mission package of 250,000

- machine: ${machine()}; load average at the end: ${loadavg().map((l) => l.toFixed(1)).join(', ')} (the machine may be shared)
- date: ${new Date().toISOString().slice(0, 10)}
- command: \`npm run bench -- layout --fill ${target} --modules ${modules} --runs ${runs}\`

Fill: \`POST /plants/{id}/tables/fill-area\` in-process (supertest, no network), rows of
2 × 24 portrait tables at 9 m pitch; geometry by core/layout in Lambert-93, inserted in
batches of 20,000, overlap check in PostGIS, edit recorded for undo.

| step | result | seconds |
|---|---|---:|
| fill-area | ${n(filled.body.tableCount)} tables, ${n(filled.body.moduleCount)} modules | ${fillSeconds.toFixed(1)} |
| undo (soft-delete them) | | ${undoSeconds.toFixed(1)} |
| redo | | ${redoSeconds.toFixed(1)} |
| numbering T{table}-R{row}-C{col}, serpentine | ${n(numbered.body.renumbered)} modules | ${numberSeconds.toFixed(1)} |
| automatic strings of 24 | ${n(wired.body.stringCount)} strings | ${stringSeconds.toFixed(1)} |

Mission package (\`GET /plants/{id}/mission-package.gpkg\`'s writer), ${n(big.modules)} modules
(generated plant: ${n(big.tables)} tables, ${n(big.strings)} strings), ${runs} runs:

| median s | p95 s | file MB | goal |
|---:|---:|---:|---|
| ${s.median.toFixed(1)} | ${s.p95.toFixed(1)} | ${(size / 2 ** 20).toFixed(1)} | under 10 s: ${s.median < 10 ? 'met' : 'missed'} |

The last file passed \`validate_gpkg.py\` and \`ogrinfo\` read ${n(big.modules)} modules back.
`);
console.log('bench/RESULTS.md updated');
process.exit(0);
