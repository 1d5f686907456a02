// What the device knows of the synced tables (docs/sync.md §2–3): their keys, the columns a
// device may push, which columns hold JSON text or a geometry, and what a row created on the
// device fills in besides what the technician gave. The writable columns are those of the
// sync protocol's list (core/src/sync/tables.ts on the server side, issue 16).
import type { SyncTableName } from '../types';

export interface DeviceTable {
  /** The device's table: the server's name, except `missions`, whose one row is `mission`. */
  local: string;
  key: readonly string[];
  /** Columns a device sends in an operation; `keyed` ones are JSON objects sent key by key. */
  writable: readonly string[];
  keyed?: readonly string[];
  /** Written by a create only (a patch may not change them). */
  createOnly?: readonly string[];
  /** JSON (objects or arrays) stored as text in the GeoPackage. */
  json?: readonly string[];
  /** The geometry column (points; a zone's polygon), when the table is a feature table. */
  geometry?: string;
  /**
   * 'row': a delete removes the row on the device and the server tombstones it.
   * 'column': deletion is the deleted_at column (an audit's module result, un-inspected).
   */
  deletion: 'row' | 'column';
}

export const DEVICE_TABLES: Record<SyncTableName, DeviceTable> = {
  audits: {
    local: 'audits', key: ['id'], deletion: 'row',
    writable: ['status', 'started_at', 'finished_at', 'conditions'], keyed: ['conditions'], json: ['conditions'],
  },
  audit_modules: {
    local: 'audit_modules', key: ['audit_id', 'module_id'], deletion: 'column',
    writable: ['inspected_at', 'inspected_by', 'deleted_at'],
  },
  defects: {
    local: 'defects', key: ['id'], deletion: 'row', geometry: 'geom',
    writable: [
      'audit_id', 'target_kind', 'module_id', 'target_id', 'defect_type', 'module_status', 'severity', 'iec_class', 'delta_t_c',
      'description', 'voice_note_key', 'geom', 'gps_accuracy_m', 'observed_at', 'resolved_at', 'resolution_note',
    ],
    createOnly: ['audit_id'],
  },
  photos: {
    local: 'photos', key: ['id'], deletion: 'row', geometry: 'geom',
    writable: [
      'audit_id', 'defect_id', 'module_id', 'category', 'sha256', 'original_filename', 'mime_type', 'size_bytes', 'width', 'height',
      'taken_at', 'geom', 'gps_source', 'caption',
    ],
    createOnly: ['audit_id', 'sha256', 'original_filename', 'mime_type', 'size_bytes', 'width', 'height', 'taken_at', 'geom', 'gps_source'],
  },
  checklist_responses: {
    local: 'checklist_responses', key: ['id'], deletion: 'row',
    writable: ['template_id', 'answers', 'validated_sections'], keyed: ['answers'], json: ['answers', 'validated_sections'],
    createOnly: ['template_id'],
  },
  // The team chat (docs/realtime.md §9): a message is written once.
  chat_messages: {
    local: 'chat_messages', key: ['id'], deletion: 'row',
    writable: ['body', 'module_id', 'photo_id', 'sent_at'], createOnly: ['body', 'module_id', 'photo_id', 'sent_at'],
  },
  // Work zones (issue 17): drawn by the mission's lead, given to technicians.
  mission_zones: {
    local: 'mission_zones', key: ['id'], deletion: 'row', geometry: 'geom',
    writable: ['name', 'assignee_ids', 'geom'], json: ['assignee_ids'],
  },
};

/** Tables a pull brings that the device never writes. */
export const READ_ONLY_TABLES: Record<string, Omit<DeviceTable, 'writable' | 'deletion'>> = {
  missions: { local: 'mission', key: ['id'], json: ['audit_types'] },
  mission_members: { local: 'mission_members', key: ['mission_id', 'user_id'] },
  checklist_templates: { local: 'checklist_templates', key: ['id'], json: ['audit_types', 'sections'] },
};

export function tableOf(name: string): (Omit<DeviceTable, 'writable' | 'deletion'> & Partial<DeviceTable>) | null {
  if (Object.hasOwn(DEVICE_TABLES, name)) return DEVICE_TABLES[name as SyncTableName];
  if (Object.hasOwn(READ_ONLY_TABLES, name)) return READ_ONLY_TABLES[name] ?? null;
  return null;
}

/** The text a row's key is stored under in the outbox (`row_key`): JSON of the key columns in key order. */
export const keyText = (table: { key: readonly string[] }, key: Record<string, unknown>) =>
  JSON.stringify(Object.fromEntries(table.key.map((k) => [k, String(key[k])])));
