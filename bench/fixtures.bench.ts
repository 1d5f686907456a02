// How fast the plant generator builds plants inside PostGIS: npm run bench -- fixtures
// [--max 2000000]. Each size runs in a fresh database, as the benchmarks of other
// issues will use it.
import { parseArgs } from 'node:util';
import { generatePlant } from '@calepin/data-fixtures';
import { migrate } from '@calepin/sql';
import { createDatabase, dropDatabase } from '../test-support/db';
import { machine, stats, writeSection } from './results';

const { values } = parseArgs({ options: { max: { type: 'string', default: '2000000' } }, allowPositionals: true });
const max = Number(values.max);
const plan: [modules: number, runs: number][] = [
  [10_000, 5],
  [250_000, 3],
  [2_000_000, 1],
].filter(([modules]) => (modules as number) <= max) as [number, number][];

const rows: string[] = [];
for (const [modules, runs] of plan) {
  const seconds: number[] = [];
  let sizeMb = 0;
  for (let run = 0; run < runs; run++) {
    const url = await createDatabase('calepin_bench_fixtures');
    await migrate(url);
    const plant = await generatePlant(url, { modules });
    seconds.push(plant.seconds);
    const pg = await import('pg');
    const client = new pg.default.Client({ connectionString: url });
    await client.connect();
    sizeMb = Number((await client.query('select pg_database_size(current_database()) as s')).rows[0].s) / 2 ** 20;
    await client.end();
    await dropDatabase('calepin_bench_fixtures');
    console.log(`${modules} modules: ${plant.seconds.toFixed(1)} s`);
  }
  const s = stats(seconds);
  rows.push(
    `| ${modules.toLocaleString('en')} | ${s.n} | ${s.median.toFixed(1)} | ${s.p95.toFixed(1)} | ` +
      `${Math.round(modules / s.median).toLocaleString('en')} | ${Math.round(sizeMb).toLocaleString('en')} |`,
  );
}

await writeSection(
  'fixtures',
  `## Plant generator (data-fixtures)

- machine: ${machine()}
- date: ${new Date().toISOString().slice(0, 10)}
- command: \`npm run bench -- fixtures --max ${max}\`

Whole plant in one transaction (tables, modules, strings, boxes, inverters, cables,
outlines), then ANALYZE; each run in a freshly migrated database.

| modules | runs | median s | p95 s | modules / s | database MB |
|---:|---:|---:|---:|---:|---:|
${rows.join('\n')}

Goal (issue 2): 2 million modules in minutes, not hours.`,
);
console.log('bench/RESULTS.md updated');
