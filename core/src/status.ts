// The six module statuses and pending, with their fixed colours (SPEC §2). These colours
// are final: maps, legends, PDFs and the 3D view all read them from here.
import type { Severity } from './vocabulary';

export const MODULE_STATUSES = ['ok', 'inequality', 'microcracks', 'dead', 'string_open', 'not_connected'] as const;
export type ModuleStatus = (typeof MODULE_STATUSES)[number];

/** A module's status on a map: one of the six, or pending (not audited yet). */
export const MAP_STATUSES = [...MODULE_STATUSES, 'pending'] as const;
export type MapStatus = (typeof MAP_STATUSES)[number];

export const STATUS_COLORS: Readonly<Record<MapStatus, string>> = {
  ok: '#22c55e',
  inequality: '#eab308',
  microcracks: '#f97316',
  dead: '#ef4444',
  string_open: '#3b82f6',
  not_connected: '#374151',
  pending: '#e5e7eb',
};

/**
 * Defects by severity, on maps and in reports: one violet scale, a hue no status uses, so
 * that a defect marker is never read as a module status (issue 13: sky blue, amber and red
 * markers looked like string-open, microcrack and dead modules). Darker is more urgent.
 */
export const SEVERITY_COLORS: Readonly<Record<Severity, string>> = {
  info: '#a78bfa',
  warning: '#6d28d9',
  urgent: '#3b0764',
};

/**
 * Severity order used to derive a module's status from the worst of its open defects.
 * Mirrors status_rank() in sql/migrations/002_conventions.sql.
 */
export const STATUS_RANK: Readonly<Record<ModuleStatus, number>> = {
  ok: 0,
  inequality: 1,
  microcracks: 2,
  not_connected: 3,
  string_open: 4,
  dead: 5,
};

export function worstStatus(statuses: Iterable<ModuleStatus>): ModuleStatus {
  let worst: ModuleStatus = 'ok';
  for (const status of statuses) {
    if (STATUS_RANK[status] > STATUS_RANK[worst]) worst = status;
  }
  return worst;
}
