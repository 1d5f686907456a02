// What a device (and the office, through the audit API) may write in each synced table,
// column by column, with the schema of each value (docs/sync.md §2). The server checks
// every operation against this list; the field app can check its own before queuing.
import { z } from 'zod';
import { msg } from '../schemas/message';
import { Uuid } from '../schemas/common';
import { AUDIT_TYPES, DEFECT_TYPES, PHOTO_CATEGORIES, SEVERITIES } from '../vocabulary';
import { MODULE_STATUSES } from '../status';
import type { SyncOp } from './protocol';

/** Who writes: a device's push, or the office (admins and managers) through the audit API. */
export type Writer = 'device' | 'office';

export interface SyncColumn {
  schema: z.ZodType;
  /** A JSON object synced key by key: an operation names `column.<key>`. */
  keyed?: boolean;
  /** Written by a create only; a patch may not change it. */
  createOnly?: boolean;
  /** Required in a create. */
  required?: boolean;
  /** Only the office may write it. */
  office?: boolean;
}

export interface SyncTable {
  /** Key columns, in the order of the table's primary key. */
  key: readonly string[];
  /** Operations a device may send; the office may also create and delete where listed. */
  deviceOps: readonly SyncOp[];
  officeOps: readonly SyncOp[];
  columns: Readonly<Record<string, SyncColumn>>;
  /**
   * 'row': a delete operation sets deleted_at and a deleted row takes no more changes.
   * 'column': deleted_at is an ordinary column (an audit's module result is un-inspected
   * and inspected again), decided like any other.
   */
  deletion: 'row' | 'column';
}

const time = z.iso.datetime({ offset: true, error: msg('v.datetime') });
const nullableTime = time.nullable();
const text = (max: number) => z.string().max(max).nullable();
const sha256 = z.string().regex(/^[0-9a-f]{64}$/, { error: msg('v.sha256') });
/** A point in EPSG:4326 (no other CRS in sync), within Web Mercator's latitudes. */
export const SyncPoint = z
  .object({
    type: z.literal('Point'),
    coordinates: z.tuple([
      z.number().min(-180, { error: msg('s.geometry_out_of_bounds') }).max(180, { error: msg('s.geometry_out_of_bounds') }),
      z.number().min(-85.0511287798, { error: msg('s.geometry_out_of_bounds') }).max(85.0511287798, { error: msg('s.geometry_out_of_bounds') }),
    ], z.number()),
  })
  .strict();
const lon = z.number().min(-180, { error: msg('s.geometry_out_of_bounds') }).max(180, { error: msg('s.geometry_out_of_bounds') });
const lat = z.number().min(-85.0511287798, { error: msg('s.geometry_out_of_bounds') }).max(85.0511287798, { error: msg('s.geometry_out_of_bounds') });
/**
 * A mission zone's outline in EPSG:4326: one closed ring of 4 to 501 positions, no holes,
 * that does not cross itself (PostGIS would call it invalid and the row could not be kept).
 */
export const SyncPolygon = z
  .object({
    type: z.literal('Polygon'),
    coordinates: z.tuple([z.array(z.tuple([lon, lat], z.number())).min(4).max(501)], { error: msg('s.polygon_ring') }),
  })
  .strict()
  .refine((p) => ringClosed(p.coordinates[0]), { error: msg('s.polygon_ring'), path: ['coordinates', 0] })
  .refine((p) => !ringCrosses(p.coordinates[0]), { error: msg('s.polygon_crossing'), path: ['coordinates', 0] });

type Position = readonly number[];
const ringClosed = (ring: Position[]) => {
  const [a, b] = [ring[0], ring.at(-1)];
  return Boolean(a && b && a[0] === b[0] && a[1] === b[1]);
};

