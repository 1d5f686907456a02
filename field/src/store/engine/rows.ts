// Rows between SQLite and the app: JSON columns are text in the GeoPackage and values in the
// app; the geometry column is a GeoPackage blob there and a GeoJSON point here. Times the
// device writes into the GeoPackage are UTC (its DATETIME form); the outbox records the
// device's clock with its offset (docs/sync.md §3).
import type { BindableValue, Database, SqlValue } from '@sqlite.org/sqlite-wasm';
import { type Geometry, decodeGeometry, encodeGeometry, envelopeOf } from '../gpkg/geometry';
import type { DeviceTable } from './tables';

export type Row = Record<string, unknown>;
type Spec = Pick<DeviceTable, 'local' | 'key' | 'json' | 'geometry'>;

/** Now in GeoPackage DATETIME form: 2026-12-06T21:41:07.120Z. */
export const utcNow = (date = new Date()) => date.toISOString();

/** Now on the device's clock with its offset: 2026-12-06T22:41:07.120+01:00. */
export function deviceTime(date = new Date()): string {
  const offset = -date.getTimezoneOffset();
  const local = new Date(date.getTime() + offset * 60_000).toISOString().slice(0, -1);
  const sign = offset >= 0 ? '+' : '-';
  const hh = String(Math.floor(Math.abs(offset) / 60)).padStart(2, '0');
  const mm = String(Math.abs(offset) % 60).padStart(2, '0');
  return `${local}${sign}${hh}:${mm}`;
}

const columnCache = new WeakMap<Database, Map<string, Set<string>>>();
/** The columns a table of this file has (a pulled row may carry columns the package does not). */
export function columnsOf(db: Database, table: string): Set<string> {
  let tables = columnCache.get(db);
  if (!tables) columnCache.set(db, (tables = new Map()));
  let columns = tables.get(table);
  if (!columns) {
    columns = new Set(db.selectValues(`select name from pragma_table_info(?)`, [table]).map(String));
    tables.set(table, columns);
  }
  return columns;
}

export const ident = (name: string) => {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`unexpected identifier ${name}`);
  return `"${name}"`;
};

/** A value as SQLite stores it in this column. */
export function toSql(spec: Spec, column: string, value: unknown): BindableValue {
  if (value === undefined || value === null) return null;
  if (column === spec.geometry) return encodeGeometry(value as Geometry);
  if (spec.json?.includes(column)) return JSON.stringify(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'object') return JSON.stringify(value);
  return value as BindableValue;
}

/** A stored value as the app reads it. */
export function fromSql(spec: Spec, column: string, value: SqlValue): unknown {
  if (value === null || value === undefined) return null;
  if (column === spec.geometry && value instanceof Uint8Array) return decodeGeometry(value).geometry;
  if (spec.json?.includes(column) && typeof value === 'string') {
    try {
      return JSON.parse(value);
    } catch {
      return null;
    }
  }
  return value;
}

export function readRow(db: Database, spec: Spec, key: Record<string, unknown>): Row | undefined {
  const where = spec.key.map((k) => `${ident(k)} = ?`).join(' and ');
  const row = db.selectObject(`select * from ${ident(spec.local)} where ${where}`, spec.key.map((k) => String(key[k])));
  if (!row) return undefined;
  const out: Row = {};
  for (const [column, value] of Object.entries(row)) out[column] = fromSql(spec, column, value as SqlValue);
  return out;
}

/** Inserts or replaces a whole row by its key (columns the table lacks are left out). */
export function upsertRow(db: Database, spec: Spec, row: Row): void {
  const columns = columnsOf(db, spec.local);
  const names = Object.keys(row).filter((c) => columns.has(c) && c !== 'fid');
  const existing = db.selectValue(
    `select fid from ${ident(spec.local)} where ${spec.key.map((k) => `${ident(k)} = ?`).join(' and ')}`,
    spec.key.map((k) => String(row[k])),
  );
  const values = names.map((c) => toSql(spec, c, row[c]));
  if (existing === undefined) {
    db.exec({
      sql: `insert into ${ident(spec.local)} (${names.map(ident).join(', ')}) values (${names.map(() => '?').join(', ')})`,
      bind: values,
    });
  } else {
    db.exec({ sql: `update ${ident(spec.local)} set ${names.map((c) => `${ident(c)} = ?`).join(', ')} where fid = ?`, bind: [...values, existing as number] });
  }
}

export function deleteRow(db: Database, spec: Spec, key: Record<string, unknown>): void {
  db.exec({
    sql: `delete from ${ident(spec.local)} where ${spec.key.map((k) => `${ident(k)} = ?`).join(' and ')}`,
    bind: spec.key.map((k) => String(key[k])),
  });
}

/**
 * Keeps gpkg_contents true for a table: last_change is now, and a feature table's extent
 * covers every feature — a new point widens it, a moved or deleted one has it recomputed
 * from the table's R-tree.
 */
export function touchContents(db: Database, table: string, extent: { grow: Geometry } | 'recompute' | null): void {
  const now = utcNow();
  const grown = extent && extent !== 'recompute' ? envelopeOf(extent.grow) : null;
  if (grown) {
    db.exec({
      sql: `update gpkg_contents set last_change = ?6, min_x = min(coalesce(min_x, ?1), ?1), max_x = max(coalesce(max_x, ?2), ?2),
            min_y = min(coalesce(min_y, ?3), ?3), max_y = max(coalesce(max_y, ?4), ?4) where table_name = ?5`,
      bind: [grown.minX, grown.maxX, grown.minY, grown.maxY, table, now],
    });
  } else if (extent && !hasTable(db, `rtree_${table}_geom`)) {
    // A table added on the device (zones in a package from before them) has no R-tree: its
    // few rows are read whole.
    db.exec({
      sql: `update gpkg_contents set last_change = ?1,
              (min_x, max_x, min_y, max_y) = (select min(ST_MinX(geom)), max(ST_MaxX(geom)), min(ST_MinY(geom)), max(ST_MaxY(geom)) from ${ident(table)})
            where table_name = ?2`,
      bind: [now, table],
    });
  } else if (extent) {
    db.exec({
      sql: `update gpkg_contents set last_change = ?1,
              (min_x, max_x, min_y, max_y) = (select min(minx), max(maxx), min(miny), max(maxy) from ${ident(`rtree_${table}_geom`)})
            where table_name = ?2`,
      bind: [now, table],
    });
  } else {
    db.exec({ sql: 'update gpkg_contents set last_change = ? where table_name = ?', bind: [now, table] });
  }
}

const hasTable = (db: Database, name: string) => db.selectValue("select count(*) from sqlite_master where name = ?", [name]) === 1;
