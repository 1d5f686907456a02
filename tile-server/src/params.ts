import { TileError } from './errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An optional id of the query string (?plant=, ?audit=, ?plan=): null when absent, 400 naming it when not a UUID. */
export function uuidParam(params: URLSearchParams, name: string): string | null {
  const value = params.get(name);
  if (value === null || value === '') return null;
  if (!UUID.test(value)) throw new TileError(400, 'validation_failed', 'e.tile_param_uuid', {}, name);
  return value.toLowerCase();
}
