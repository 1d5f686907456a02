import type { Element } from '@xmldom/xmldom';
import type pg from 'pg';
import { transaction as inTransaction } from '../../../db';
import type { Deps } from '../../../http/context';
import { type LayerDef, layerNamed } from '../../../layers/catalog';
import type { Property } from '../../../layers/columns';
import { DEFAULT_CRS, resolveCrs } from '../crs';
import { type ParseContext, parseFilter } from '../fes/parse';
import { filterSql } from '../fes/sql';
import { layerOf, ogcProperties } from '../layers';
import { OwsError } from '../ows-error';
import { SqlParams } from '../sql-params';
import { checkedValue, fidOf } from '../values';
import { child, children, localPart, text } from '../xml';
import type { TransactionVersion } from './request';
import { transactionCrs, transactionGeometry } from './transaction-geometry';
import { type TransactionSummary, transactionResponse } from './transaction-response';
import { checkDerivedUnchanged, propertyNamed, valueText } from './transaction-values';

// WFS-T: Insert, Update and Delete on the layout layers, in one database transaction:
// everything or nothing.

interface Run {
  client: pg.PoolClient;
  deps: Deps;
  crs: ParseContext;
  summary: TransactionSummary;
  /** Strings whose outline must follow their modules. */
  strings: Set<string>;
}

function editableLayer(typeName: string | null): LayerDef {
  if (!typeName) throw new OwsError('MissingParameterValue', 'typeName', 'e.ogc_missing_parameter', { name: 'typeName' });
  const layer = layerOf(typeName, 'typeName');
  if (!layer.editable) throw new OwsError('InvalidParameterValue', 'typeName', 'e.ogc_read_only', { layer: layer.name });
  return layer;
}

async function plantFor(client: pg.PoolClient, plantId: string | null, ewkb: string): Promise<string> {
  if (plantId) {
    const { rowCount } = await client.query('select 1 from plants where id = $1 and deleted_at is null', [plantId]);
    if (rowCount) return plantId;
    throw new OwsError('InvalidParameterValue', 'plantId', 'e.ogc_plant_unknown');
  }
  const { rows } = await client.query<{ id: string }>(
    `select id from plants where deleted_at is null and st_intersects(boundary, $1::geometry)
      order by st_area(st_intersection(boundary, $1::geometry)) desc, id limit 1`,
    [ewkb],
  );
  if (!rows[0]) throw new OwsError('InvalidParameterValue', 'plantId', 'e.ogc_plant_unknown');
  return rows[0].id;
}

/** GML elements a feature may carry besides its properties (gml:boundedBy, gml:name…). */
const isGmlElement = (e: Element) => ['boundedBy', 'name', 'description'].includes(e.localName ?? '') && !!e.namespaceURI?.includes('gml');

async function insert(run: Run, element: Element): Promise<void> {
  const ids: string[] = [];
  for (const feature of children(element)) {
    const layer = editableLayer(feature.localName);
    const properties = await ogcProperties(run.deps.db, layer);
    const columns: string[] = [];
    const values: unknown[] = [];
    let ewkb: string | null = null;
    let plantId: string | null = null;
    for (const field of children(feature)) {
      const name = field.localName ?? '';
      if (name === 'geom') {
        const gml = children(field)[0];
        if (gml) ewkb = await transactionGeometry(run.client, layer, gml, run.crs);
      } else if (name === 'plantId') {
        plantId = text(field) || null;
        if (plantId) checkedValue({ name, kind: 'uuid' }, plantId, name);
      } else if (!isGmlElement(field)) {
        const property = propertyNamed(layer, properties, name);
        const value = valueText(property, field);
        // A derived property is computed for the new feature: what a copy carries is ignored.
        const target = layer.editable?.[name];
        if (target && !columns.includes(target)) {
          columns.push(target);
          values.push(value);
        }
      }
    }
    if (!ewkb) throw new OwsError('InvalidParameterValue', 'geom', 'e.ogc_geometry_required');
    columns.push('plant_id', 'geom');
    values.push(await plantFor(run.client, plantId, ewkb), ewkb);
    const { rows } = await run.client.query<{ id: string; string_id: string | null }>(
      `insert into ${layer.table} (${columns.join(', ')}) values (${values.map((_, i) => `$${i + 1}`).join(', ')})
       returning id${layer.name === 'modules' ? ', string_id' : ', null::uuid as string_id'}`,
      values,
    );
    const row = rows[0] as { id: string; string_id: string | null };
    if (row.string_id) run.strings.add(row.string_id);
    ids.push(`${layer.name}.${fidOf(row.id)}`);
  }
  run.summary.inserted.push(ids);
}

