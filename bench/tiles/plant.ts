// The benchmark's plant: generated once per size in its own database (kept for the
// next run), with an EL audit over 85 % of it so that statuses and defects look real.
import pg from 'pg';
import { generatePlant } from '@calepin/data-fixtures';
import { migrate } from '@calepin/sql';
import { createDatabase, urlFor } from '../../test-support/db';

export interface BenchPlant {
  url: string;
  plantId: string;
  modules: number;
  defects: number;
  bbox: [number, number, number, number];
  reused: boolean;
}

export async function benchPlant(modules: number, log: (line: string) => void): Promise<BenchPlant> {
  const name = `calepin_bench_tiles_${modules}`;
  const url = urlFor(name);
  const found = await describe(url).catch(() => null);
  if (found) return { ...found, url, reused: true };

  await createDatabase(name);
  await migrate(url);
  const started = performance.now();
  const plant = await generatePlant(url, { modules, name: `Banc tuiles ${modules}`, log });
  log(`layout: ${plant.seconds.toFixed(0)} s; auditing…`);
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    const { rows } = await db.query<{ id: string }>(
      `insert into audits (plant_id, audit_type, status, started_at, finished_at)
       values ($1, 'el', 'done', '2026-07-15T22:30:00+02:00', '2026-07-16T05:30:00+02:00') returning id`,
      [plant.plantId],
    );
    await db.query('select fixtures.demo_audit($1, null, $2, $3::jsonb)', [
      rows[0]?.id,
      '2026-07-15T22:30:00+02:00',
      JSON.stringify({
        seed: 'bench', coverage: 0.85, rates: { microcracks: 0.03, inequality: 0.015, dead: 0.006, soiling: 0.02 },
        open_strings: ['S17', 'S201', 'S4000', 'S40000'], unconnected_strings: ['S88', 'S8800'],
      }),
    ]);
    for (const table of ['modules', 'defects', 'audit_modules', 'tile_module_patches', 'tile_plant_counts']) {
      await db.query(`analyze ${table}`);
    }
  } finally {
    await db.end();
  }
  log(`plant and audit ready in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  const described = await describe(url);
  if (!described) throw new Error('the benchmark plant is missing after generation');
  return { ...described, url, reused: false };
}

async function describe(url: string): Promise<Omit<BenchPlant, 'url' | 'reused'> | null> {
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    const { rows } = await db.query<{ id: string; modules: number; defects: number; b: number[] }>(
      `select p.id, (select count(*) from modules where plant_id = p.id)::int as modules,
              (select count(*) from defects where plant_id = p.id)::int as defects,
              array[st_xmin(p.boundary), st_ymin(p.boundary), st_xmax(p.boundary), st_ymax(p.boundary)] as b
         from plants p join audits a on a.plant_id = p.id where a.status = 'done' limit 1`,
    );
    const row = rows[0];
    return row ? { plantId: row.id, modules: row.modules, defects: row.defects, bbox: row.b as BenchPlant['bbox'] } : null;
  } finally {
    await db.end();
  }
}
