import type { Element } from '@xmldom/xmldom';
import type pg from 'pg';
import { transaction as inTransaction } from '../../../db';
import { prepareGeometry } from '../../../geo/request-geometry';
import type { Deps } from '../../../http/context';
import type { LayerDef } from '../../../layers/catalog';
import { type Property, layerProperties } from '../../../layers/columns';
import { type Crs, DEFAULT_CRS, resolveCrs } from '../crs';
import { OwsError } from '../errors';
import { gmlForPostgis, parseFilter } from '../fes/parse';
import { filterSql } from '../fes/sql';
import { layerOf } from '../layers';
import { SqlParams } from '../sql-params';
import { checkedValue, fidOf } from '../values';
import { child, children, localPart, text } from '../xml';
import type { Version } from './request';

// WFS-T: Insert, Update and Delete on the layout layers, in one database transaction:
// everything or nothing. Geometries go through the REST API's own checks
// (geo/request-geometry.ts: validity where drawn, reprojection, world bounds, CRS area of use).

interface Summary {
  inserted: string[];
  updated: number;
  deleted: number;
}

const XSI_NIL = (e: Element) => e.getAttribute('xsi:nil') === 'true' || e.getAttributeNS('http://www.w3.org/2001/XMLSchema-instance', 'nil') === 'true';

function editableLayer(typeName: string | null): LayerDef {
  if (!typeName) throw new OwsError('MissingParameterValue', 'typeName', 'e.ogc_missing_parameter', { name: 'typeName' });
  const layer = layerOf(typeName, 'typeName');
  if (!layer.editable) throw new OwsError('InvalidParameterValue', 'typeName', 'e.ogc_read_only', { layer: layer.name });
  return layer;
}

/** A GML geometry of a request, checked and in EPSG:4326 as EWKB, of the layer's geometry type. */
async function geometryOf(client: pg.PoolClient, deps: Deps, layer: LayerDef, gml: Element, defaultCrs: Crs): Promise<string> {
  const context = { defaultCrs, resolveCrs: (name: string) => resolveCrs(deps.db, name, 'srsName') };
  const text = await gmlForPostgis(gml, context);
  let parsed: { srid: number; geojson: string };
  try {
    await client.query('savepoint gml');
    const { rows } = await client.query<{ srid: number; geojson: string }>(
      'select st_srid(g) as srid, st_asgeojson(g, 15) as geojson from (select st_geomfromgml($1) as g) s',
      [text],
    );
    await client.query('release savepoint gml');
    parsed = rows[0] as typeof parsed;
  } catch (error) {
    await client.query('rollback to savepoint gml');
    const reason = error instanceof Error ? error.message : String(error);
    throw new OwsError('InvalidParameterValue', 'geom', 'e.ogc_geometry_invalid', { reason });
  }
  const ewkb = await prepareGeometry(client, 'geom', JSON.parse(parsed.geojson), parsed.srid || defaultCrs.srid);
  const { rows } = await client.query<{ type: string; parts: number; single: string; multi: string }>(
    `select geometrytype($1::geometry) as type, st_numgeometries($1::geometry) as parts,
            st_geometryn($1::geometry, 1)::text as single, st_multi($1::geometry)::text as multi`,
    [ewkb],
  );
  const { type, parts, single, multi } = rows[0] as { type: string; parts: number; single: string; multi: string };
  const expected = layer.geometry.toUpperCase();
  if (type === expected) return ewkb;
  // QGIS writes MultiPolygon for polygon layers: one part is one polygon.
  if (`MULTI${expected}` === type && parts === 1) return single;
  if (expected === `MULTI${type}`) return multi;
  throw new OwsError('InvalidParameterValue', 'geom', 'e.ogc_geometry_type', { expected: layer.geometry, actual: type });
}

const geometryChild = (e: Element) => children(e)[0];

