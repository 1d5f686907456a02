import type { Property } from '../../layers/columns';
import { OwsError } from './ows-error';

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a text is a valid value of a property's kind, so the database never sees a value it cannot cast. */
export function validValue(property: Property, value: string): boolean {
  switch (property.kind) {
    case 'uuid':
      return UUID.test(value);
    case 'integer':
    case 'long':
      return /^[-+]?\d{1,18}$/.test(value.trim());
    case 'double':
      return value.trim() !== '' && Number.isFinite(Number(value));
    case 'boolean':
      return /^(true|false|1|0)$/i.test(value.trim());
    case 'date':
    case 'datetime':
      return !Number.isNaN(Date.parse(value));
    default:
      return true;
  }
}

/** A literal checked against its property; refused with InvalidParameterValue at `locator`. */
export function checkedValue(property: Property, value: string, locator: string): string {
  if (!validValue(property, value)) {
    throw new OwsError('InvalidParameterValue', locator, 'e.ogc_literal_invalid', { name: property.name, value });
  }
  return property.kind === 'string' ? value : value.trim();
}

/**
 * The feature id WFS clients see: the first 52 bits of the UUID as an integer, in
 * gml:id="modules.693541167140". GDAL reads a gml:id of the form layer.integer as its FID
 * and addresses updates and deletes with it; with anything else it numbers features by
 * position, which differs between filtered and unfiltered reads (and once deleted the
 * wrong feature). 52 bits keep it a JavaScript number and follow the UUID order.
 */
export const FID_SQL = `('x' || substr(replace(s.id::text, '-', ''), 1, 13))::bit(52)::int8`;
export const fidOf = (uuid: string): number => Number.parseInt(uuid.replace(/-/g, '').slice(0, 13), 16);