/** Whether two edges of a closed ring cross or touch (adjacent edges share their one vertex). */
export function ringCrosses(ring: readonly Position[]): boolean {
  const n = ring.length - 1; // edges
  const orient = (p: Position, q: Position, r: Position) => Math.sign((q[0]! - p[0]!) * (r[1]! - p[1]!) - (q[1]! - p[1]!) * (r[0]! - p[0]!));
  const onSegment = (p: Position, q: Position, r: Position) =>
    Math.min(p[0]!, r[0]!) <= q[0]! && q[0]! <= Math.max(p[0]!, r[0]!) && Math.min(p[1]!, r[1]!) <= q[1]! && q[1]! <= Math.max(p[1]!, r[1]!);
  const intersects = (p1: Position, p2: Position, p3: Position, p4: Position) => {
    const [d1, d2, d3, d4] = [orient(p3, p4, p1), orient(p3, p4, p2), orient(p1, p2, p3), orient(p1, p2, p4)];
    if (d1 !== d2 && d3 !== d4 && d1 !== 0 && d2 !== 0 && d3 !== 0 && d4 !== 0) return true;
    return (d1 === 0 && onSegment(p3, p1, p4)) || (d2 === 0 && onSegment(p3, p2, p4))
      || (d3 === 0 && onSegment(p1, p3, p2)) || (d4 === 0 && onSegment(p1, p4, p2));
  };
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (j === i + 1 || (i === 0 && j === n - 1)) continue; // neighbours share a vertex
      if (intersects(ring[i]!, ring[i + 1]!, ring[j]!, ring[j + 1]!)) return true;
    }
  }
  return false;
}

/** A value of a keyed JSON column (an answer, a measurement): any JSON, bounded. */
const jsonValue = z.unknown().refine((v) => v !== undefined && JSON.stringify(v).length <= 10_000, { error: msg('v.json_value') });

