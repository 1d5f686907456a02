// What the server knows of each synced table beyond core's column list: SQL types,
// which columns hold times or a geometry, the columns it sets itself on a create, and how
// a row is tied to its mission. Every name here is fixed; none comes from a request.
import { type SyncTableName, columnsOf } from '@calepin/core/sync';

export type ValueKind = 'scalar' | 'time' | 'geometry' | 'json' | 'keyed';

export interface ServerTable {
  name: SyncTableName;
  key: readonly string[];
  /** SQL type of every column the engine writes (synced ones and those it sets itself). */
  types: Readonly<Record<string, string>>;
  geometry: string | null;
  /** SQL giving the mission of row `t` (for scope checks). */
  missionOf: string;
  /** Order of writes in a batch: parents before children. */
  order: number;
}

const base = { id: 'uuid', plant_id: 'uuid', deleted_at: 'timestamptz' };

export const SERVER_TABLES: Record<SyncTableName, ServerTable> = {
  audits: {
    name: 'audits',
    key: ['id'],
    types: {
      ...base, mission_id: 'uuid', audit_type: 'text', status: 'text', started_at: 'timestamptz',
      finished_at: 'timestamptz', conditions: 'jsonb', performed_by: 'uuid', validated_at: 'timestamptz',
      validated_by: 'uuid',
    },
    geometry: null,
    missionOf: 't.mission_id',
    order: 0,
  },
  audit_modules: {
    name: 'audit_modules',
    key: ['audit_id', 'module_id'],
    types: {
      audit_id: 'uuid', module_id: 'uuid', plant_id: 'uuid', inspected_at: 'timestamptz', inspected_by: 'uuid',
      deleted_at: 'timestamptz',
    },
    geometry: null,
    missionOf: '(select a.mission_id from audits a where a.id = t.audit_id)',
    order: 1,
  },
  defects: {
    name: 'defects',
    key: ['id'],
    types: {
      ...base, audit_id: 'uuid', target_kind: 'text', module_id: 'uuid', target_id: 'uuid', defect_type: 'text',
      module_status: 'text', severity: 'text', iec_class: 'smallint', delta_t_c: 'numeric', description: 'text',
      voice_note_key: 'text', geom: 'jsonb', gps_accuracy_m: 'numeric', author_id: 'uuid',
      observed_at: 'timestamptz', resolved_at: 'timestamptz', resolution_note: 'text', source: 'text',
      ai_confidence: 'numeric', validated_by: 'uuid', validated_at: 'timestamptz', review: 'text',
      review_note: 'text', reviewed_by: 'uuid', reviewed_at: 'timestamptz',
    },
    geometry: 'geom',
    missionOf: '(select a.mission_id from audits a where a.id = t.audit_id)',
    order: 2,
  },
  photos: {
    name: 'photos',
    key: ['id'],
    types: {
      ...base, mission_id: 'uuid', audit_id: 'uuid', defect_id: 'uuid', module_id: 'uuid', category: 'text',
      sha256: 'text', storage_key: 'text', original_filename: 'text', mime_type: 'text', size_bytes: 'bigint',
      width: 'integer', height: 'integer', taken_at: 'timestamptz', geom: 'jsonb', gps_source: 'text',
      caption: 'text', author_id: 'uuid',
    },
    geometry: 'geom',
    missionOf: 't.mission_id',
    order: 3,
  },
  checklist_responses: {
    name: 'checklist_responses',
    key: ['id'],
    types: {
      ...base, template_id: 'uuid', mission_id: 'uuid', answers: 'jsonb', validated_sections: 'text[]',
      author_id: 'uuid',
    },
    geometry: null,
    missionOf: 't.mission_id',
    order: 4,
  },
  chat_messages: {
    name: 'chat_messages',
    key: ['id'],
    types: {
      ...base, mission_id: 'uuid', author_id: 'uuid', body: 'text', module_id: 'uuid', photo_id: 'uuid', sent_at: 'timestamptz',
    },
    geometry: null,
    missionOf: 't.mission_id',
    // After photos: a message may show a photo pushed in the same batch.
    order: 5,
  },
  mission_zones: {
    name: 'mission_zones',
    key: ['id'],
    types: { ...base, mission_id: 'uuid', name: 'text', assignee_ids: 'uuid[]', geom: 'jsonb', author_id: 'uuid' },
    geometry: 'geom',
    missionOf: 't.mission_id',
    order: 6,
  },
};

export const WRITE_ORDER = Object.values(SERVER_TABLES).sort((a, b) => a.order - b.order).map((t) => t.name);

/** How values of a column compare: instants, geometries, JSON documents or plain values. */
export function kindOf(table: SyncTableName, column: string): ValueKind {
  const spec = columnsOf(table)[column];
  if (spec?.keyed) return 'keyed';
  const type = SERVER_TABLES[table].types[column];
  if (column === SERVER_TABLES[table].geometry) return 'geometry';
  if (type === 'timestamptz') return 'time';
  if (type === 'jsonb' || type === 'text[]' || type === 'uuid[]') return 'json';
  return 'scalar';
}

/** The row key as text, the clock's and the operation log's form: ids joined by ':'. */
export const keyText = (key: Readonly<Record<string, unknown>>, columns: readonly string[]) =>
  columns.map((c) => String(key[c])).join(':');

/** The storage key a photo's file has in the store (content-addressed by SHA-256). */
export const photoStorageKey = (sha256: string) => `photos/${sha256.slice(0, 2)}/${sha256}`;
