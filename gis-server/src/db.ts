import { readFileSync } from 'node:fs';
import pg from 'pg';

// int8 (counts, revisions) as JS numbers: they stay far below 2^53 here.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
// numeric as JS numbers: peak kWp, angles, lengths; none needs more than 15 digits.
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));
// dates stay 'YYYY-MM-DD' strings: no time zone shifts.
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);

export type Db = pg.Pool;
export type Queryable = pg.Pool | pg.PoolClient;

/**
 * Two connections stay open when idle: opening one costs ~40 ms (SCRAM authentication), which
 * every first request after a quiet minute paid — QGIS's GetCapabilities took 45 ms
 * instead of 4 (issue 21).
 */
export const IDLE_CONNECTIONS = 2;

export function createPool(connectionString: string, max: number): pg.Pool {
  return new pg.Pool({ connectionString, max, min: Math.min(IDLE_CONNECTIONS, max), application_name: 'calepin-gis-server' });
}

/** Runs `work` in one transaction: everything or nothing is written. */
export async function transaction<T>(db: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await db.connect();
  try {
    await client.query('begin');
    const result = await work(client);
    await client.query('commit');
    return result;
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/** Reads an SQL file that sits beside the module that runs it. */
export function sqlFile(moduleUrl: string, name: string): string {
  return readFileSync(new URL(name, moduleUrl), 'utf8');
}

/**
 * The SET clause of a partial update: only the fields present in `patch`, each mapped to
 * its column through `columns` (a fixed list, so no name from a request reaches SQL).
 */
export function setClause(
  columns: Readonly<Record<string, string>>,
  patch: Readonly<Record<string, unknown>>,
  firstIndex = 1,
): { sql: string; values: unknown[] } {
  const parts: string[] = [];
  const values: unknown[] = [];
  for (const [field, column] of Object.entries(columns)) {
    if (patch[field] === undefined) continue;
    values.push(patch[field]);
    parts.push(`${column} = $${firstIndex + values.length - 1}`);
  }
  return { sql: parts.join(', '), values };
}

/** The column list and placeholders of an insert, from the fields present in `row`. */
export function insertClause(
  columns: Readonly<Record<string, string>>,
  row: Readonly<Record<string, unknown>>,
): { columns: string; placeholders: string; values: unknown[] } {
  const names: string[] = [];
  const values: unknown[] = [];
  for (const [field, column] of Object.entries(columns)) {
    if (row[field] === undefined) continue;
    names.push(column);
    values.push(row[field]);
  }
  return { columns: names.join(', '), placeholders: values.map((_, i) => `$${i + 1}`).join(', '), values };
}
