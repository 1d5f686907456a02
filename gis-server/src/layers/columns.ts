import type { Queryable } from '../db';
import type { LayerDef } from './catalog';

/** The kinds of value a property holds, from its PostgreSQL type. */
export type PropertyKind = 'uuid' | 'string' | 'integer' | 'long' | 'double' | 'boolean' | 'date' | 'datetime' | 'json';

export interface Property {
  name: string;
  kind: PropertyKind;
}

// PostgreSQL type OIDs (pg_type) → kinds; anything else is read as text.
const KINDS: Record<number, PropertyKind> = {
  2950: 'uuid',
  25: 'string',
  1043: 'string',
  21: 'integer',
  23: 'integer',
  20: 'long',
  700: 'double',
  701: 'double',
  1700: 'double',
  16: 'boolean',
  1082: 'date',
  1184: 'datetime',
  1114: 'datetime',
  114: 'json',
  3802: 'json',
};

/** The SQL type a value of a kind is compared as. */
export const SQL_TYPE: Record<PropertyKind, string> = {
  uuid: 'uuid',
  string: 'text',
  integer: 'int8',
  long: 'int8',
  double: 'float8',
  boolean: 'boolean',
  date: 'date',
  datetime: 'timestamptz',
  json: 'text',
};

/** Columns of every source that are not properties: the key, the geometry, the scope. */
const INTERNAL = new Set(['id', 'geom', 'clientId']);

const cache = new WeakMap<object, Map<string, Property[]>>();

/**
 * The properties of a layer, read from the database itself (the columns of its source,
 * `limit 0`), so that names checked against this list are names the SQL knows.
 */
export async function layerProperties(db: Queryable, layer: LayerDef): Promise<Property[]> {
  let perDb = cache.get(db);
  if (!perDb) cache.set(db, (perDb = new Map()));
  const known = perDb.get(layer.name);
  if (known) return known;
  const { fields } = await db.query(`select * from (${layer.source}) s limit 0`);
  const properties = fields
    .filter((f) => !INTERNAL.has(f.name))
    .map((f) => ({ name: f.name, kind: KINDS[f.dataTypeID] ?? 'string' }));
  perDb.set(layer.name, properties);
  return properties;
}

/** A column name of a source as an SQL identifier; names come from the catalog, checked anyway. */
export function column(name: string): string {
  if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(name)) throw new Error(`unexpected column name ${name}`);
  return `s."${name}"`;
}
