import { z } from 'zod';
import { MODULE_STATUSES } from '../status';
import { DEFECT_TYPES, SEVERITIES } from '../vocabulary';
import { Uuid, singleLine } from './common';

// The importer of the current platform's EL export (docs/import-diagpv.md).

/** At most 20 MB of SQL text: the real export of 462 results is 120 kB. */
export const MAX_DIAGPV_FILE_CHARS = 20_000_000;

export const DiagpvFile = z.strictObject({
  filename: singleLine(z.string().trim().max(255)).optional(),
  content: z.string().min(1).max(MAX_DIAGPV_FILE_CHARS).describe('The SQL text of the export (read as data, never executed)'),
}).meta({ id: 'DiagpvFile' });

export const DiagpvPlacement = z.strictObject({
  project: z.string().trim().min(1).max(200).describe('The project name in the export, e.g. JALIBAT'),
  location: z.tuple([z.number().min(-180).max(180), z.number().min(-85).max(85)])
    .describe('Where the grid goes: longitude, latitude (EPSG:4326) of its centre; the user then moves and rotates it'),
  azimuthDeg: z.number().min(0).lt(360).default(180).describe('Direction the modules face; 180 = south'),
});

export const DiagpvImport = DiagpvFile.extend({
  placements: z.array(DiagpvPlacement).max(1000).default([])
    .describe('One per new plant (or plant without modules) of the file'),
}).meta({ id: 'DiagpvImport' });

const count = z.number().int();
const StatusCounts = z.object({ ok: count, inequality: count, microcracks: count, dead: count, string_open: count, not_connected: count });

export const DiagpvPreview = z.object({
  sha256: z.string(),
  clients: z.array(z.object({ name: z.string(), existingId: Uuid.nullable() })),
  plants: z.array(z.object({
    project: z.string(),
    client: z.string(),
    address: z.string().nullable(),
    existingId: Uuid.nullable(),
    existingModules: z.number().int(),
    /** new_grid: a layout is made from the physical rows and columns; match_codes: results go to the plant's modules of the same code. */
    layout: z.enum(['new_grid', 'match_codes']),
    rows: z.number().int(),
    columns: z.number().int(),
    matched: z.number().int(),
    unmatched: z.array(z.string()),
    needsLocation: z.boolean(),
  })),
  audits: z.array(z.object({
    token: z.string(),
    project: z.string(),
    date: z.string().nullable(),
    modules: z.number().int(),
    strings: z.number().int(),
    comments: z.number().int(),
    byStatus: StatusCounts,
    existingId: Uuid.nullable(),
  })),
  mapping: z.array(z.object({
    from: z.string(),
    defectType: z.enum(DEFECT_TYPES).nullable(),
    status: z.enum(MODULE_STATUSES),
    count: z.number().int(),
  })),
  severities: z.array(z.object({ from: z.number().int(), severity: z.enum(SEVERITIES), count: z.number().int() })),
  warnings: z.array(z.string()),
}).meta({ id: 'DiagpvPreview' });

export const DiagpvImported = z.object({
  clients: z.array(z.object({ name: z.string(), id: Uuid, created: z.boolean() })),
  plants: z.array(z.object({ project: z.string(), id: Uuid, created: z.boolean(), modulesCreated: z.number().int() })),
  audits: z.array(z.object({
    token: z.string(), id: Uuid, created: z.boolean(), results: z.number().int(), defects: z.number().int(),
  })),
}).meta({ id: 'DiagpvImported' });

export type DiagpvPreview = z.infer<typeof DiagpvPreview>;
export type DiagpvImported = z.infer<typeof DiagpvImported>;
export type DiagpvImport = z.infer<typeof DiagpvImport>;
