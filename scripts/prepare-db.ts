// Part of the set-up (scripts/setup.sh): migrate DATABASE_URL, then, in demo mode, load
// the demo data into an empty database; outside demo mode, demo accounts are removed.
import pg from 'pg';
import { DEMO_PASSWORD, DEMO_USERS, loadDemo } from '@calepin/data-fixtures';
import { migrate } from '@calepin/sql';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('prepare-db: DATABASE_URL is not set');
  process.exit(2);
}
const demo = ['1', 'true'].includes(process.env.CALEPIN_DEMO ?? '0');

try {
  const result = await migrate(url, { log: (line) => console.log(`migrations: ${line}`) });
  if (result.applied.length === 0) console.log(`migrations: up to date (${result.alreadyApplied})`);

  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ empty: boolean }>(
      'select not exists (select 1 from plants) and not exists (select 1 from users) as empty',
    );
    if (demo && rows[0]?.empty) {
      const started = performance.now();
      const summary = await loadDemo(url, { log: (line) => console.log(`demo: ${line}`) });
      console.log(`demo: loaded in ${((performance.now() - started) / 1000).toFixed(1)} s (${summary.modules} modules)`);
    }
    // Demo accounts exist only in demo mode (the server also refuses their login outside it).
    const { rowCount } = await client.query(
      demo
        ? 'update users set deleted_at = null where is_demo and deleted_at is not null'
        : 'update users set deleted_at = now() where is_demo and deleted_at is null',
    );
    if (rowCount) console.log(`demo: ${demo ? 'restored' : 'removed'} ${rowCount} demo account(s)`);
  } finally {
    await client.end();
  }

  if (demo) {
    console.log('\nDemo mode — accounts (password for all: %s):', DEMO_PASSWORD);
    for (const user of DEMO_USERS) console.log(`  ${user.role.padEnd(10)} ${user.email}`);
    console.log('');
  }
} catch (error) {
  console.error(`prepare-db: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}
