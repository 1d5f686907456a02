// DiagPV's EL vocabulary in ours (docs/import-diagpv.md says why each line is what it is).
import type { DefectType, ModuleStatus, Severity } from '@calepin/core';

export interface MappedDefect {
  /** Our defect type, or null when the module is fine and no defect is written. */
  defectType: DefectType | null;
  status: ModuleStatus;
}

/** DiagPV `el_modules.defect_type` → our defect type and the module status it implies. */
export const DEFECT_TYPES: Record<string, MappedDefect> = {
  none: { defectType: null, status: 'ok' },
  luminescence_inequality: { defectType: 'cell_inequality', status: 'inequality' },
  microcrack: { defectType: 'microcrack', status: 'microcracks' },
  dead_module: { defectType: 'dead_module', status: 'dead' },
  string_open: { defectType: 'string_open', status: 'string_open' },
  not_connected: { defectType: 'not_connected', status: 'not_connected' },
};

/** DiagPV `severity_level` 0–3 → our severity (0 goes with `none`: no defect to grade). */
export const SEVERITIES: Record<number, Severity> = { 0: 'info', 1: 'info', 2: 'warning', 3: 'urgent' };

/** Their export writes an absent comment as the text 'null'. */
export const commentOf = (value: string | null): string | null => {
  const text = value?.trim() ?? '';
  return text === '' || text.toLowerCase() === 'null' ? null : text;
};

/** Our code for a module of string `s` at position `p` (the numbering of docs/layout.md). */
export const moduleCode = (s: number, p: number) => `S${s}-M${p}`;
