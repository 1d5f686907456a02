// When are two values of a column "the same"? An operation's `old` is what the device saw
// (its copy of a pulled row, or its own earlier write); the server's value went through
// PostgreSQL. So instants compare as instants (a device writes milliseconds and offsets,
// PostgreSQL answers microseconds in its own zone), geometries within a tenth of a
// millimetre, JSON documents whatever their key order.
import type { ValueKind } from './registry';

/** 1e-9 degree is about 0.1 mm: below any GPS, and above a double's round trip through text. */
const GEOMETRY_TOLERANCE = 1e-9;

export function sameValue(a: unknown, b: unknown, kind: ValueKind): boolean {
  const na = a ?? null;
  const nb = b ?? null;
  if (na === null || nb === null) return na === nb;
  switch (kind) {
    case 'time':
      return typeof na === 'string' && typeof nb === 'string' && Date.parse(na) === Date.parse(nb);
    case 'geometry':
      return sameGeometry(na, nb);
    case 'scalar':
      return na === nb || (typeof na === 'number' && typeof nb === 'number' && Math.abs(na - nb) < 1e-12);
    default:
      return canonical(na) === canonical(nb);
  }
}

function sameGeometry(a: unknown, b: unknown): boolean {
  const ga = a as { type?: unknown; coordinates?: unknown };
  const gb = b as { type?: unknown; coordinates?: unknown };
  if (ga.type !== gb.type) return false;
  const fa = flatten(ga.coordinates);
  const fb = flatten(gb.coordinates);
  return fa.length === fb.length && fa.every((v, i) => Math.abs(v - (fb[i] as number)) <= GEOMETRY_TOLERANCE);
}

const flatten = (value: unknown): number[] =>
  Array.isArray(value) ? value.flatMap(flatten) : typeof value === 'number' ? [value] : [NaN];

/** JSON with object keys sorted: equal documents give equal text. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
