// Our tile-server against the naive martin-style query on one big plant, in the same run
// and database: npm run bench -- tiles [--modules 2000000] [--screens 2] [--all-sources] [--latency-only]
// Writes the "tiles" section of bench/RESULTS.md; with --latency-only, only our cold and
// warm passes run (minutes instead of the naive query's half hour), into "tiles-latency".
import { randomBytes, randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { SignJWT } from 'jose';
import pg from 'pg';
import { MAP_TILE_SOURCES } from '../core/src/map-tiles';
import { machine, stats, writeSection } from './results';
import { naiveTile } from './tiles/naive';
import { benchPlant } from './tiles/plant';
import { fetchTile, startTileServer } from './tiles/server';
import { type Tile, session, unique } from './tiles/workload';

const { values } = parseArgs({
  options: {
    modules: { type: 'string', default: '2000000' },
    screens: { type: 'string', default: '2' },
    'latency-only': { type: 'boolean', default: false },
    'all-sources': { type: 'boolean', default: false },
  },
});
const modules = Number(values.modules);
const screens = Number(values.screens);
// What the web map asks for (core MAP_TILE_SOURCES), or every source with --all-sources.
const ALL_SOURCES = ['plants', 'tables', 'modules', 'strings', 'cables', 'junction_boxes', 'inverters', 'defects'];
const LAYERS: readonly string[] = values['all-sources'] ? ALL_SOURCES : MAP_TILE_SOURCES;
const COMPOSITE = LAYERS.join(',');
const CONCURRENCY = 8;
const log = (line: string) => console.log(`[tiles] ${line}`);
/** Figures as the tables print them: KB and ms, with fewer decimals as they grow. */
function kb(n: number): string {
  return (n / 1024).toFixed(n < 10_240 ? 1 : 0);
}
function ms(n: number): string {
  return n.toFixed(n < 10 ? 2 : n < 100 ? 1 : 0);
}

const plant = await benchPlant(modules, log);
log(`plant ${plant.plantId}: ${plant.modules.toLocaleString('en')} modules, ${plant.defects.toLocaleString('en')} defects${plant.reused ? ' (reused)' : ''}`);
const secret = randomBytes(32).toString('base64url');
const token = await new SignJWT({ sub: randomUUID(), role: 'manager', cid: null, email: 'bench@calepin.test', name: 'Bench', locale: 'en' })
  .setProtectedHeader({ alg: 'HS256' }).setIssuer('calepin').setAudience('calepin').setIssuedAt().setExpirationTime('4h')
  .sign(new TextEncoder().encode(secret));
const serverEnv = { DATABASE_URL: plant.url, JWT_SECRET: secret, TILE_DB_POOL_SIZE: String(CONCURRENCY), TILE_CACHE_MB: '512' };

const requests = session(plant.bbox, screens);
const tiles = unique(requests);
log(`workload: ${requests.length} requests, ${tiles.length} distinct tiles, z10–z21`);
const path = (t: Tile) => `/${COMPOSITE}/${t.z}/${t.x}/${t.y}`;

interface ZoomFigures { bytes: number[]; cold: number[]; warm: number[]; naiveBytes: number[]; naiveCold: number[]; naiveTimeouts: number }
const zooms = new Map<number, ZoomFigures>();
const at = (z: number) => {
  let f = zooms.get(z);
  if (!f) zooms.set(z, (f = { bytes: [], cold: [], warm: [], naiveBytes: [], naiveCold: [], naiveTimeouts: 0 }));
  return f;
};

async function replay(list: Tile[], run: (t: Tile) => Promise<unknown>): Promise<number> {
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < list.length) await run(list[next++] as Tile);
    }),
  );
  return (performance.now() - started) / 1000;
}

// 0. The database as a running server's is: its buffers hold the plant. A throwaway
// tile-server without cache draws the session once (a freshly started PostgreSQL read the
// disk for z17–18 tiles: 200–500 ms each, which no running server sees).
let server = await startTileServer({ ...serverEnv, TILE_CACHE_MB: '0' });
for (const t of tiles) await fetchTile(server.url + path(t), token);
await server.stop();

