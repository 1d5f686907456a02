// Test databases: every test file gets its own database, copied from a template that
// the global set-up migrated (and loaded with the demo data) once per run. Copying a
// template is a file copy in PostgreSQL: far faster than migrating again.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const TEMPLATE_EMPTY = 'calepin_test_empty';
export const TEMPLATE_DEMO = 'calepin_test_demo';

export function adminUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set: run the tests with npm test');
  return url;
}

export function urlFor(database: string): string {
  const url = new URL(adminUrl());
  url.pathname = `/${database}`;
  return url.toString();
}

async function withAdmin<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

const ident = (name: string) => {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`unexpected database name ${name}`);
  return `"${name}"`;
};

export async function dropDatabase(name: string): Promise<void> {
  await withAdmin((c) => c.query(`drop database if exists ${ident(name)} with (force)`));
}

export async function createDatabase(name: string, template?: string): Promise<string> {
  await withAdmin(async (c) => {
    await c.query(`drop database if exists ${ident(name)} with (force)`);
    await c.query(`create database ${ident(name)}${template ? ` template ${ident(template)}` : ''}`);
  });
  return urlFor(name);
}

export interface TestDatabase {
  name: string;
  url: string;
  pool: pg.Pool;
  drop(): Promise<void>;
}

/** A fresh database for one test file, copied from a template (the demo data by default). */
export async function testDatabase(template: string = TEMPLATE_DEMO): Promise<TestDatabase> {
  const name = `calepin_t_${randomBytes(6).toString('hex')}`;
  const url = await createDatabase(name, template);
  const pool = new pg.Pool({ connectionString: url, max: 8 });
  // Dropping the database (with force) ends what is still connected: a connection the pool
  // was closing gets "terminating connection due to administrator command" (57P01), which
  // with no listener is an uncaught exception (it failed a green fresh-clone run once).
  pool.on('error', (error: Error & { code?: string }) => {
    if (error.code !== '57P01') throw error;
  });
  return {
    name,
    url,
    pool,
    async drop() {
      await pool.end();
      await dropDatabase(name);
    },
  };
}

/**
 * Waits until every transaction of this database begun before this call has ended, so that
 * a sync pull made afterwards hands out everything committed so far (a pull stops below the
 * oldest running transaction that may have written its rows, sync_horizon(), docs/sync.md
 * §5). A test that compares a device with the server waits here before its last pull
 * instead of hoping.
 */
export async function pullHorizonPassed(pool: pg.Pool, timeoutMs = 60_000): Promise<void> {
  const { rows } = await pool.query<{ next: string }>('select pg_snapshot_xmax(pg_current_snapshot())::text as next');
  const next = rows[0]?.next;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows: [row] } = await pool.query<{ passed: boolean }>('select sync_horizon() >= $1::xid8 as passed', [next]);
    if (row?.passed) return;
    if (Date.now() > deadline) throw new Error(`a transaction begun before xid ${next} still runs after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
