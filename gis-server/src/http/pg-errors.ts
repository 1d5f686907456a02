import { ApiError } from './errors';

// PostgreSQL errors that a request can legitimately cause, turned into 4xx. Zod checks
// requests first, so these are mostly races (two requests creating the same name) or
// references to rows that vanished meanwhile.

interface PgError {
  code?: string;
  table?: string;
  column?: string;
  constraint?: string;
  detail?: string;
}

const FIELD_OVERRIDES: Record<string, string> = {
  module_models_name_key: 'model',
  users_client_role: 'clientId',
};

const camel = (s: string) => s.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** The request field behind a constraint: clients_name_key → name, plants_client_id_fkey → clientId. */
function fieldOf(error: PgError): string | null {
  const constraint = error.constraint ?? '';
  if (FIELD_OVERRIDES[constraint]) return FIELD_OVERRIDES[constraint];
  if (error.column) return camel(error.column);
  const table = error.table ?? '';
  const match = new RegExp(`^${table}_(.+)_(key|fkey|check)$`).exec(constraint);
  return match?.[1] ? camel(match[1]) : null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function valueOf(detail: string | undefined): string {
  // "Key (lower(name::text))=(acme) already exists." → acme. A key scoped by an owner,
  // "(user_id, lower(name))=(<uuid>, gdal)", names only what the caller wrote: gdal.
  const match = /\)=\((.*)\) already exists/.exec(detail ?? '');
  const parts = (match?.[1] ?? '').split(', ');
  return parts.length > 1 ? parts.filter((p) => !UUID.test(p)).join(', ') : (match?.[1] ?? '');
}

export function fromPgError(error: unknown): ApiError | null {
  if (typeof error !== 'object' || error === null || !('code' in error)) return null;
  const e = error as PgError;
  switch (e.code) {
    case '23505':
      return new ApiError(409, 'duplicate', { key: 'e.duplicate', params: { value: valueOf(e.detail) }, field: fieldOf(e) });
    case '23503':
      return new ApiError(400, 'reference_missing', { key: 'e.reference_missing', field: fieldOf(e) });
    case '23514':
      return new ApiError(400, 'constraint_violated', { key: 'v.invalid', field: fieldOf(e) });
    case '23P01':
      return new ApiError(409, 'conflict', { key: 'v.invalid', field: fieldOf(e) });
    case '22P02':
    case '22P05': // a \u0000 in JSON text
    case '22021': // a byte sequence text cannot hold (NUL)
    case '22003':
    case '22007':
    case '22008':
      return new ApiError(400, 'invalid_value', { key: 'v.invalid', field: fieldOf(e) });
    default:
      return null;
  }
}