/** The ids an Update or Delete addresses: its filter over the layer. */
async function targetIds(run: Run, layer: LayerDef, element: Element, properties: readonly Property[]): Promise<string[]> {
  const filterElement = child(element, 'Filter');
  if (!filterElement) throw new OwsError('MissingParameterValue', 'Filter', 'e.ogc_missing_parameter', { name: 'Filter' });
  const filter = await parseFilter(filterElement, run.crs);
  const params = new SqlParams();
  const condition = await filterSql(filter, { db: run.client, layer: layer.name, properties, params });
  const { rows } = await run.client.query<{ id: string }>(`select s.id from (${layer.source}) s where ${condition}`, params.values);
  return rows.map((r) => r.id);
}

async function affectedStrings(run: Run, layer: LayerDef, ids: string[]): Promise<void> {
  if (layer.name !== 'modules' || !ids.length) return;
  const { rows } = await run.client.query<{ string_id: string }>(
    'select distinct string_id from modules where id = any($1::uuid[]) and string_id is not null',
    [ids],
  );
  for (const r of rows) run.strings.add(r.string_id);
}

async function update(run: Run, element: Element): Promise<void> {
  const layer = editableLayer(element.getAttribute('typeName') || element.getAttribute('typeNames'));
  const properties = await ogcProperties(run.deps.db, layer);
  const ids = await targetIds(run, layer, element, properties);
  const sets: string[] = [];
  const values: unknown[] = [];
  for (const property of children(element).filter((c) => c.localName === 'Property')) {
    const name = localPart(text(child(property, 'Name') ?? child(property, 'ValueReference')));
    const value = child(property, 'Value') ?? null;
    if (name === 'geom') {
      const gml = value ? children(value)[0] : undefined;
      if (!gml) throw new OwsError('InvalidParameterValue', 'geom', 'e.ogc_geometry_required');
      values.push(await transactionGeometry(run.client, layer, gml, run.crs));
      sets.push(`geom = $${values.length}`);
      continue;
    }
    const known = propertyNamed(layer, properties, name);
    const sent = valueText(known, value);
    const target = layer.editable?.[name];
    // plantId is derived too: a feature does not move between plants.
    if (!target) {
      await checkDerivedUnchanged(run.client, layer, known, sent, ids);
      continue;
    }
    values.push(sent);
    sets.push(`${target} = $${values.length}`);
  }
  if (!sets.length || !ids.length) return;
  await affectedStrings(run, layer, ids);
  values.push(ids);
  const result = await run.client.query(
    `update ${layer.table} set ${sets.join(', ')} where id = any($${values.length}::uuid[]) and deleted_at is null`,
    values,
  );
  await affectedStrings(run, layer, ids);
  run.summary.updated += result.rowCount ?? 0;
}

async function remove(run: Run, element: Element): Promise<void> {
  const layer = editableLayer(element.getAttribute('typeName') || element.getAttribute('typeNames'));
  const ids = await targetIds(run, layer, element, await ogcProperties(run.deps.db, layer));
  if (!ids.length) return;
  await affectedStrings(run, layer, ids);
  // Soft delete, as everywhere: the field clients sync deletions.
  const result = await run.client.query(
    `update ${layer.table} set deleted_at = now() where id = any($1::uuid[]) and deleted_at is null`,
    [ids],
  );
  run.summary.deleted += result.rowCount ?? 0;
}

const ACTIONS: Record<string, (run: Run, element: Element) => Promise<void>> = { Insert: insert, Update: update, Delete: remove };

/** Runs a Transaction document; answers a TransactionResponse of the document's version. */
export async function transaction(deps: Deps, version: TransactionVersion, document: Element): Promise<string> {
  const summary: TransactionSummary = { inserted: [], updated: 0, deleted: 0 };
  await inTransaction(deps.db, async (client) => {
    const strings = new Set<string>();
    for (const action of children(document)) {
      const run = action.localName ? ACTIONS[action.localName] : undefined;
      if (!run) {
        throw new OwsError('OperationNotSupported', action.localName ?? '', 'e.ogc_operation_unknown', { name: action.localName ?? '' });
      }
      const srsName = action.getAttribute('srsName');
      const defaultCrs = srsName ? await resolveCrs(deps.db, srsName, 'srsName') : DEFAULT_CRS;
      const crs = transactionCrs(version, defaultCrs, (name) => resolveCrs(deps.db, name, 'srsName'));
      await run({ client, deps, crs, summary, strings }, action);
    }
    // A string's outline follows its modules.
    if (strings.size) await client.query('select refresh_string_geom($1::uuid[])', [[...strings]]);
  });
  return transactionResponse(version, summary);
}

/** The tables a Transaction document writes (every table of a layer it names, to be safe). */
export function editedTables(document: Element): string[] {
  const names = children(document).flatMap((action) =>
    action.localName === 'Insert' ? children(action).map((f) => f.localName ?? '') : [action.getAttribute('typeName') || action.getAttribute('typeNames') || ''],
  );
  return [...new Set(names.map((n) => layerNamed(n.split(':').pop() ?? '')?.table).filter((t): t is string => !!t))];
}
