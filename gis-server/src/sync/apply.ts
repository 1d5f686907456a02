// One operation applied to the chunk's state in memory (docs/sync.md §6): scope and
// references checked, each column decided, the row's rules checked on the result. A
// rejected operation leaves the state as it was.
import { randomUUID } from 'node:crypto';
import { SYNC_TABLES, type SyncTableName, columnsOf } from '@calepin/core/sync';
import { type Clock, decideColumn } from './decide';
import { type ColumnEdit, type PreparedOp, Rejection } from './prepare';
import { SERVER_TABLES, kindOf, photoStorageKey } from './registry';
import { type ChunkState, type EngineContext, type RowState, stateKey } from './state';
import { sameValue } from './values';

export interface ConflictRecord {
  id: string;
  table: SyncTableName;
  key: Record<string, string>;
  kind: 'column' | 'deleted' | 'delete_over_change';
  column: string | null;
  kept: 'server' | 'device';
  serverValue: unknown;
  deviceValue: unknown;
  serverClock: Clock | null;
  op: PreparedOp;
}

export interface Outcome {
  status: 'applied' | 'conflict';
  conflicts: ConflictRecord[];
}

const iso = (ms: number) => new Date(ms).toISOString();
const notFound = (op: PreparedOp) => new Rejection('not_found', 'key', 's.not_found', { table: op.table, key: op.keyText });

export function applyOne(ctx: EngineContext, state: ChunkState, op: PreparedOp): Outcome | Rejection {
  const row = state.rows.get(stateKey(op.table, op.keyText)) as RowState;
  if (op.table === 'audit_modules') {
    const refused = checkAuditModuleKey(ctx, state, op);
    if (refused) return refused;
  }
  if (op.table === 'mission_zones' && !ctx.mission.plans) return new Rejection('forbidden', null, 's.zone_not_lead');
  if (row.exists && row.missionId !== ctx.mission.id) {
    return op.op === 'create' ? new Rejection('constraint', 'key', 's.key_elsewhere', { id: op.keyText }) : notFound(op);
  }
  const deletion = SYNC_TABLES[op.table].deletion;
  if (op.op === 'delete' && deletion === 'column') {
    // An audit's module result is deleted by its deleted_at column, decided like any other.
    op = { ...op, op: 'patch', edits: [{ name: 'deleted_at', column: 'deleted_at', subkey: null, hasOld: true, old: null, hasNew: true, next: iso(op.time) }] };
  }
  if (!row.exists) return op.op === 'create' ? create(ctx, state, row, op) : notFound(op);

  const deletedOnServer = deletion === 'row' && row.values.deleted_at != null;
  if (op.op === 'delete') return deletedOnServer ? { status: 'applied', conflicts: [] } : remove(row, op);
  if (deletedOnServer) {
    row.touch = true;
    const deviceValue = Object.fromEntries(op.edits.map((e) => [e.name, e.next]));
    return { status: 'conflict', conflicts: [conflict(op, 'deleted', null, 'server', null, deviceValue, null)] };
  }
  return update(ctx, state, row, op);
}

function create(ctx: EngineContext, state: ChunkState, row: RowState, op: PreparedOp): Outcome | Rejection {
  const values = { ...createDefaults(ctx, op), ...row.key };
  for (const edit of op.edits) {
    const refused = checkReference(ctx, state, op, edit);
    if (refused) return refused;
    setValue(values, edit);
  }
  if (op.table === 'photos') values.storage_key = photoStorageKey(values.sha256 as string);
  const broken = checkRow(op.table, values);
  if (broken) return broken;
  const clock = { time: op.time, operationId: op.id, userId: ctx.user.id };
  Object.assign(row, { values, exists: true, created: true, missionId: ctx.mission.id });
  if (op.table === 'audits') ctx.mission.audits.set(row.key.id as string, { deleted: false, auditType: values.audit_type as string });
  // A keyed column's keys have their own clock from the start: a key this create did not
  // set is nobody's yet, and another device setting it is no conflict.
  for (const name of ['*', ...op.edits.filter((e) => e.subkey).map((e) => e.name)]) {
    row.clocks.set(name, clock);
    row.clockWrites.set(name, clock);
  }
  return { status: 'applied', conflicts: [] };
}

