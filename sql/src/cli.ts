// npm run migrate: applies pending migrations to DATABASE_URL.
import { migrate } from './migrate';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('DATABASE_URL is not set (npm start sets it for the local cluster: see scripts/pg.sh url)');
  process.exit(2);
}
try {
  const result = await migrate(url, { log: (line) => console.log(line) });
  console.log(`migrations: ${result.applied.length} applied, ${result.alreadyApplied} already there`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
