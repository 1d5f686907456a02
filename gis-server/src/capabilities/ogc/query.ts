import { Readable } from 'node:stream';
import { finished } from 'node:stream';
import QueryStream from 'pg-query-stream';
import type { Db } from '../../db';
import type { LayerDef } from '../../layers/catalog';
import { type Property, column } from '../../layers/columns';
import { geojsonFeatureSql } from '../../layers/features';
import { type Crs, geometrySql, precision } from './crs';
import type { Filter } from './fes/filter';
import { filterSql } from './fes/sql';
import { SqlParams } from './sql-params';
import { FID_SQL } from './values';

/** One read of one layer, as WFS GetFeature, OGC API items and exports ask it. */
export interface FeatureQuery {
  layer: LayerDef;
  /** Every property of the layer (filters may use any). */
  properties: readonly Property[];
  /** The properties to return, in order. */
  selected: readonly Property[];
  /** The caller's client scope (access/scope.ts): null for staff. */
  scope: string | null;
  filter?: Filter;
  offset: number;
  /** Keyset paging: only features whose id comes after this one (OGC API next links). */
  after?: string | null;
  /** null: every matching feature. */
  limit: number | null;
  crs: Crs;
}

/** FROM and WHERE of a query: the layer's source, the client scope, the filter. */
export async function fromWhere(db: Db, query: FeatureQuery, params: SqlParams): Promise<string> {
  const scope = params.add(query.scope, 'uuid');
  const conditions = [`(${scope} is null or s."clientId" = ${scope})`];
  if (query.after) conditions.push(`s.id > ${params.add(query.after, 'uuid')}`);
  if (query.filter) {
    conditions.push(
      await filterSql(query.filter, { db, layer: query.layer.name, properties: query.properties, params }),
    );
  }
  return `from (${query.layer.source}) s where ${conditions.join(' and ')}`;
}

const page = (query: FeatureQuery, params: SqlParams) =>
  `order by s.id offset ${params.add(query.offset, 'int8')}` + (query.limit === null ? '' : ` limit ${params.add(query.limit, 'int8')}`);

/** The SQL of the count of matching features. */
export async function countSql(db: Db, query: FeatureQuery): Promise<{ sql: string; values: unknown[] }> {
  const params = new SqlParams();
  const sql = `select count(*)::int8 as n ${await fromWhere(db, query, params)}`;
  return { sql, values: params.values };
}

/**
 * Rows of fid (values.ts), the geometry as GML (no srsName: the caller names it) and the
 * selected properties as XML elements, built and escaped by PostgreSQL (xmlforest omits
 * nulls and writes dates as xsd:dateTime): the server only joins texts.
 */
export async function gmlRowsSql(db: Db, query: FeatureQuery, prefix: string): Promise<{ sql: string; values: unknown[] }> {
  const params = new SqlParams();
  const where = await fromWhere(db, query, params);
  const forest = query.selected.map((p) => `${column(p.name)} as "${prefix}:${p.name}"`);
  const props = forest.length ? `xmlforest(${forest.join(', ')})::text as a` : `'' as a`;
  const gml = `st_asgml(3, st_setsrid(${geometrySql(query.crs)}, 0), ${precision(query.crs)}, 6) as g`;
  const sql = `select ${FID_SQL} as fid, ${gml}, ${props} ${where} ${page(query, params)}`;
  return { sql, values: params.values };
}

/** Rows of one GeoJSON feature text each (`f`), built inside PostGIS; `id` too when asked. */
export async function geojsonRowsSql(db: Db, query: FeatureQuery, withId = false): Promise<{ sql: string; values: unknown[] }> {
  const params = new SqlParams();
  const where = await fromWhere(db, query, params);
  const geometry = `st_asgeojson(${geometrySql(query.crs)}, ${precision(query.crs)})`;
  const feature = `${geojsonFeatureSql(query.selected, geometry)} as f`;
  return { sql: `select ${withId ? 's.id::text as id, ' : ''}${feature} ${where} ${page(query, params)}`, values: params.values };
}

export interface Snapshot {
  /** The count, when asked for. */
  matched: number | null;
  rows: Readable;
}

/**
 * Counts and streams from one read-only snapshot (REPEATABLE READ), so numberMatched and
 * the features agree. Rows come through a cursor, a batch at a time: a 250,000-module
 * layer never sits in memory. The connection goes back to the pool when the stream ends,
 * fails or is dropped by the caller.
 */
export async function snapshot(
  db: Db,
  count: { sql: string; values: unknown[] } | null,
  rows: { sql: string; values: unknown[] },
): Promise<Snapshot> {
  const client = await db.connect();
  try {
    await client.query('begin isolation level repeatable read read only');
    const matched = count ? Number((await client.query(count.sql, count.values)).rows[0].n) : null;
    const stream = client.query(new QueryStream(rows.sql, rows.values, { batchSize: 1000, highWaterMark: 1000 }));
    finished(stream, (error) => {
      if (error) {
        client.release(error);
        return;
      }
      client.query('commit').then(
        () => client.release(),
        (e: Error) => client.release(e),
      );
    });
    return { matched, rows: stream };
  } catch (error) {
    client.release(error as Error);
    throw error;
  }
}

/**
 * A response body from a header, the rendered rows and a footer, written in chunks of
 * about 64 KB as the database delivers rows (back-pressure included).
 */
export function render<T>(
  header: string,
  rows: Readable,
  each: (row: T, index: number) => string,
  footer: string | ((count: number, last: T | undefined, more: boolean) => string),
  /** Rows rendered at most: one more may be read to learn that more remain. */
  max = Number.POSITIVE_INFINITY,
): Readable {
  async function* generate() {
    let buffer = header;
    let index = 0;
    let last: T | undefined;
    let more = false;
    for await (const row of rows) {
      if (index >= max) {
        more = true;
        continue;
      }
      buffer += each(row as T, index++);
      last = row as T;
      if (buffer.length > 65_536) {
        yield buffer;
        buffer = '';
      }
    }
    yield buffer + (typeof footer === 'string' ? footer : footer(index, last, more));
  }
  return Readable.from(generate(), { objectMode: false });
}