function update(ctx: EngineContext, state: ChunkState, row: RowState, op: PreparedOp): Outcome | Rejection {
  const values = { ...row.values };
  let edits = op.edits;
  if (op.op === 'create') {
    // A create over an existing key is a patch that does not say what it saw (§6).
    for (const edit of edits) {
      const spec = columnsOf(op.table)[edit.column];
      if (spec?.createOnly && !sameValue(values[edit.column], edit.next, kindOf(op.table, edit.column))) {
        return new Rejection('constraint', edit.name, 's.column_create_only', { column: edit.name });
      }
    }
    edits = edits.filter((e) => !columnsOf(op.table)[e.column]?.createOnly)
      .map((e) => ({ ...e, hasOld: false }));
    if (SYNC_TABLES[op.table].deletion === 'column' && !edits.some((e) => e.column === 'deleted_at')) {
      edits.push({ name: 'deleted_at', column: 'deleted_at', subkey: null, hasOld: false, old: undefined, hasNew: true, next: null });
    }
  }
  const conflicts: ConflictRecord[] = [];
  const written: { edit: ColumnEdit; clock: Clock }[] = [];
  for (const edit of edits) {
    const refused = checkReference(ctx, state, op, edit);
    if (refused) return refused;
    const kind = edit.subkey ? 'json' : kindOf(op.table, edit.column);
    const clock = row.clocks.get(edit.name) ?? (edit.subkey ? null : row.clocks.get('*')) ?? null;
    // An edit through the API is made on what the server shows now.
    const seen = ctx.origin === 'api' && op.op === 'patch' && !edit.hasOld;
    const decision = decideColumn({
      current: valueOf(values, edit), hasOld: edit.hasOld || seen, old: seen ? valueOf(values, edit) : edit.old, next: edit.next, clock,
      time: op.time, operationId: op.id, equal: (a, b) => sameValue(a, b, kind),
    });
    if (decision.kind === 'same') continue;
    if (decision.kind === 'server_wins') {
      conflicts.push(conflict(op, 'column', edit.name, 'server', valueOf(values, edit), edit.next, decision.server));
      continue;
    }
    if (decision.kind === 'device_wins') {
      conflicts.push(conflict(op, 'column', edit.name, 'device', valueOf(values, edit), edit.next, decision.server));
    }
    setValue(values, edit);
    written.push({ edit, clock: { time: op.time, operationId: op.id, userId: ctx.user.id } });
  }
  const broken = checkRow(op.table, values);
  if (broken) return broken;
  row.values = values;
  for (const { edit, clock } of written) {
    if (edit.subkey) {
      (row.keyedPatch[edit.column] ??= {})[edit.subkey] = edit.next;
    }
    row.changed.add(edit.column);
    row.clocks.set(edit.name, clock);
    row.clockWrites.set(edit.name, clock);
  }
  const lost = conflicts.some((c) => c.kept === 'server');
  if (lost) row.touch = true;
  return { status: lost ? 'conflict' : 'applied', conflicts };
}

function remove(row: RowState, op: PreparedOp): Outcome {
  const changed = op.edits.filter((e) => e.hasOld && !sameValue(valueOf(row.values, e), e.old, e.subkey ? 'json' : kindOf(op.table, e.column)));
  const conflicts = changed.length
    ? [conflict(op, 'delete_over_change', null, 'device',
        Object.fromEntries(changed.map((e) => [e.name, valueOf(row.values, e)])),
        Object.fromEntries(changed.map((e) => [e.name, e.old])), null)]
    : [];
  row.values = { ...row.values, deleted_at: iso(op.time) };
  row.changed.add('deleted_at');
  return { status: 'applied', conflicts };
}

function conflict(
  op: PreparedOp, kind: ConflictRecord['kind'], column: string | null, kept: ConflictRecord['kept'],
  serverValue: unknown, deviceValue: unknown, serverClock: Clock | null,
): ConflictRecord {
  return { id: randomUUID(), table: op.table, key: op.key, kind, column, kept, serverValue, deviceValue, serverClock, op };
}

const valueOf = (values: Record<string, unknown>, edit: ColumnEdit) =>
  edit.subkey ? (values[edit.column] as Record<string, unknown> | null)?.[edit.subkey] ?? null : values[edit.column] ?? null;

function setValue(values: Record<string, unknown>, edit: ColumnEdit): void {
  if (edit.subkey) values[edit.column] = { ...(values[edit.column] as object), [edit.subkey]: edit.next };
  else values[edit.column] = edit.next;
}

/** Every column null, then what the database would default, then what the server sets itself. */
function createDefaults(ctx: EngineContext, op: PreparedOp): Record<string, unknown> {
  const values: Record<string, unknown> = Object.fromEntries(Object.keys(SERVER_TABLES[op.table].types).map((c) => [c, null]));
  const time = iso(op.time);
  const user = ctx.user.id;
  const plant_id = ctx.mission.plantId;
  const mission_id = ctx.mission.id;
  switch (op.table) {
    case 'audits':
      return { ...values, plant_id, mission_id, status: 'planned', conditions: {} };
    case 'audit_modules':
      return { ...values, plant_id, inspected_at: time, inspected_by: user };
    case 'defects':
      return { ...values, plant_id, author_id: user, target_kind: 'module', observed_at: time, source: 'manual' };
    case 'photos':
      return { ...values, plant_id, mission_id, author_id: user };
    case 'checklist_responses':
      return { ...values, plant_id, mission_id, author_id: user, answers: {}, validated_sections: [] };
    case 'chat_messages':
      return { ...values, plant_id, mission_id, author_id: user };
    case 'mission_zones':
      return { ...values, plant_id, mission_id, author_id: user, assignee_ids: [] };
  }
}

