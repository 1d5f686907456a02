// What a tile is made of: for the heaviest tiles of the benchmark session at each zoom,
// each source's bytes and database time, straight from SQL (no cache, no HTTP).
//   node_modules/.bin/tsx bench/tiles/anatomy.ts <database url> [zooms, e.g. 10-18]
import pg from 'pg';
import { VECTOR_SOURCES } from '../../tile-server/src/sources';
import { bandAt, paramValues } from '../../tile-server/src/sources/source';
import { session, unique } from './workload';

const [url, range = '10-21'] = process.argv.slice(2);
if (!url) throw new Error('usage: anatomy.ts <database url> [zmin-zmax]');
const [zmin, zmax] = range.split('-').map(Number) as [number, number];
const db = new pg.Client({ connectionString: url });
await db.connect();
const { rows } = await db.query<{ b: number[] }>(
  `select array[st_xmin(boundary), st_ymin(boundary), st_xmax(boundary), st_ymax(boundary)] as b
     from plants p where exists (select 1 from audits a where a.plant_id = p.id and a.status = 'done') limit 1`,
);
const bbox = rows[0]?.b as [number, number, number, number];
const tiles = unique(session(bbox, 2)).filter((t) => t.z >= zmin && t.z <= zmax);

for (let z = zmin; z <= zmax; z++) {
  const measured: { tile: string; total: number; ms: number; parts: string[] }[] = [];
  for (const t of tiles.filter((x) => x.z === z)) {
    const parts: string[] = [];
    let total = 0;
    let ms = 0;
    for (const source of VECTOR_SOURCES) {
      const band = bandAt(source, z);
      if (!band) continue;
      const started = performance.now();
      const r = await db.query<{ tile: Buffer }>(band.sql, paramValues({ ...t, client: null, plant: null, publicOnly: false, audit: null, published: false }));
      const took = performance.now() - started;
      const bytes = r.rows[0]?.tile.length ?? 0;
      total += bytes;
      ms += took;
      if (bytes || took > 2) parts.push(`${source.id} ${(bytes / 1024).toFixed(0)} KB ${took.toFixed(0)} ms`);
    }
    measured.push({ tile: `${t.z}/${t.x}/${t.y}`, total, ms, parts });
  }
  measured.sort((a, b) => b.ms - a.ms);
  const heaviest = [...measured].sort((a, b) => b.total - a.total)[0];
  const slowest = measured[0];
  for (const [what, m] of [['largest', heaviest], ['slowest', slowest]] as const) {
    if (m) console.log(`z${z} ${what} ${m.tile}: ${(m.total / 1024).toFixed(0)} KB, ${m.ms.toFixed(0)} ms — ${m.parts.join('; ')}`);
  }
}
await db.end();