/** Attribute values of an insert or update, by column, checked against their property. */
function attributeValue(layer: LayerDef, properties: readonly Property[], name: string, value: Element | null): { column: string; value: string | null } | null {
  const property = properties.find((p) => p.name === name);
  if (!property) throw new OwsError('InvalidParameterValue', name, 'e.ogc_property_unknown', { name, layer: layer.name });
  const column = layer.editable?.[name];
  if (!column) return null;
  if (!value || XSI_NIL(value)) return { column, value: null };
  const raw = value.textContent ?? '';
  if (raw === '' && property.kind !== 'string') return { column, value: null };
  return { column, value: checkedValue(property, raw, name) };
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

async function insert(client: pg.PoolClient, deps: Deps, element: Element, crs: Crs, summary: Summary, strings: Set<string>) {
  for (const feature of children(element)) {
    const layer = editableLayer(feature.localName);
    const properties = await layerProperties(deps.db, layer);
    const columns: string[] = [];
    const values: unknown[] = [];
    let ewkb: string | null = null;
    let plantId: string | null = null;
    for (const field of children(feature)) {
      const name = field.localName ?? '';
      if (name === 'geom') {
        const gml = geometryChild(field);
        if (gml) ewkb = await geometryOf(client, deps, layer, gml, crs);
      } else if (name === 'plantId') {
        plantId = text(field) || null;
        if (plantId) checkedValue({ name, kind: 'uuid' }, plantId, name);
      } else if (['boundedBy', 'name', 'description'].includes(name) && field.namespaceURI?.includes('gml')) {
        continue;
      } else {
        const attribute = attributeValue(layer, properties, name, field);
        if (attribute && !columns.includes(attribute.column)) {
          columns.push(attribute.column);
          values.push(attribute.value);
        }
      }
    }
    if (!ewkb) throw new OwsError('InvalidParameterValue', 'geom', 'e.ogc_geometry_required');
    columns.push('plant_id', 'geom');
    values.push(await plantFor(client, plantId, ewkb), ewkb);
    const { rows } = await client.query<{ id: string; string_id: string | null }>(
      `insert into ${layer.table} (${columns.join(', ')}) values (${values.map((_, i) => `$${i + 1}`).join(', ')})
       returning id${layer.name === 'modules' ? ', string_id' : ', null::uuid as string_id'}`,
      values,
    );
    const row = rows[0] as { id: string; string_id: string | null };
    if (row.string_id) strings.add(row.string_id);
    summary.inserted.push(`${layer.name}.${fidOf(row.id)}`);
  }
}

/** The ids an Update or Delete addresses: its filter over what the caller sees. */
async function targetIds(client: pg.PoolClient, deps: Deps, layer: LayerDef, element: Element, crs: Crs): Promise<string[]> {
  const filterElement = child(element, 'Filter');
  if (!filterElement) throw new OwsError('MissingParameterValue', 'Filter', 'e.ogc_missing_parameter', { name: 'Filter' });
  const filter = await parseFilter(filterElement, { defaultCrs: crs, resolveCrs: (name) => resolveCrs(deps.db, name, 'filter') });
  const params = new SqlParams();
  const condition = await filterSql(filter, {
    db: client,
    layer: layer.name,
    properties: await layerProperties(deps.db, layer),
    params,
  });
  const { rows } = await client.query<{ id: string }>(`select s.id from (${layer.source}) s where ${condition}`, params.values);
  return rows.map((r) => r.id);
}

async function affectedStrings(client: pg.PoolClient, layer: LayerDef, ids: string[], strings: Set<string>) {
  if (layer.name !== 'modules' || !ids.length) return;
  const { rows } = await client.query<{ string_id: string }>(
    'select distinct string_id from modules where id = any($1::uuid[]) and string_id is not null',
    [ids],
  );
  for (const r of rows) strings.add(r.string_id);
}

async function update(client: pg.PoolClient, deps: Deps, element: Element, crs: Crs, summary: Summary, strings: Set<string>) {
  const layer = editableLayer(element.getAttribute('typeName') || element.getAttribute('typeNames'));
  const properties = await layerProperties(deps.db, layer);
  const sets: string[] = [];
  const values: unknown[] = [];
  for (const property of children(element).filter((c) => c.localName === 'Property')) {
    const name = localPart(text(child(property, 'Name') ?? child(property, 'ValueReference')));
    const value = child(property, 'Value') ?? null;
    if (name === 'geom') {
      const gml = value ? geometryChild(value) : undefined;
      if (!gml) throw new OwsError('InvalidParameterValue', 'geom', 'e.ogc_geometry_required');
      values.push(await geometryOf(client, deps, layer, gml, crs));
      sets.push(`geom = $${values.length}`);
      continue;
    }
    // GDAL and QGIS send every property back, derived ones included: those are ignored,
    // as plantId is (a feature does not move between plants).
    const attribute = name === 'plantId' ? null : attributeValue(layer, properties, name, value);
    if (!attribute) continue;
    values.push(attribute.value);
    sets.push(`${attribute.column} = $${values.length}`);
  }
  const ids = await targetIds(client, deps, layer, element, crs);
  if (!sets.length || !ids.length) return;
  await affectedStrings(client, layer, ids, strings);
  values.push(ids);
  const result = await client.query(
    `update ${layer.table} set ${sets.join(', ')} where id = any($${values.length}::uuid[]) and deleted_at is null`,
    values,
  );
  await affectedStrings(client, layer, ids, strings);
  summary.updated += result.rowCount ?? 0;
}

async function remove(client: pg.PoolClient, deps: Deps, element: Element, crs: Crs, summary: Summary, strings: Set<string>) {
  const layer = editableLayer(element.getAttribute('typeName') || element.getAttribute('typeNames'));
  const ids = await targetIds(client, deps, layer, element, crs);
  if (!ids.length) return;
  await affectedStrings(client, layer, ids, strings);
  // Soft delete, as everywhere: the field clients sync deletions.
  const result = await client.query(
    `update ${layer.table} set deleted_at = now() where id = any($1::uuid[]) and deleted_at is null`,
    [ids],
  );
  summary.deleted += result.rowCount ?? 0;
}

/** Runs a Transaction document; answers a TransactionResponse of the request's version. */
export async function transaction(deps: Deps, version: Version, document: Element): Promise<string> {
  const summary: Summary = { inserted: [], updated: 0, deleted: 0 };
  await inTransaction(deps.db, async (client) => {
    const strings = new Set<string>();
    for (const action of children(document)) {
      const srsName = action.getAttribute('srsName');
      const crs = srsName ? await resolveCrs(deps.db, srsName, 'srsName') : DEFAULT_CRS;
      switch (action.localName) {
        case 'Insert':
          await insert(client, deps, action, crs, summary, strings);
          break;
        case 'Update':
          await update(client, deps, action, crs, summary, strings);
          break;
        case 'Delete':
          await remove(client, deps, action, crs, summary, strings);
          break;
        default:
          throw new OwsError('OperationNotSupported', action.localName ?? '', 'e.ogc_operation_unknown', { name: action.localName ?? '' });
      }
    }
    // A string's outline follows its modules.
    if (strings.size) await client.query('select refresh_string_geom($1::uuid[])', [[...strings]]);
  });
  // QGIS and GDAL write WFS 1.1 transactions (namespace http://www.opengis.net/wfs) even
  // to a 2.0 server, and read the ids from ogc:FeatureId: answer in the request's dialect.
  const dialect: Version = document.namespaceURI === 'http://www.opengis.net/wfs' ? '1.1.0' : version;
  return responseXml(dialect, summary);
}

function responseXml(version: Version, summary: Summary): string {
  const v2 = version === '2.0.0';
  const totals =
    `<wfs:TransactionSummary><wfs:totalInserted>${summary.inserted.length}</wfs:totalInserted>` +
    `<wfs:totalUpdated>${summary.updated}</wfs:totalUpdated><wfs:totalDeleted>${summary.deleted}</wfs:totalDeleted></wfs:TransactionSummary>`;
  const ids = summary.inserted
    .map((fid) => (v2 ? `<wfs:Feature><fes:ResourceId rid="${fid}"/></wfs:Feature>` : `<wfs:Feature><ogc:FeatureId fid="${fid}"/></wfs:Feature>`))
    .join('');
  const inserts = summary.inserted.length ? `<wfs:InsertResults>${ids}</wfs:InsertResults>` : '';
  return v2
    ? `<?xml version="1.0" encoding="UTF-8"?>\n<wfs:TransactionResponse version="2.0.0" xmlns:wfs="http://www.opengis.net/wfs/2.0" xmlns:fes="http://www.opengis.net/fes/2.0">${totals}${inserts}</wfs:TransactionResponse>`
    : `<?xml version="1.0" encoding="UTF-8"?>\n<wfs:TransactionResponse version="1.1.0" xmlns:wfs="http://www.opengis.net/wfs" xmlns:ogc="http://www.opengis.net/ogc">${totals}<wfs:TransactionResults/>${inserts}</wfs:TransactionResponse>`;
}
