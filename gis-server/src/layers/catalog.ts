import { LAYOUT_LAYERS, type LayoutLayer } from '@calepin/core';
import { sqlFile } from '../db';

/**
 * Every geographic layer Calepin serves, once: the layout API (/plants/{id}/{layer}), WFS,
 * OGC API Features and the GDAL exports all read the same flat relation of each layer
 * (`sql/<file>.sql`: id, plantId, clientId, geom, then the properties), so a property
 * added there appears everywhere.
 */
export interface LayerDef {
  /** The name outside: WFS feature type, OGC API collection, export layer. */
  name: string;
  /** The URL segment of the layout API, for the layers it serves. */
  layout?: LayoutLayer;
  title: { en: string; fr: string };
  /** The table written by WFS-T (editable layers only). */
  table: string;
  /** Geometry type of the layer (OGC simple features). */
  geometry: 'Point' | 'LineString' | 'Polygon' | 'MultiPolygon';
  /** The flat relation, as SQL text: what staff read. */
  source: string;
  /**
   * The relation a client user reads where it differs (layerSource): the results of
   * validated audits only (sql/migrations/092_published_status.sql).
   */
  published?: string;
  /**
   * Editable properties (WFS-T) → their column. Absent: the layer is read-only. Derived
   * properties (status, counts, codes of related rows) are never editable.
   */
  editable?: Readonly<Record<string, string>>;
}

const source = (file: string) => sqlFile(import.meta.url, `sql/${file}.sql`);

/**
 * A client's relation, written as the changes it makes to the staff's one (each must be
 * found, or the server does not start: an edit of the SQL file cannot drop it silently).
 */
function published(file: string, changes: readonly (readonly [string, string])[]): string {
  let sql = source(file);
  for (const [from, to] of changes) {
    if (!sql.includes(from)) throw new Error(`layers/sql/${file}.sql no longer holds: ${from}`);
    sql = sql.replace(from, to);
  }
  return sql;
}

const VALIDATED_AUDIT = 'exists (select 1 from audits a where a.id = l.audit_id and a.validated_at is not null and a.deleted_at is null)';

export const LAYERS: readonly LayerDef[] = [
  {
    name: 'plants',
    title: { en: 'Plants', fr: 'Centrales' },
    table: 'plants',
    geometry: 'MultiPolygon',
    source: source('plants'),
  },
  {
    name: 'zones',
    layout: 'zones',
    title: { en: 'Zones', fr: 'Zones' },
    table: 'zones',
    geometry: 'MultiPolygon',
    source: source('zones'),
    editable: { code: 'code', name: 'name' },
  },
  {
    name: 'tables',
    layout: 'tables',
    title: { en: 'Tables (mounting structures)', fr: 'Tables (structures)' },
    table: 'tables',
    geometry: 'Polygon',
    source: source('tables'),
    editable: {
      code: 'code', zoneId: 'zone_id', tiltDeg: 'tilt_deg', azimuthDeg: 'azimuth_deg', heightM: 'height_m',
      rowCount: 'row_count', columnCount: 'column_count', orientation: 'orientation',
    },
  },
  {
    name: 'modules',
    layout: 'modules',
    title: { en: 'Modules', fr: 'Modules' },
    table: 'modules',
    geometry: 'Polygon',
    source: source('modules'),
    // A module's result in the latest validated audit.
    published: published('modules', [['l.status,', 'l.published_status as status,']]),
    editable: {
      code: 'code', tableId: 'table_id', stringId: 'string_id', positionInString: 'position_in_string',
      modelId: 'model_id', rowIndex: 'row_index', columnIndex: 'column_index', tiltDeg: 'tilt_deg',
      azimuthDeg: 'azimuth_deg', heightM: 'height_m',
    },
  },
  {
    name: 'strings',
    layout: 'strings',
    title: { en: 'Strings', fr: 'Chaînes (strings)' },
    table: 'strings',
    geometry: 'MultiPolygon',
    source: source('strings'),
  },
  {
    name: 'inverters',
    layout: 'inverters',
    title: { en: 'Inverters', fr: 'Onduleurs' },
    table: 'inverters',
    geometry: 'Point',
    source: source('inverters'),
    editable: {
      code: 'code', manufacturer: 'manufacturer', model: 'model', ratedPowerKw: 'rated_power_kw',
      serialNumber: 'serial_number',
    },
  },
  {
    name: 'junction_boxes',
    layout: 'junction-boxes',
    title: { en: 'Junction boxes', fr: 'Boîtes de jonction' },
    table: 'junction_boxes',
    geometry: 'Point',
    source: source('junction-boxes'),
    editable: { code: 'code', inverterId: 'inverter_id', inputCount: 'input_count' },
  },
  {
    name: 'cables',
    layout: 'cables',
    title: { en: 'Cables', fr: 'Câbles' },
    table: 'cables',
    geometry: 'LineString',
    source: source('cables'),
    editable: {
      code: 'code', kind: 'kind', fromKind: 'from_kind', fromId: 'from_id', toKind: 'to_kind', toId: 'to_id',
      crossSectionMm2: 'cross_section_mm2', conductor: 'conductor',
    },
  },
  {
    name: 'defects',
    layout: 'defects',
    title: { en: 'Defects', fr: 'Défauts' },
    table: 'defects',
    geometry: 'Point',
    source: source('defects'),
    // Those of validated audits, found by hand or confirmed (an AI's suggestion waits for review).
    published: published('defects', [[
      'where l.deleted_at is null',
      `where l.deleted_at is null and ${VALIDATED_AUDIT} and (l.source = 'manual' or l.validated_at is not null)`,
    ]]),
  },
  {
    name: 'photos',
    title: { en: 'Photo points', fr: 'Points photo' },
    table: 'photos',
    geometry: 'Point',
    source: source('photos'),
    // A photo of an audit under review waits for its validation.
    published: published('photos', [['where l.deleted_at is null', `where l.deleted_at is null and (l.audit_id is null or ${VALIDATED_AUDIT})`]]),
  },
];

/** The relation a caller reads: the published one for a client (a client scope), else the staff's. */
export const layerSource = (layer: LayerDef, scope: string | null): string => (scope !== null ? (layer.published ?? layer.source) : layer.source);

const byName = new Map(LAYERS.map((layer) => [layer.name, layer]));

/** A layer by its outside name; undefined for a name we do not serve. */
export const layerNamed = (name: string): LayerDef | undefined => byName.get(name);

/** The layer behind a layout URL segment. */
export function layoutLayer(segment: LayoutLayer): LayerDef {
  const layer = LAYERS.find((l) => l.layout === segment);
  if (!layer) throw new Error(`no layer for layout segment ${segment}`);
  return layer;
}

// Every layout segment has its layer: checked when the module loads, not at the first request.
for (const segment of LAYOUT_LAYERS) layoutLayer(segment);
