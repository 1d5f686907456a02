import type { Queryable } from '../../../db';
import { type Property, SQL_TYPE, column } from '../../../layers/columns';
import { OwsError } from '../ows-error';
import type { SqlParams } from '../sql-params';
import { FID_SQL, UUID, checkedValue } from '../values';
import type { Filter, GeometryOperand, SpatialOp } from './filter';


const ST: Record<SpatialOp, string> = {
  intersects: 'st_intersects',
  within: 'st_within',
  contains: 'st_contains',
  disjoint: 'st_disjoint',
  touches: 'st_touches',
  overlaps: 'st_overlaps',
  crosses: 'st_crosses',
  equals: 'st_equals',
};

export interface CompileContext {
  db: Queryable;
  layer: string;
  properties: readonly Property[];
  params: SqlParams;
}

const invalid = (key: 'e.ogc_property_unknown', params: Record<string, string>): never => {
  throw new OwsError('InvalidParameterValue', 'filter', key, params);
};

function propertyOf(name: string, context: CompileContext): Property {
  const property = context.properties.find((p) => p.name === name);
  return property ?? invalid('e.ogc_property_unknown', { name, layer: context.layer });
}

const literal = (property: Property, value: string) => checkedValue(property, value, 'filter');

/** A LIKE pattern from an OGC one (wildCard, singleChar, escapeChar). */
function likePattern(pattern: string, wildCard: string, singleChar: string, escapeChar: string): string {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === escapeChar && i + 1 < pattern.length) {
      const next = pattern[++i] as string;
      out += /[%_\\]/.test(next) ? `\\${next}` : next;
    } else if (c === wildCard) out += '%';
    else if (c === singleChar) out += '_';
    else if (/[%_\\]/.test(c)) out += `\\${c}`;
    else out += c;
  }
  return out;
}

/** A geometry operand in EPSG:4326, as an SQL expression. */
async function geometrySql(operand: GeometryOperand, context: CompileContext): Promise<string> {
  const { params } = context;
  if (operand.kind === 'envelope') {
    const { minx, miny, maxx, maxy, srid } = operand;
    const envelope = `st_makeenvelope(${params.add(minx, 'float8')}, ${params.add(miny, 'float8')}, ${params.add(maxx, 'float8')}, ${params.add(maxy, 'float8')}, ${params.add(srid, 'int')})`;
    return srid === 4326 ? envelope : `st_transform(${envelope}, 4326)`;
  }
  // Read once here, so a geometry PostGIS cannot read is the caller's error, not a 500.
  try {
    const { rows } = await context.db.query<{ g: string }>(
      'select st_transform(st_geomfromgml($1), 4326)::text as g',
      [operand.gml],
    );
    return params.add((rows[0] as { g: string }).g, 'geometry');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new OwsError('InvalidParameterValue', 'filter', 'e.ogc_geometry_invalid', { reason });
  }
}

/** The SQL condition of a filter over the source row `s`; every value is a parameter. */
export async function filterSql(filter: Filter, context: CompileContext): Promise<string> {
  const { params } = context;
  switch (filter.op) {
    case 'and':
    case 'or': {
      const parts = await Promise.all(filter.args.map((f) => filterSql(f, context)));
      return `(${parts.join(filter.op === 'and' ? ' and ' : ' or ')})`;
    }
    case 'not':
      return `(not coalesce(${await filterSql(filter.arg, context)}, false))`;
    case 'compare': {
      const property = propertyOf(filter.property, context);
      const value = literal(property, filter.value);
      if (!filter.matchCase && property.kind === 'string') {
        return `(lower(${column(property.name)}) ${filter.cmp} lower(${params.add(value, 'text')}))`;
      }
      const type = SQL_TYPE[property.kind];
      const left = property.kind === 'json' ? `${column(property.name)}::text` : column(property.name);
      return `(${left} ${filter.cmp} ${params.add(value, type)})`;
    }
    case 'like': {
      const property = propertyOf(filter.property, context);
      const pattern = likePattern(filter.pattern, filter.wildCard, filter.singleChar, filter.escapeChar);
      return `(${column(property.name)}::text ${filter.matchCase ? 'like' : 'ilike'} ${params.add(pattern, 'text')})`;
    }
    case 'null':
      return `(${column(propertyOf(filter.property, context).name)} is null)`;
    case 'between': {
      const property = propertyOf(filter.property, context);
      const type = SQL_TYPE[property.kind];
      return `(${column(property.name)} between ${params.add(literal(property, filter.lower), type)} and ${params.add(literal(property, filter.upper), type)})`;
    }
    case 'spatial':
      return `${ST[filter.rel]}(s.geom, ${await geometrySql(filter.geometry, context)})`;
    case 'ids': {
      // layer.<integer> (the gml:id of WFS, values.ts), layer.<uuid> or a bare UUID (OGC API).
      const prefix = `${context.layer}.`;
      const bare = filter.ids.map((id) => (id.startsWith(prefix) ? id.slice(prefix.length) : id));
      const uuids = bare.filter((id) => UUID.test(id));
      const fids = bare.filter((id) => /^\d{1,16}$/.test(id)).map(Number);
      return `(s.id = any(${params.add(uuids, 'uuid[]')}) or ${FID_SQL} = any(${params.add(fids, 'int8[]')}))`;
    }
  }
}
