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
  /** The flat relation, as SQL text. */
  source: string;
  /**
   * Editable properties (WFS-T) → their column. Absent: the layer is read-only. Derived
   * properties (status, counts, codes of related rows) are never editable.
   */
  editable?: Readonly<Record<string, string>>;
}

const source = (file: string) => sqlFile(import.meta.url, `sql/${file}.sql`);

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
  },
  {
    name: 'photos',
    title: { en: 'Photo points', fr: 'Points photo' },
    table: 'photos',
    geometry: 'Point',
    source: source('photos'),
  },
];

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
