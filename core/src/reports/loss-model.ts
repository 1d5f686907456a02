// The loss model of the audit report (docs/reports.md, "Loss model"): the share of a
// module's rated power that a finding takes away, by module status, refined by defect
// type and, for thermography, by IEC TS 62446-3 class of abnormality. The figures are
// assumptions of the company, chosen from the sources named beside each; a report
// prints them in its methods appendix so that a reader can redo the sum.
import type { ModuleStatus } from '../status';
import type { DefectType } from '../vocabulary';

/** Share of the module's rated power lost, by the module's status (when no defect type says better). */
export const STATUS_LOSS: Readonly<Record<ModuleStatus, number>> = {
  ok: 0,
  // Uneven luminescence: cells of lower current; IEA-PVPS T13-01:2014 §4 reports mismatch losses of a few percent.
  inequality: 0.03,
  // Cracks isolate cell areas; IEA-PVPS T13-01:2014 §4.2.1: losses below ~2.5 % at first, growing with inactive area.
  microcracks: 0.05,
  // Dead, open or unconnected: the module produces nothing.
  dead: 1,
  string_open: 1,
  not_connected: 1,
};

/**
 * Defect types whose loss is known better than their status says: a shorted or open
 * bypass diode takes one of the module's three sub-strings (1/3), PID is taken at the
 * 10 % of IEA-PVPS T13-09:2017's "PID, moderate", soiling at 2 % (a cleaning restores it).
 */
export const DEFECT_LOSS: Readonly<Partial<Record<DefectType, number>>> = {
  bypass_diode: 1 / 3,
  pid: 0.1,
  soiling: 0.02,
  shading: 0.02,
  vegetation: 0.02,
};

/** Thermography hot spots by IEC TS 62446-3 class of abnormality (CoA 1, 2, 3). */
export const HOT_SPOT_LOSS: Readonly<Record<1 | 2 | 3, number>> = { 1: 0.01, 2: 0.05, 3: 0.2 };

/** Yield used when a plant has none of its own: a mid value for France (PVGIS: 1,100–1,500 kWh/kWp/yr). */
export const DEFAULT_SPECIFIC_YIELD = 1200;

export interface LossInput {
  status: ModuleStatus;
  defectType: DefectType | null;
  iecClass: number | null;
}

/** The share of rated power a module with this finding loses: the larger of what its status and its defect say. */
export function lossShare({ status, defectType, iecClass }: LossInput): number {
  const byStatus = STATUS_LOSS[status];
  let byDefect = 0;
  if (defectType === 'hot_spot' && (iecClass === 1 || iecClass === 2 || iecClass === 3)) byDefect = HOT_SPOT_LOSS[iecClass];
  else if (defectType) byDefect = DEFECT_LOSS[defectType] ?? 0;
  return Math.max(byStatus, byDefect);
}

/** The repair a finding calls for: what a report ranks by money. */
export type RepairAction = 'replace_module' | 'reconnect_string' | 'reconnect_module' | 'replace_diode' | 'clean' | 'monitor';

export function repairAction({ status, defectType, iecClass }: LossInput): RepairAction {
  if (status === 'string_open') return 'reconnect_string';
  if (status === 'not_connected') return 'reconnect_module';
  if (defectType === 'bypass_diode') return 'replace_diode';
  if (defectType === 'soiling' || defectType === 'shading' || defectType === 'vegetation') return 'clean';
  if (status === 'dead' || defectType === 'pid' || (defectType === 'hot_spot' && iecClass === 3)) return 'replace_module';
  // Cracks, uneven cells, milder hot spots: watched at the next audit, replaced once they cost more.
  return 'monitor';
}
