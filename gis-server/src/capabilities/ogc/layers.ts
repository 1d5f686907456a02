import type { Locale } from '@calepin/core';
import type { Db, Queryable } from '../../db';
import { LAYERS, type LayerDef, layerNamed } from '../../layers/catalog';
import { type Property, layerProperties } from '../../layers/columns';
import type { OgcCache } from './cache';
import { otherSrids } from './crs';
import { OwsError } from './ows-error';

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
 * connection: each layer's extent is read from `layer_extents`, which the writes keep per
 * plant (sql/migrations/095_layer_extents.sql: a few rows, where computing it from the
 * layer took 3 s on a 250,000-module plant), and remembered while the layers' tables are
 * unchanged. Extents and CRSs hold with no age limit: the geometry tables and plants notify
 * every change (a box never shrinks: it can be larger than the features, which clients
 * accept).
 */
export async function catalogSummary(db: Db, cache: OgcCache, scope: string | null): Promise<CatalogSummary> {
  const [extents, srids] = await Promise.all([
    cache.memo(`extents\n${scope}`, SUMMARY_TABLES, () => layerExtents(db, scope), Infinity),
    cache.memo(`srids\n${scope}`, ['plants'], () => otherSrids(db, scope), Infinity),
  ]);
  return { extents, srids };
}

/** What the summary follows: the layers' tables (layer_extents), and plants (deleted, given to another client, CRSs). */
export const SUMMARY_TABLES: readonly string[] = [...new Set([...LAYERS.map((l) => l.table), 'plants'])];

/** The lon/lat box of every layer over the plants in scope (published layers: a box around more, never less). */
async function layerExtents(db: Db, scope: string | null): Promise<Map<string, Extent | null>> {
  const { rows } = await db.query<{ layer: string; e: Extent }>(
    `select e.layer, array[min(e.west), min(e.south), max(e.east), max(e.north)] as e
       from layer_extents e join plants p on p.id = e.plant_id and p.deleted_at is null
      where $1::uuid is null or p.client_id = $1
      group by e.layer`,
    [scope],
  );
  const boxes = new Map(rows.map((r) => [r.layer, r.e]));
  return new Map(LAYERS.map((layer) => [layer.name, boxes.get(layer.table) ?? null]));
}
