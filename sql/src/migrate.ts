import pg from 'pg';
import { type Migration, readMigrations } from './migrations';

/** The applied history does not match the migration files: nothing was applied. */
export class MigrationHistoryError extends Error {
  override name = 'MigrationHistoryError';
}

export interface MigrateResult {
  applied: string[];
  alreadyApplied: number;
}

// Any constant works; it only has to be the same for every process migrating this database.
const LOCK_KEY = 7_146_230_891;

/**
 * Applies pending migrations in name order, each in its own transaction, while holding an
 * advisory lock so that two processes never migrate at once. Refuses to do anything when
 * the recorded history is not a prefix of the files (a file renamed, edited or removed
 * after it was applied).
 */
export async function migrate(
  connectionString: string,
  options: { migrations?: Migration[]; log?: (line: string) => void } = {},
): Promise<MigrateResult> {
  const migrations = options.migrations ?? (await readMigrations());
  const log = options.log ?? (() => {});
  const client = new pg.Client({ connectionString, application_name: 'calepin-migrate' });
  await client.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [LOCK_KEY]);
    try {
      await client.query(`create table if not exists schema_migrations (
        name text primary key,
        checksum text not null,
        applied_at timestamptz not null default now())`);
      const { rows } = await client.query<{ name: string; checksum: string }>(
        'select name, checksum from schema_migrations order by name',
      );
      checkHistory(rows, migrations);
      const pending = migrations.slice(rows.length);
      for (const migration of pending) {
        await applyOne(client, migration);
        log(`applied ${migration.name}`);
      }
      return { applied: pending.map((m) => m.name), alreadyApplied: rows.length };
    } finally {
      await client.query('select pg_advisory_unlock($1)', [LOCK_KEY]);
    }
  } finally {
    await client.end();
  }
}

function checkHistory(applied: { name: string; checksum: string }[], files: Migration[]): void {
  applied.forEach((row, i) => {
    const file = files[i];
    if (!file) {
      throw new MigrationHistoryError(
        `the database has migration ${row.name} applied, but there is no such file: ` +
          'this code is older than the database',
      );
    }
    if (file.name !== row.name) {
      throw new MigrationHistoryError(
        `the database has ${row.name} applied where the files have ${file.name}: ` +
          'a migration was renamed, removed or inserted before an applied one',
      );
    }
    if (file.checksum !== row.checksum) {
      throw new MigrationHistoryError(
        `migration ${row.name} was changed after it was applied; write a new migration instead`,
      );
    }
  });
}

async function applyOne(client: pg.Client, migration: Migration): Promise<void> {
  await client.query('begin');
  try {
    await client.query(migration.sql);
    await client.query('insert into schema_migrations (name, checksum) values ($1, $2)', [
      migration.name,
      migration.checksum,
    ]);
    await client.query('commit');
  } catch (error) {
    await client.query('rollback');
    const detail = error instanceof Error ? error.message : String(error);
    throw new Error(`migration ${migration.name} failed and was rolled back: ${detail}`, { cause: error });
  }
}