// 1–3. Ours: cold (an empty tile cache), warm, and how fast an edit evicts.
server = await startTileServer(serverEnv);
for (const t of tiles) {
  const r = await fetchTile(server.url + path(t), token);
  if (r.status !== 200 && r.status !== 204) throw new Error(`${path(t)}: ${r.status}`);
  at(t.z).cold.push(r.ms);
  at(t.z).bytes.push(r.bytes);
}
for (const t of tiles) at(t.z).warm.push((await fetchTile(server.url + path(t), token)).ms);
log('ours: cold and warm done');
if (values['latency-only']) {
  await server.stop();
  await writeLatency();
  process.exit(0);
}

const evictions: number[] = [];
const db = new pg.Client({ connectionString: plant.url });
await db.connect();
const withModules = tiles.filter((t) => t.z === 18);
for (const t of withModules.slice(0, 20)) {
  const { rows } = await db.query<{ id: string }>(
    `select id from modules where geom_3857 && st_tileenvelope($1, $2, $3) and deleted_at is null limit 1`,
    [t.z, t.x, t.y],
  );
  if (!rows[0]) continue;
  const url = server.url + path(t);
  while ((await fetchTile(url, token)).cache !== 'hit');
  const started = performance.now();
  await db.query(
    `insert into defects (plant_id, audit_id, module_id, defect_type, module_status, severity, geom)
     select m.plant_id, a.id, m.id, 'dead_module', 'dead', 'urgent', st_pointonsurface(m.geom)
       from modules m join audits a on a.plant_id = m.plant_id where m.id = $1 limit 1`,
    [rows[0].id],
  );
  while ((await fetchTile(url, token)).cache !== 'miss');
  evictions.push(performance.now() - started);
}
await db.end();
await server.stop();
log(`edit → evicted: ${evictions.length} samples`);

// 4. Ours: throughput over the whole session, from a cold start, 8 at a time.
server = await startTileServer(serverEnv);
const oursSeconds = await replay(requests, (t) => fetchTile(server.url + path(t), token));
await server.stop();
server = await startTileServer({ ...serverEnv, TILE_CACHE_MB: '0' });
const uncachedSeconds = await replay(requests, (t) => fetchTile(server.url + path(t), token));
await server.stop();
log(`ours: ${oursSeconds.toFixed(1)} s cached, ${uncachedSeconds.toFixed(1)} s without cache`);

// 5–6. Naive: the same tiles, the same database, the same pool size.
const pool = new pg.Pool({ connectionString: plant.url, max: CONCURRENCY, options: '-c statement_timeout=120s' });
for (const t of tiles) {
  const started = performance.now();
  try {
    const mvt = await naiveTile(pool, t, LAYERS);
    at(t.z).naiveCold.push(performance.now() - started);
    at(t.z).naiveBytes.push(mvt.length);
  } catch {
    at(t.z).naiveTimeouts++;
    at(t.z).naiveCold.push(performance.now() - started);
  }
}
log('naive: cold done');
const naiveSeconds = await replay(requests, (t) => naiveTile(pool, t, LAYERS).catch(() => Buffer.alloc(0)));
await pool.end();
log(`naive: ${naiveSeconds.toFixed(1)} s`);

// Results.
const p = (list: number[]) => (list.length ? stats(list) : { median: 0, p95: 0, n: 0 });
const rows = [...zooms.entries()].sort(([a], [b]) => a - b).map(([z, f]) => {
  const [b, nb, c, w, nc] = [p(f.bytes), p(f.naiveBytes), p(f.cold), p(f.warm), p(f.naiveCold)];
  return `| ${z} | ${f.bytes.length} | ${kb(Math.max(...f.bytes))} / ${kb(b.median)} | ${f.naiveBytes.length ? `${kb(Math.max(...f.naiveBytes))} / ${kb(nb.median)}` : '—'} | ` +
    `${ms(c.median)} / ${ms(c.p95)} | ${ms(w.median)} / ${ms(w.p95)} | ${ms(nc.median)} / ${ms(nc.p95)}${f.naiveTimeouts ? ` (${f.naiveTimeouts} timed out)` : ''} |`;
});
const all = [...zooms.values()];
const maxBytes = Math.max(...all.flatMap((f) => f.bytes));
const cold = p(all.flatMap((f) => f.cold));
const warm = p(all.flatMap((f) => f.warm));
const ev = p(evictions);
const ratio = naiveSeconds / oursSeconds;
const verdict = (ok: boolean) => (ok ? 'met' : '**missed**');

