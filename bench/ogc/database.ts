// The benchmark's database: a generated plant kept between runs (generating 250,000
// modules takes minutes), migrated to the current schema at each run.
import { generatePlant } from '@calepin/data-fixtures';
import { migrate } from '@calepin/sql';
import pg from 'pg';
import { createDatabase, urlFor } from '../../test-support/db';

export const BENCH_DB = 'calepin_bench_ogc';

export interface BenchPlant {
  url: string;
  plantId: string;
  modules: number;
  /** The plant's modules extent, lon/lat. */
  extent: [number, number, number, number];
}

async function existing(url: string, modules: number): Promise<string | null> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
  } catch {
    return null;
  }
  try {
    const { rows } = await client.query<{ id: string }>(
      `select p.id from plants p where p.deleted_at is null
          and (select count(*) from modules m where m.plant_id = p.id and m.deleted_at is null) = $1
          and (select count(*) from plants) = 1`,
      [modules],
    );
    return rows[0]?.id ?? null;
  } catch {
    return null;
  } finally {
    await client.end();
  }
}

/** The bench database with one plant of `modules` modules, generated only when missing. */
export async function benchPlant(modules: number, log: (line: string) => void): Promise<BenchPlant> {
  let url = urlFor(BENCH_DB);
  let plantId = await existing(url, modules);
  if (plantId) {
    log(`reusing ${BENCH_DB}: ${modules.toLocaleString('en')} modules`);
    await migrate(url);
  } else {
    url = await createDatabase(BENCH_DB);
    await migrate(url);
    const plant = await generatePlant(url, { modules, log });
    log(`${plant.modules} modules generated in ${plant.seconds.toFixed(1)} s (the database is kept for the next run)`);
    plantId = plant.plantId;
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ e: [number, number, number, number] }>(
      `select array[st_xmin(e), st_ymin(e), st_xmax(e), st_ymax(e)] as e from (select st_extent(geom) e from modules where plant_id = $1) s`,
      [plantId],
    );
    return { url, plantId, modules, extent: (rows[0] as { e: [number, number, number, number] }).e };
  } finally {
    await client.end();
  }
}
