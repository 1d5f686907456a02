import type { Locale } from '@calepin/core';
import type { Db, Queryable } from '../../db';
import { LAYERS, type LayerDef, layerNamed, layerSource } from '../../layers/catalog';
import { tablesRead } from '../../layers/changes';
import { type Property, layerProperties } from '../../layers/columns';
import type { OgcCache } from './cache';
import { otherSrids } from './crs';
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

/** What capabilities and collections say of the layers a caller sees. */
export interface CatalogSummary {
  /** The lon/lat extent of each layer (client scope applied); null when empty. */
  extents: Map<string, Extent | null>;
  /** CRSs offered beside EPSG:4326 (crs.ts). */
  srids: number[];
}

/**
 * The summary of the caller's scope. QGIS and GDAL ask for capabilities on every
 * connection, and the extents of 10 layers over a large plant cost 0.3 s of database time:
 * each layer's extent (per scope) is computed once while the tables it reads are unchanged,
 * so an edit of modules recomputes the layers that read modules, not the others. Extents
 * and CRSs hold with no age limit: the geometry tables and plants notify every change
 * (the silent tables, clients, audits and MPPT inputs, can at most leave a box larger
 * than the features, which clients accept).
 */
export async function catalogSummary(db: Db, cache: OgcCache, scope: string | null): Promise<CatalogSummary> {
  const [extents, srids] = await Promise.all([
    Promise.all(
      LAYERS.map(async (layer): Promise<[string, Extent | null]> => [
        layer.name,
        await cache.memo(`extent\n${layer.name}\n${scope}`, tablesRead(layer), () => layerExtent(db, layer, scope), Infinity),
      ]),
    ),
    cache.memo(`srids\n${scope}`, ['plants'], () => otherSrids(db, scope), Infinity),
  ]);
  return { extents: new Map(extents), srids };
}

async function layerExtent(db: Db, layer: LayerDef, scope: string | null): Promise<Extent | null> {
  const params = new SqlParams();
  const p = params.add(scope, 'uuid');
  const { rows } = await db.query<{ e: Extent | null }>(
    `select case when e is null then null else array[st_xmin(e), st_ymin(e), st_xmax(e), st_ymax(e)] end as e
       from (select st_extent(s.geom) as e from (${layerSource(layer, scope)}) s where ${p} is null or s."clientId" = ${p}) x`,
    params.values,
  );
  return rows[0]?.e ?? null;
}
