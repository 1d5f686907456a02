import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

/** One numbered migration file, `NNN_name.sql`. */
export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export const migrationsDir = fileURLToPath(new URL('../migrations/', import.meta.url));

const migrationName = /^(\d{3})_[a-z0-9_]+\.sql$/;

/** Reads the migration files in order; refuses misnamed files and duplicate numbers. */
export async function readMigrations(dir = migrationsDir): Promise<Migration[]> {
  const names = (await readdir(dir)).filter((name) => name.endsWith('.sql')).sort();
  const seen = new Map<string, string>();
  const migrations: Migration[] = [];
  for (const name of names) {
    const match = migrationName.exec(name);
    if (!match) throw new Error(`migration file ${name} is not named NNN_name.sql`);
    const number = match[1] as string;
    const other = seen.get(number);
    if (other) throw new Error(`migrations ${other} and ${name} share the number ${number}`);
    seen.set(number, name);
    // Line endings are normalised so that a checkout on Windows keeps the same checksum.
    const sql = (await readFile(`${dir}/${name}`, 'utf8')).replace(/\r\n/g, '\n');
    migrations.push({ name, sql, checksum: createHash('sha256').update(sql).digest('hex') });
  }
  return migrations;
}
