import type { Element } from '@xmldom/xmldom';
import type pg from 'pg';
import type { LayerDef } from '../../../layers/catalog';
import { type Property, column } from '../../../layers/columns';
import { OwsError } from '../ows-error';
import { checkedValue } from '../values';

const XSI = 'http://www.w3.org/2001/XMLSchema-instance';
const isNil = (e: Element) => e.getAttribute('xsi:nil') === 'true' || e.getAttributeNS(XSI, 'nil') === 'true';

/** The text of a property value: null for xsi:nil, and for an empty non-text value. */
export function valueText(property: Property, value: Element | null): string | null {
  if (!value || isNil(value)) return null;
  const raw = value.textContent ?? '';
  if (raw === '' && property.kind !== 'string') return null;
  return checkedValue(property, raw, property.name);
}

/** A property of the layer by name, or InvalidParameterValue naming it. */
export function propertyNamed(layer: LayerDef, properties: readonly Property[], name: string): Property {
  const property = properties.find((p) => p.name === name);
  if (!property) throw new OwsError('InvalidParameterValue', name, 'e.ogc_property_unknown', { name, layer: layer.name });
  return property;
}

/** Whether two texts of a property's kind are the same value (as GDAL and QGIS write them back). */
function sameValue(kind: Property['kind'], stored: string, sent: string): boolean {
  switch (kind) {
    case 'double': {
      // Clients print doubles with 15 to 17 digits: equal to a part in a billion is equal.
      const a = Number(stored);
      const b = Number(sent);
      return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a));
    }
    case 'integer':
    case 'long':
      return Number(stored) === Number(sent);
    case 'boolean':
      return /^(t|true|1)$/i.test(stored) === /^(true|1)$/i.test(sent.trim());
    case 'uuid':
      return stored.toLowerCase() === sent.trim().toLowerCase();
    case 'date':
    case 'datetime':
      return Date.parse(stored) === Date.parse(sent);
    case 'json':
      try {
        return JSON.stringify(JSON.parse(stored)) === JSON.stringify(JSON.parse(sent));
      } catch {
        return false;
      }
    default:
      return stored === sent;
  }
}

/**
 * Refuses an Update that would change a derived property (the status, codes and counts
 * of related rows, lengths, the id): PostGIS computes those, and silently ignoring the
 * change would answer success with nothing done. GDAL and QGIS send every property back
 * on an update, so a derived value sent unchanged passes.
 */
export async function checkDerivedUnchanged(
  client: pg.PoolClient,
  layer: LayerDef,
  property: Property,
  sent: string | null,
  ids: readonly string[],
): Promise<void> {
  if (!ids.length) return;
  const col = column(property.name);
  const { rows } = await client.query<{ v: string | null }>(
    `select distinct ${col}::text as v from (${layer.source}) s
      where s.id = any($1::uuid[]) and ${col}::text is distinct from $2::text limit 50`,
    [ids, sent],
  );
  const changed = rows.some((r) => r.v === null || sent === null || !sameValue(property.kind, r.v, sent));
  if (changed) {
    throw new OwsError('InvalidParameterValue', property.name, 'e.ogc_property_derived', { name: property.name, layer: layer.name });
  }
}
