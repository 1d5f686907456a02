import QueryStream from 'pg-query-stream';
import type { Db } from '../../db';

/**
 * The rows of a query as they come from the database (a cursor of 2,000 rows at a time):
 * a 250,000-module plant never sits in memory. The connection is given back when the rows
 * end, and thrown away when the reader stops early or the query fails.
 */
export async function* streamRows(db: Db, sql: string, values: unknown[]): AsyncGenerator<Record<string, unknown>> {
  const client = await db.connect();
  const stream = client.query(new QueryStream(sql, values, { batchSize: 2000, highWaterMark: 2000 }));
  let done = false;
  try {
    for await (const row of stream) yield row as Record<string, unknown>;
    done = true;
  } finally {
    if (!done) stream.destroy();
    client.release(!done);
  }
}
