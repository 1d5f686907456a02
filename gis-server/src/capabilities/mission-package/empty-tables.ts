import gdal from 'gdal-async';

// The tables the field fills in, created empty (columns after sql/migrations/006_field.sql):
// defects and photos are points (EPSG:4326), checklist answers have no geometry. Ids are
// UUID text so that rows created offline sync without collisions.
type Field = [name: string, type: string];
const S = gdal.OFTString;
const I = gdal.OFTInteger;
const R = gdal.OFTReal;
const T = gdal.OFTDateTime;

export const EMPTY_TABLES: { name: string; geometry: number; fields: Field[] }[] = [
  {
    name: 'defects',
    geometry: gdal.wkbPoint,
    fields: [
      ['id', S], ['audit_id', S], ['target_kind', S], ['module_id', S], ['module_code', S], ['target_id', S], ['defect_type', S],
      ['module_status', S], ['severity', S], ['iec_class', I], ['delta_t_c', R], ['description', S], ['voice_note_key', S],
      ['gps_accuracy_m', R], ['author_id', S], ['observed_at', T], ['resolved_at', T], ['resolution_note', S], ['source', S],
      ['ai_confidence', R], ['created_at', T], ['updated_at', T],
    ],
  },
  {
    name: 'photos',
    geometry: gdal.wkbPoint,
    fields: [
      ['id', S], ['mission_id', S], ['audit_id', S], ['defect_id', S], ['module_id', S], ['category', S], ['sha256', S],
      ['storage_key', S], ['original_filename', S], ['mime_type', S], ['size_bytes', gdal.OFTInteger64], ['width', I], ['height', I],
      ['taken_at', T], ['gps_source', S], ['caption', S], ['author_id', S], ['created_at', T],
    ],
  },
  {
    name: 'checklist_answers',
    geometry: gdal.wkbNone,
    fields: [
      ['id', S], ['template_id', S], ['mission_id', S], ['section', S], ['field', S], ['value', S], ['photo_id', S],
      ['non_conformity', I], ['author_id', S], ['answered_at', T],
    ],
  },
];

/** Adds the empty field tables to an open GeoPackage. */
export function addEmptyTables(dataset: gdal.Dataset): void {
  const wgs84 = gdal.SpatialReference.fromEPSG(4326);
  for (const table of EMPTY_TABLES) {
    const layer = dataset.layers.create(table.name, table.geometry === gdal.wkbNone ? null : wgs84, table.geometry, ['FID=fid']);
    for (const [name, type] of table.fields) layer.fields.add(new gdal.FieldDefn(name, type));
  }
}