await writeSection(
  'tiles',
  `## Vector tiles: tile-server against the naive martin-style query

- machine: ${machine()}
- date: ${new Date().toISOString().slice(0, 10)}
- command: \`npm run bench -- tiles --modules ${modules} --screens ${screens}${values['all-sources'] ? ' --all-sources' : ''}\`
- plant: ${plant.modules.toLocaleString('en')} modules, ${plant.defects.toLocaleString('en')} open defects from an EL audit over 85 % of it
- workload: a map session, z10 to z21, ${screens} screens per zoom (4 × 3 tiles of 512 px), each panned by half a screen:
  ${requests.length} requests, ${tiles.length} distinct tiles; every request is one composite
  \`${COMPOSITE}\` (${values['all-sources'] ? 'every source' : "the web map's composite"}; naive: the same tables, each with martin's table query)
- ours runs as its own process over HTTP (keep-alive, gzip asked for as browsers do); naive queries go straight to PostgreSQL (no HTTP), pool of ${CONCURRENCY} both
- the database is warmed first by one pass of a throwaway tile-server without cache; cold = our tile cache empty

Per zoom (bytes: max / median; latency in ms: p50 / p95; cold = first request, warm = from the cache):

| z | tiles | ours KB | naive KB | ours cold | ours warm | naive |
|---:|---:|---:|---:|---:|---:|---:|
${rows.join('\n')}

| target | figure | |
|---|---|---|
| every tile ≤ 500 KB | largest ${kb(maxBytes)} KB | ${verdict(maxBytes <= 500 * 1024)} |
| cold p95 ≤ 50 ms | ${ms(cold.p95)} ms (p50 ${ms(cold.median)}) | ${verdict(cold.p95 <= 50)} |
| warm p95 ≤ 2 ms | ${ms(warm.p95)} ms (p50 ${ms(warm.median)}) | ${verdict(warm.p95 <= 2)} |
| throughput ≥ 5 × naive, concurrency ${CONCURRENCY} | ours ${(requests.length / oursSeconds).toFixed(1)} tiles/s (${(requests.length / uncachedSeconds).toFixed(1)} with the cache off), naive ${(requests.length / naiveSeconds).toFixed(2)} tiles/s: × ${ratio.toFixed(0)} | ${verdict(ratio >= 5)} |
| edit → evicted ≤ 1 s | p50 ${ms(ev.median)} ms, p95 ${ms(ev.p95)} ms over ${ev.n} edits (commit to first re-rendered tile) | ${verdict(ev.n > 0 && ev.p95 <= 1000)} |
`,
);
log('bench/RESULTS.md updated');

/** Our cold and warm latency alone, per zoom, into the "tiles-latency" section. */
async function writeLatency(): Promise<void> {
  const rows = [...zooms.entries()].sort(([a], [b]) => a - b).map(([z, f]) => {
    const [c, w] = [stats(f.cold), stats(f.warm)];
    return `| ${z} | ${f.cold.length} | ${kb(Math.max(...f.bytes))} | ${ms(c.median)} / ${ms(c.p95)} | ${ms(w.median)} / ${ms(w.p95)} |`;
  });
  const all = [...zooms.values()];
  const [cold, warm] = [stats(all.flatMap((f) => f.cold)), stats(all.flatMap((f) => f.warm))];
  await writeSection(
    values['all-sources'] ? 'tiles-latency-all' : 'tiles-latency',
    `## Vector tiles: our latency alone (cold and warm passes), ${values['all-sources'] ? 'all eight sources' : "the web map's composite"}

- machine: ${machine()}
- date: ${new Date().toISOString().slice(0, 10)}
- command: \`npm run bench -- tiles --modules ${modules} --screens ${screens}${values['all-sources'] ? ' --all-sources' : ''} --latency-only\`
- the workload of the section above (${tiles.length} distinct tiles of \`${COMPOSITE}\`, one at a time, gzip asked for as browsers do), without the naive query;
  the database warmed first by one pass of a throwaway tile-server without cache, so cold = our tile cache empty

| z | tiles | largest KB | cold p50 / p95 ms | warm p50 / p95 ms |
|---:|---:|---:|---:|---:|
${rows.join('\n')}

All zooms: cold p50 ${ms(cold.median)} / p95 ${ms(cold.p95)} ms (target ≤ 50), warm p50 ${ms(warm.median)} / p95 ${ms(warm.p95)} ms (target ≤ 2).
`,
  );
  log('bench/RESULTS.md updated (tiles-latency)');
}
