import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { type Migration, MigrationHistoryError, migrate, readMigrations } from '@calepin/sql';
import { createDatabase, dropDatabase } from '../../test-support/db';

const created: string[] = [];
async function emptyDatabase(): Promise<string> {
  const name = `calepin_m_${randomBytes(5).toString('hex')}`;
  created.push(name);
  return createDatabase(name);
}
afterEach(async () => {
  for (const name of created.splice(0)) await dropDatabase(name);
});

async function appliedNames(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string }>('select name from schema_migrations order by name');
    return rows.map((r) => r.name);
  } finally {
    await client.end();
  }
}

const extra = (name: string, sql: string): Migration => ({ name, sql, checksum: name + sql });

describe('migrations', () => {
  it('build the whole schema from an empty database, then have nothing left to do', async () => {
    const url = await emptyDatabase();
    const files = await readMigrations();
    const first = await migrate(url);
    expect(first.applied).toEqual(files.map((f) => f.name));
    expect(await appliedNames(url)).toEqual(files.map((f) => f.name));
    const second = await migrate(url);
    expect(second).toEqual({ applied: [], alreadyApplied: files.length });
  });

  it('apply once when two processes migrate at the same time', async () => {
    const url = await emptyDatabase();
    const [a, b] = await Promise.all([migrate(url), migrate(url)]);
    const files = await readMigrations();
    expect(a.applied.length + b.applied.length).toBe(files.length);
    expect(await appliedNames(url)).toHaveLength(files.length);
  });

  it('refuse a history where an applied migration was edited afterwards', async () => {
    const url = await emptyDatabase();
    const files = await readMigrations();
    await migrate(url);
    const edited = files.map((f, i) => (i === 2 ? { ...f, checksum: 'edited' } : f));
    await expect(migrate(url, { migrations: edited })).rejects.toThrow(MigrationHistoryError);
    await expect(migrate(url, { migrations: edited })).rejects.toThrow(/003_people\.sql was changed after it was applied/);
  });

  it('refuse a history where an applied migration was renamed or removed', async () => {
    const url = await emptyDatabase();
    const files = await readMigrations();
    await migrate(url);
    const renamed = files.map((f, i) => (i === 1 ? { ...f, name: '002_renamed.sql' } : f));
    await expect(migrate(url, { migrations: renamed })).rejects.toThrow(/renamed, removed or inserted/);
    await expect(migrate(url, { migrations: files.slice(0, -1) })).rejects.toThrow(/no such file/);
  });

  it('roll back a failing migration entirely and report which one failed', async () => {
    const url = await emptyDatabase();
    const files = await readMigrations();
    const broken = extra('999_broken.sql', 'create table half_done (id int); select 1/0;');
    await expect(migrate(url, { migrations: [...files, broken] })).rejects.toThrow(/999_broken\.sql failed and was rolled back/);
    expect(await appliedNames(url)).not.toContain('999_broken.sql');
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query("select to_regclass('half_done') as t");
    await client.end();
    expect(rows[0].t).toBeNull();
  });

  it('reject misnamed migration files', async () => {
    const { mkdtemp, writeFile } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const dir = await mkdtemp(`${tmpdir()}/migrations-`);
    await writeFile(`${dir}/001_a.sql`, 'select 1');
    await writeFile(`${dir}/001_b.sql`, 'select 1');
    await expect(readMigrations(dir)).rejects.toThrow(/share the number 001/);
    const other = await mkdtemp(`${tmpdir()}/migrations-`);
    await writeFile(`${other}/2_bad name.sql`, 'select 1');
    await expect(readMigrations(other)).rejects.toThrow(/not named NNN_name\.sql/);
  });
});