function checkAuditModuleKey(ctx: EngineContext, state: ChunkState, op: PreparedOp): Rejection | null {
  const audit = ctx.mission.audits.get(op.key.audit_id as string);
  if (!audit) return new Rejection('not_found', 'key.audit_id', 's.reference_not_found', { table: 'audits', id: op.key.audit_id as string });
  if (audit.deleted) return new Rejection('deleted', 'key.audit_id', 's.reference_deleted', { table: 'audits', id: op.key.audit_id as string });
  const module = state.refs.modules.get(op.key.module_id as string);
  if (!module) return new Rejection('not_found', 'key.module_id', 's.reference_not_found', { table: 'modules', id: op.key.module_id as string });
  if (module.deleted && op.op === 'create') return new Rejection('deleted', 'key.module_id', 's.reference_deleted', { table: 'modules', id: op.key.module_id as string });
  return null;
}

/** A value that names another row: that row must be on this mission (or its plant) and live. */
function checkReference(ctx: EngineContext, state: ChunkState, op: PreparedOp, edit: ColumnEdit): Rejection | null {
  if (edit.column === 'assignee_ids' && Array.isArray(edit.next)) {
    const stranger = (edit.next as string[]).find((user) => !ctx.mission.team.has(user.toLowerCase()));
    return stranger ? new Rejection('constraint', edit.name, 's.zone_assignee', { id: stranger }) : null;
  }
  const id = edit.next;
  if (typeof id !== 'string') return null;
  const missing = (table: string) => new Rejection('not_found', edit.name, 's.reference_not_found', { table, id });
  const gone = (table: string) => new Rejection('deleted', edit.name, 's.reference_deleted', { table, id });
  switch (edit.column) {
    case 'audit_id': {
      const audit = ctx.mission.audits.get(id);
      return !audit ? missing('audits') : audit.deleted ? gone('audits') : null;
    }
    case 'module_id': {
      const module = state.refs.modules.get(id);
      return !module ? missing('modules') : module.deleted ? gone('modules') : null;
    }
    case 'target_id': {
      const target = state.refs.targets.get(id);
      return !target ? missing('layout') : target.deleted ? gone(target.kind) : null;
    }
    case 'defect_id': {
      const inChunk = state.rows.get(stateKey('defects', id));
      const defect = inChunk?.exists
        ? { deleted: inChunk.values.deleted_at != null, missionId: inChunk.missionId }
        : state.refs.defects.get(id);
      if (!defect || defect.missionId !== ctx.mission.id) return missing('defects');
      return defect.deleted ? gone('defects') : null;
    }
    case 'photo_id': {
      const inChunk = state.rows.get(stateKey('photos', id));
      const photo = inChunk?.exists
        ? { deleted: inChunk.values.deleted_at != null, missionId: inChunk.missionId }
        : state.refs.photos.get(id);
      if (!photo || photo.missionId !== ctx.mission.id) return missing('photos');
      return photo.deleted ? gone('photos') : null;
    }
    case 'template_id':
      return state.refs.templates.has(id) ? null : missing('checklist_templates');
    default:
      return edit.column.endsWith('_by') && !state.refs.users.has(id) ? missing('users') : null;
  }
}

/** The rules of a row that span columns (the tables' CHECK constraints), said in words. */
function checkRow(table: SyncTableName, v: Record<string, unknown>): Rejection | null {
  if (table === 'defects') {
    if ((v.target_kind === 'module') !== (v.module_id != null)) return new Rejection('constraint', 'module_id', 's.target_module');
    if (!['module', 'point'].includes(v.target_kind as string) && v.target_id == null) {
      return new Rejection('constraint', 'target_id', 's.target_id', { kind: v.target_kind as string });
    }
    if (v.iec_class != null && !['hot_spot', 'bypass_diode', 'junction_box', 'connector', 'pid', 'other'].includes(v.defect_type as string)) {
      return new Rejection('constraint', 'iec_class', 's.iec_class');
    }
  }
  if (table === 'audits' && v.started_at != null && v.finished_at != null
      && Date.parse(v.finished_at as string) < Date.parse(v.started_at as string)) {
    return new Rejection('constraint', 'finished_at', 's.finished_before_started');
  }
  if (table === 'chat_messages' && String(v.body ?? '').trim() === '' && v.photo_id == null && v.module_id == null) {
    return new Rejection('constraint', 'body', 's.chat_empty');
  }
  if (table === 'photos' && (v.geom == null) !== (v.gps_source == null)) return new Rejection('constraint', 'gps_source', 's.gps_source');
  return null;
}
