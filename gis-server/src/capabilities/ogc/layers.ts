import type { Locale } from '@calepin/core';
import type { Db, Queryable } from '../../db';
import { LAYERS, type LayerDef, layerNamed } from '../../layers/catalog';
import { type Property, layerProperties } from '../../layers/columns';
import { OwsError } from './ows-error';
import { SqlParams } from './sql-params';

/** The XML namespace of Calepin's feature types, and its usual prefix. */
export const NS = 'https://calepin.app/ogc';
export const PREFIX = 'calepin';

/** The layer of a type name as clients write it: modules, calepin:modules, ns1:modules. */
export function layerOf(typeName: string, locator = 'typeNames'): LayerDef {
  const name = typeName.trim().split(':').pop() ?? '';
  const layer = layerNamed(name);
  if (!layer) {
    throw new OwsError('InvalidParameterValue', locator, 'e.ogc_type_unknown', {
      name: typeName,
      known: LAYERS.map((l) => l.name).join(', '),
    });
  }
  return layer;
}

/**
 * The properties WFS publishes: the feature's UUID `id` first (QGIS joins WFS layers with
 * the API and OGC API on it), then the layer's own. `id` is never written by WFS-T.
 */
export async function ogcProperties(db: Queryable, layer: LayerDef): Promise<Property[]> {
  return [{ name: 'id', kind: 'uuid' }, ...(await layerProperties(db, layer))];
}

export const title = (layer: LayerDef, lang: Locale) => layer.title[lang];

export type Extent = [number, number, number, number];

/** The lon/lat extent of every layer as the caller sees it (client scope applied); null when empty. */
export async function extents(db: Db, scope: string | null): Promise<Map<string, Extent | null>> {
  const entries = await Promise.all(
    LAYERS.map(async (layer): Promise<[string, Extent | null]> => {
      const params = new SqlParams();
      const p = params.add(scope, 'uuid');
      const { rows } = await db.query<{ e: Extent | null }>(
        `select case when e is null then null else array[st_xmin(e), st_ymin(e), st_xmax(e), st_ymax(e)] end as e
           from (select st_extent(s.geom) as e from (${layer.source}) s where ${p} is null or s."clientId" = ${p}) x`,
        params.values,
      );
      return [layer.name, rows[0]?.e ?? null];
    }),
  );
  return new Map(entries);
}
