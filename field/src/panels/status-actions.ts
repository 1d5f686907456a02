// Setting a module's result in one tap (the module panel's status buttons, EL night mode's
// keys 1–6): the module is inspected, and its one quick defect in this audit is created,
// changed or removed so that the derived status is the one chosen. A module with several
// open defects in the audit is left to the defect form (nothing is silently overwritten).
// Every action returns its inverse, for undo.
import type { ModuleStatus } from '@calepin/core';
import type { Editor } from '../screens/mission/editor';
import { type Change, StoreError } from '../store/types';

export const QUICK_DEFECT: Record<Exclude<ModuleStatus, 'ok'>, { type: string; severity: string }> = {
  inequality: { type: 'cell_inequality', severity: 'info' },
  microcracks: { type: 'microcrack', severity: 'warning' },
  dead: { type: 'dead_module', severity: 'urgent' },
  string_open: { type: 'string_open', severity: 'urgent' },
  not_connected: { type: 'not_connected', severity: 'warning' },
};

type Row = Record<string, unknown>;

/** The columns of a defect the device may write, from a row (to re-create one on undo). */
const DEFECT_COLUMNS = ['audit_id', 'target_kind', 'module_id', 'target_id', 'defect_type', 'module_status', 'severity', 'iec_class', 'delta_t_c',
  'description', 'voice_note_key', 'geom', 'gps_accuracy_m', 'observed_at', 'resolved_at', 'resolution_note'];
const pick = (row: Row, columns: string[]) => Object.fromEntries(columns.filter((c) => row[c] !== undefined && row[c] !== null).map((c) => [c, row[c]]));

export interface ModuleForStatus {
  id: string;
  centre?: [number, number];
  defects: Row[];
  results: Row[];
}

/** Sets the module's result in the editor's audit; returns the changes that undo it. */
export async function setModuleStatus(editor: Editor, module: ModuleForStatus, status: ModuleStatus): Promise<Change[]> {
  const audit = editor.audit;
  if (!audit) throw new StoreError('invalid', 'no audit is selected', 'audit');
  const open = module.defects.filter((d) => d.audit_id === audit && !d.resolved_at);
  if (open.length > 1) throw new StoreError('several_defects', `${open.length} open defects`);
  const now = new Date().toISOString();
  const key = { audit_id: audit, module_id: module.id };
  const result = module.results.find((r) => r.audit_id === audit);
  const changes: Change[] = [{ table: 'audit_modules', op: 'create', key, values: { inspected_at: now, deleted_at: null } }];
  const undo: Change[] = [];
  const existing = open[0];
  if (status === 'ok') {
    if (existing) {
      if (Number(existing.photo_count ?? 0) > 0) throw new StoreError('several_defects', 'the defect has photos');
      changes.push({ table: 'defects', op: 'delete', key: { id: String(existing.id) } });
      undo.push({ table: 'defects', op: 'create', key: { id: crypto.randomUUID() }, values: pick(existing, DEFECT_COLUMNS) });
    }
  } else if (existing) {
    const quick = QUICK_DEFECT[status];
    changes.push({ table: 'defects', op: 'patch', key: { id: String(existing.id) }, values: { module_status: status, defect_type: quick.type, severity: quick.severity } });
    undo.push({ table: 'defects', op: 'patch', key: { id: String(existing.id) }, values: pick(existing, ['module_status', 'defect_type', 'severity']) });
  } else {
    const id = crypto.randomUUID();
    const quick = QUICK_DEFECT[status];
    changes.push({
      table: 'defects', op: 'create', key: { id },
      values: {
        audit_id: audit, target_kind: 'module', module_id: module.id, defect_type: quick.type, module_status: status, severity: quick.severity,
        geom: { type: 'Point', coordinates: module.centre ?? [0, 0] }, observed_at: now,
      },
    });
    undo.push({ table: 'defects', op: 'delete', key: { id } });
  }
  // The inspection itself: undone by putting the result back as it was (or un-inspecting the module).
  undo.push(result && !result.deleted_at
    ? { table: 'audit_modules', op: 'patch', key, values: { inspected_at: result.inspected_at } }
    : { table: 'audit_modules', op: 'patch', key, values: { deleted_at: now } });
  await editor.apply(changes);
  return undo;
}
