import { Readable } from 'node:stream';
import { finished } from 'node:stream';
import type pg from 'pg';
import QueryStream from 'pg-query-stream';
import type { Db } from '../../db';
import { type LayerDef, layerSource } from '../../layers/catalog';
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
  /** Keyset paging: only features whose id comes after this one (OGC API next links, WFS pages). */
  after?: string | null;
  /** null: every matching feature. */
  limit: number | null;
  crs: Crs;
}

/**
 * The features a query selects, compiled once: FROM and WHERE (the layer's source, the
 * client scope, the filter) with their values, and a key naming them whatever the page,
 * the format or the CRS (counts and page starts are remembered under it).
 */
export interface Selection {
  query: FeatureQuery;
  where: string;
  values: unknown[];
  key: string;
}

export async function selection(db: Db, query: FeatureQuery): Promise<Selection> {
  const params = new SqlParams();
  const scope = params.add(query.scope, 'uuid');
  const conditions = [`(${scope} is null or s."clientId" = ${scope})`];
  if (query.filter) {
    conditions.push(await filterSql(query.filter, { db, layer: query.layer.name, properties: query.properties, params }));
  }
  const where = `from (${layerSource(query.layer, query.scope)}) s where ${conditions.join(' and ')}`;
  return { query, where, values: params.values, key: `${query.layer.name}\n${conditions.join(' and ')}\n${JSON.stringify(params.values)}` };
}

/** WHERE, then the keyset start (`after`, OGC API next links and WFS pages), order, offset and limit. */
function paged(sel: Selection, params: SqlParams, after: string | null | undefined): string {
  const { query } = sel;
  const start = after ? ` and s.id > ${params.add(after, 'uuid')}` : '';
  const offset = query.offset ? ` offset ${params.add(query.offset, 'int8')}` : '';
  const limit = query.limit === null ? '' : ` limit ${params.add(query.limit, 'int8')}`;
  return `${sel.where}${start} order by s.id${offset}${limit}`;
}

/** The SQL of the count of the selected features. */
export const countSql = (sel: Selection) => ({ sql: `select count(*)::int8 as n ${sel.where}`, values: sel.values });

/** The SQL of the id of the selected feature at a position (0-based) of the id order. */
export function idAtSql(sel: Selection, position: number): { sql: string; values: unknown[] } {
  const params = new SqlParams(sel.values);
  return { sql: `select s.id::text as id ${sel.where} order by s.id offset ${params.add(position, 'int8')} limit 1`, values: params.values };
}

/**
 * Rows of id, fid (values.ts), the geometry as GML (no srsName: the caller names it) and
 * the selected properties as XML elements, built and escaped by PostgreSQL (xmlforest
 * omits nulls and writes dates as xsd:dateTime): the server only joins texts.
 */
export function gmlRowsSql(sel: Selection, prefix: string, after?: string | null): { sql: string; values: unknown[] } {
  const { query } = sel;
  const params = new SqlParams(sel.values);
  const forest = query.selected.map((p) => `${column(p.name)} as "${prefix}:${p.name}"`);
  const props = forest.length ? `xmlforest(${forest.join(', ')})::text as a` : `'' as a`;
  const gml = `st_asgml(3, st_setsrid(${geometrySql(query.crs)}, 0), ${precision(query.crs)}, 6) as g`;
  const sql = `select s.id::text as id, ${FID_SQL} as fid, ${gml}, ${props} ${paged(sel, params, after ?? query.after)}`;
  return { sql, values: params.values };
}

/** Rows of the id and one GeoJSON feature text each (`f`), built inside PostGIS. */
export function geojsonRowsSql(sel: Selection, after?: string | null): { sql: string; values: unknown[] } {
  const { query } = sel;
  const params = new SqlParams(sel.values);
  const geometry = `st_asgeojson(${geometrySql(query.crs)}, ${precision(query.crs)})`;
  const feature = `${geojsonFeatureSql(query.selected, geometry)} as f`;
  return { sql: `select s.id::text as id, ${feature} ${paged(sel, params, after ?? query.after)}`, values: params.values };
}

export interface Snapshot {
  /** The count, when asked for. */
  matched: number | null;
  rows: Readable;
}

/** What a snapshot reads: the count (or null), then the rows' SQL (null: no rows). */
export type SnapshotPlan = (client: pg.PoolClient) => Promise<{ matched: number | null; rows: { sql: string; values: unknown[] } | null }>;

/**
 * Counts and streams from one read-only snapshot (REPEATABLE READ), so numberMatched and
 * the features agree. Rows come through a cursor, a batch at a time: a 250,000-module
 * layer never sits in memory. The connection goes back to the pool when the stream ends,
 * fails or is dropped by the caller.
 */
export async function snapshot(db: Db, plan: SnapshotPlan): Promise<Snapshot> {
  const client = await db.connect();
  try {
    await client.query('begin isolation level repeatable read read only');
    const { matched, rows } = await plan(client);
    if (!rows) {
      await client.query('commit');
      client.release();
      return { matched, rows: Readable.from([]) };
    }
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