export const SYNC_TABLES = {
  audits: {
    key: ['id'],
    deviceOps: ['patch'],
    officeOps: ['create', 'patch', 'delete'],
    deletion: 'row',
    columns: {
      audit_type: { schema: z.enum(AUDIT_TYPES), createOnly: true, required: true, office: true },
      status: { schema: z.enum(['planned', 'in_progress', 'done']) },
      started_at: { schema: nullableTime },
      finished_at: { schema: nullableTime },
      conditions: { schema: jsonValue, keyed: true },
      performed_by: { schema: Uuid.nullable(), office: true },
      validated_at: { schema: nullableTime, office: true },
      validated_by: { schema: Uuid.nullable(), office: true },
    },
  },
  audit_modules: {
    key: ['audit_id', 'module_id'],
    deviceOps: ['create', 'patch', 'delete'],
    officeOps: ['create', 'patch', 'delete'],
    deletion: 'column',
    columns: {
      inspected_at: { schema: time },
      inspected_by: { schema: Uuid.nullable() },
      deleted_at: { schema: nullableTime },
    },
  },
  defects: {
    key: ['id'],
    deviceOps: ['create', 'patch', 'delete'],
    officeOps: ['create', 'patch', 'delete'],
    deletion: 'row',
    columns: {
      audit_id: { schema: Uuid, createOnly: true, required: true },
      target_kind: { schema: z.enum(['module', 'string', 'inverter', 'junction_box', 'cable', 'point']) },
      module_id: { schema: Uuid.nullable() },
      target_id: { schema: Uuid.nullable() },
      defect_type: { schema: z.enum(DEFECT_TYPES), required: true },
      module_status: { schema: z.enum(MODULE_STATUSES), required: true },
      severity: { schema: z.enum(SEVERITIES), required: true },
      iec_class: { schema: z.number().int().min(1).max(3).nullable() },
      delta_t_c: { schema: z.number().min(-100).max(500).nullable() },
      description: { schema: text(10_000) },
      voice_note_key: { schema: sha256.nullable() },
      geom: { schema: SyncPoint, required: true },
      gps_accuracy_m: { schema: z.number().min(0).max(100_000).nullable() },
      observed_at: { schema: time },
      resolved_at: { schema: nullableTime },
      resolution_note: { schema: text(10_000) },
      source: { schema: z.enum(['manual', 'ai']), createOnly: true },
      ai_confidence: { schema: z.number().min(0).max(1).nullable() },
      validated_at: { schema: nullableTime, office: true },
      validated_by: { schema: Uuid.nullable(), office: true },
      review: { schema: z.enum(['accepted', 'corrected', 'rejected']).nullable(), office: true },
      review_note: { schema: text(2000), office: true },
      reviewed_at: { schema: nullableTime, office: true },
      reviewed_by: { schema: Uuid.nullable(), office: true },
    },
  },
  photos: {
    key: ['id'],
    deviceOps: ['create', 'patch', 'delete'],
    officeOps: ['create', 'patch', 'delete'],
    deletion: 'row',
    columns: {
      audit_id: { schema: Uuid.nullable(), createOnly: true },
      defect_id: { schema: Uuid.nullable() },
      module_id: { schema: Uuid.nullable() },
      category: { schema: z.enum(PHOTO_CATEGORIES), required: true },
      sha256: { schema: sha256, createOnly: true, required: true },
      original_filename: { schema: text(255), createOnly: true },
      mime_type: { schema: z.string().regex(/^[\w.+-]+\/[\w.+-]+$/).max(127), createOnly: true, required: true },
      size_bytes: { schema: z.number().int().min(0), createOnly: true, required: true },
      width: { schema: z.number().int().min(1).nullable(), createOnly: true },
      height: { schema: z.number().int().min(1).nullable(), createOnly: true },
      taken_at: { schema: nullableTime, createOnly: true },
      geom: { schema: SyncPoint.nullable(), createOnly: true },
      gps_source: { schema: z.enum(['exif', 'device', 'manual']).nullable(), createOnly: true },
      caption: { schema: text(2000) },
    },
  },
  checklist_responses: {
    key: ['id'],
    deviceOps: ['create', 'patch'],
    officeOps: ['create', 'patch'],
    deletion: 'row',
    columns: {
      template_id: { schema: Uuid, createOnly: true, required: true },
      answers: { schema: jsonValue, keyed: true },
      validated_sections: { schema: z.array(z.string().min(1).max(100)).max(200) },
    },
  },
  // A mission's team chat (issue 17): written once, never changed.
  chat_messages: {
    key: ['id'],
    deviceOps: ['create'],
    officeOps: ['create'],
    deletion: 'row',
    columns: {
      body: { schema: z.string().max(4000), createOnly: true, required: true },
      module_id: { schema: Uuid.nullable(), createOnly: true },
      photo_id: { schema: Uuid.nullable(), createOnly: true },
      sent_at: { schema: time, createOnly: true, required: true },
    },
  },
  // Work zones of a mission (issue 17): drawn by its lead or the office, given to technicians.
  mission_zones: {
    key: ['id'],
    deviceOps: ['create', 'patch', 'delete'],
    officeOps: ['create', 'patch', 'delete'],
    deletion: 'row',
    columns: {
      name: { schema: z.string().trim().min(1).max(100), required: true },
      assignee_ids: { schema: z.array(Uuid).max(50) },
      geom: { schema: SyncPolygon, required: true },
    },
  },
} as const satisfies Record<string, SyncTable>;

export type SyncTableName = keyof typeof SYNC_TABLES;
export const SYNC_TABLE_NAMES = Object.keys(SYNC_TABLES) as SyncTableName[];

/** Tables a pull returns besides the writable ones (read-only on the device). */
export const PULLED_TABLES = ['missions', 'mission_members', ...SYNC_TABLE_NAMES, 'checklist_templates'] as const;

export const isSyncTable = (name: string): name is SyncTableName => Object.hasOwn(SYNC_TABLES, name);

/** A table's writable columns, with their specs. */
export const columnsOf = (table: SyncTableName): Readonly<Record<string, SyncColumn>> => SYNC_TABLES[table].columns;

/** The column spec of `answers.f12` or `severity`, with the key of a keyed column. */
export function columnOf(table: SyncTableName, name: string): { column: string; key: string | null; spec: SyncColumn } | null {
  const columns = columnsOf(table);
  const dot = name.indexOf('.');
  const column = dot < 0 ? name : name.slice(0, dot);
  const spec = Object.hasOwn(columns, column) ? columns[column] : undefined;
  if (!spec) return null;
  if (Boolean(spec.keyed) !== dot >= 0) return null;
  const key = dot < 0 ? null : name.slice(dot + 1);
  if (key !== null && !/^[\w-]{1,100}$/.test(key)) return null;
  return { column, key, spec };
}
