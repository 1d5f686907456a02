import { z } from 'zod';
import { AUDIT_TYPES, DEFECT_TYPES, PHOTO_CATEGORIES, SEVERITIES } from '../vocabulary';
import { MAP_STATUSES, MODULE_STATUSES } from '../status';
import { Uuid } from './common';
import { Bbox, Geometry } from './geojson';
import { StatusCounts } from './stats';

// What the plant map needs besides its vector tiles: legend counts, module search, the
// side panel of one module, and the inverters and strings to filter by.

const statusList = z
  .string()
  .transform((s, ctx) => {
    const parts = s.split(',').map((p) => p.trim()).filter(Boolean);
    const known = new Set<string>(MAP_STATUSES);
    if (parts.length === 0 || parts.some((p) => !known.has(p))) {
      ctx.addIssue({ code: 'custom', message: 'v.status_list' });
      return z.NEVER;
    }
    return parts as (typeof MAP_STATUSES)[number][];
  })
  .describe(`Comma-separated statuses among ${MAP_STATUSES.join(', ')}`);

export const MapFilterQuery = z.object({
  audit: Uuid.optional().describe('Statuses as one audit found them (modules it did not inspect are pending)'),
  inverter: Uuid.optional(),
  string: Uuid.optional(),
  status: statusList.optional(),
});
export type MapFilterQuery = z.infer<typeof MapFilterQuery>;

export const PlantStatusCounts = z
  .object({ total: z.number().int(), counts: StatusCounts, audit: Uuid.nullable() })
  .meta({ id: 'PlantStatusCounts' });
export type PlantStatusCounts = z.infer<typeof PlantStatusCounts>;

export const ModuleSearchQuery = z.object({
  q: z.string().trim().min(1).max(64).describe('A module code, or its beginning (case-insensitive)'),
  limit: z.coerce.number().int().min(1).max(50).default(10),
  audit: Uuid.optional(),
});

export const ModuleHit = z
  .object({
    id: Uuid,
    code: z.string(),
    status: z.enum(MAP_STATUSES),
    stringCode: z.string().nullable(),
    inverterCode: z.string().nullable(),
    bbox: Bbox,
  })
  .meta({ id: 'ModuleHit' });
export type ModuleHit = z.infer<typeof ModuleHit>;

export const ModuleHits = z
  .object({ items: z.array(ModuleHit), exact: z.boolean().describe('The first item has exactly the code asked for') })
  .meta({ id: 'ModuleHits' });
export type ModuleHits = z.infer<typeof ModuleHits>;

export const ModuleDetailQuery = z.object({ audit: Uuid.optional() });

export const DefectPhoto = z.object({
  id: Uuid,
  category: z.enum(PHOTO_CATEGORIES),
  caption: z.string().nullable(),
  filename: z.string().nullable(),
  takenAt: z.iso.datetime({ offset: true }).nullable(),
  url: z.string().describe('Where the original file is served (authenticated)'),
});

export const ModuleDefect = z.object({
  id: Uuid,
  auditId: Uuid,
  auditType: z.enum(AUDIT_TYPES),
  defectType: z.enum(DEFECT_TYPES),
  moduleStatus: z.enum(MODULE_STATUSES),
  severity: z.enum(SEVERITIES),
  iecClass: z.number().int().nullable(),
  deltaTC: z.number().nullable(),
  description: z.string().nullable(),
  observedAt: z.iso.datetime({ offset: true }),
  resolvedAt: z.iso.datetime({ offset: true }).nullable(),
  photos: z.array(DefectPhoto),
});
export type ModuleDefect = z.infer<typeof ModuleDefect>;

export const ModuleDetail = z
  .object({
    id: Uuid,
    plantId: Uuid,
    code: z.string(),
    status: z.enum(MAP_STATUSES),
    audit: Uuid.nullable().describe('The audit the status is from, when asked for one'),
    string: z.object({ id: Uuid, code: z.string() }).nullable(),
    positionInString: z.number().int().nullable(),
    inverter: z.object({ id: Uuid, code: z.string() }).nullable(),
    tableCode: z.string().nullable(),
    model: z
      .object({ id: Uuid, manufacturer: z.string(), model: z.string(), powerWp: z.number() })
      .nullable(),
    geometry: Geometry,
    bbox: Bbox,
    defects: z.array(ModuleDefect).describe('Every defect on this module, newest first (of the audit when asked)'),
  })
  .meta({ id: 'ModuleDetail' });
export type ModuleDetail = z.infer<typeof ModuleDetail>;

export const MapInverters = z
  .object({ items: z.array(z.object({ id: Uuid, code: z.string(), stringCount: z.number().int() })) })
  .meta({ id: 'MapInverters' });
export type MapInverters = z.infer<typeof MapInverters>;

export const MapStringsQuery = z.object({
  inverter: Uuid.optional(),
  q: z.string().trim().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(2000).default(500),
});

export const MapStrings = z
  .object({
    items: z.array(z.object({ id: Uuid, code: z.string(), inverterId: Uuid.nullable(), moduleCount: z.number().int() })),
    total: z.number().int(),
  })
  .meta({ id: 'MapStrings' });
export type MapStrings = z.infer<typeof MapStrings>;

/** The strings a map filter keeps: one inverter's, or one string. */
export const MapSelectionQuery = z
  .object({ inverter: Uuid.optional(), string: Uuid.optional() })
  .refine((q) => q.inverter !== undefined || q.string !== undefined, {
    message: 'give inverter or string', path: ['inverter'],
  });

/** Their outline and extent: drawn over the faded plant at every zoom, and flown to. */
export const MapSelection = z
  .object({
    outline: Geometry.nullable().describe('the union of the strings’ outlines (null: no string has modules yet)'),
    bbox: Bbox.nullable(),
    strings: z.number().int(),
  })
  .meta({ id: 'MapSelection' });
export type MapSelection = z.infer<typeof MapSelection>;
