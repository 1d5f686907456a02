// The domain vocabulary of SPEC §2: these names are used in code, in the database CHECK
// constraints (sql/migrations) and, translated, in the UI.

export const ROLES = ['admin', 'manager', 'technician', 'client'] as const;
export type Role = (typeof ROLES)[number];

export const SEVERITIES = ['info', 'warning', 'urgent'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const AUDIT_TYPES = ['el', 'thermography', 'iv', 'visual', 'insulation', 'diode', 'drone'] as const;
export type AuditType = (typeof AUDIT_TYPES)[number];

export const DEFECT_TYPES = [
  'microcrack', 'cell_inequality', 'dead_module', 'string_open', 'not_connected',
  'hot_spot', 'bypass_diode', 'pid', 'delamination', 'snail_trail', 'broken_glass',
  'burn_mark', 'backsheet', 'junction_box', 'connector', 'cable_damage', 'corrosion',
  'frame_damage', 'shading', 'soiling', 'vegetation', 'insulation_fault', 'other',
] as const;
export type DefectType = (typeof DEFECT_TYPES)[number];

export const PHOTO_CATEGORIES = ['el', 'ir', 'visual', 'context', 'closeup'] as const;
export type PhotoCategory = (typeof PHOTO_CATEGORIES)[number];

export const MOUNTINGS = ['ground', 'rooftop', 'carport', 'floating'] as const;
export type Mounting = (typeof MOUNTINGS)[number];

export const MODULE_TECHNOLOGIES = ['mono', 'poly', 'perc', 'topcon', 'hjt', 'ibc', 'cdte', 'cigs', 'other'] as const;
export type ModuleTechnology = (typeof MODULE_TECHNOLOGIES)[number];

/** What a cable carries (cables.kind, CHECK in 005_layout.sql). */
export const CABLE_KINDS = ['dc_string', 'dc_main', 'ac', 'earth', 'communication'] as const;
export type CableKind = (typeof CABLE_KINDS)[number];

export const REPORT_STATUSES = ['draft', 'validated', 'sent', 'archived'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

export const LOCALES = ['fr', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
