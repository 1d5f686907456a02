// The audit statistics (issue 18) and the report rows: what GET /audits/{id}/statistics
// answers and what the PDF prints, one shape for both.
import { z } from 'zod';
import { AUDIT_TYPES, DEFECT_TYPES, REPORT_STATUSES, SEVERITIES } from '../vocabulary';
import { MODULE_STATUSES } from '../status';
import { Uuid } from './common';

const Rate = z.object({
  id: Uuid,
  code: z.string(),
  audited: z.number().int(),
  defective: z.number().int().describe('Modules with another status than ok'),
  rate: z.number().describe('defective / audited'),
});

const HotSpot = Rate.extend({
  z: z.number().describe('Getis-Ord Gi* z-score'),
  p: z.number().describe('Two-sided p-value'),
  kind: z.enum(['hot99', 'hot95', 'cold99', 'cold95', 'none']),
});

const Place = z.enum(['bottom', 'top', 'end', 'inner']);

export const REPAIR_ACTIONS = ['replace_module', 'reconnect_string', 'reconnect_module', 'replace_diode', 'clean', 'monitor'] as const;
export const COMPARISON_CHANGES = ['new', 'persisting', 'worsened', 'improved', 'repaired'] as const;

export const AuditStatistics = z
  .object({
    auditId: Uuid,
    plantId: Uuid,
    auditType: z.enum(AUDIT_TYPES),
    modules: z.object({
      audited: z.number().int(),
      defective: z.number().int(),
      byStatus: z.object(Object.fromEntries(MODULE_STATUSES.map((s) => [s, z.number().int()])) as Record<(typeof MODULE_STATUSES)[number], z.ZodNumber>),
    }),
    defects: z.object({
      total: z.number().int().describe('Open defects of the audit'),
      bySeverity: z.object(Object.fromEntries(SEVERITIES.map((s) => [s, z.number().int()])) as Record<(typeof SEVERITIES)[number], z.ZodNumber>),
      byType: z.array(z.object({ defectType: z.enum(DEFECT_TYPES), count: z.number().int() })),
    }),
    rates: z.object({ table: z.array(Rate), string: z.array(Rate), inverter: z.array(Rate), zone: z.array(Rate) }),
    clustering: z.object({
      bandMetres: z.number().describe('Tables closer than this, edge to edge, are neighbours'),
      moran: z.object({ i: z.number(), expected: z.number(), z: z.number(), p: z.number() }).nullable()
        .describe('Global Moran’s I of the tables’ defect rates; null when undefined (no variance, under 3 tables)'),
      tables: z.array(HotSpot).describe('Getis-Ord Gi* per audited table'),
    }),
    rows: z.array(z.object({ place: Place, audited: z.number().int(), defective: z.number().int(), rate: z.number(), z: z.number().describe('Two-proportion z against the inner modules') })),
    comparison: z.object({
      previousAuditId: Uuid,
      previousAuditType: z.enum(AUDIT_TYPES),
      previousAt: z.string(),
      counts: z.object(Object.fromEntries(COMPARISON_CHANGES.map((c) => [c, z.number().int()])) as Record<(typeof COMPARISON_CHANGES)[number], z.ZodNumber>),
    }).nullable(),
    losses: z.object({
      tariffEurPerKwh: z.number().nullable(),
      specificYieldKwhPerKwp: z.number(),
      yieldIsDefault: z.boolean(),
      lostKwp: z.number(),
      lostKwhPerYear: z.number(),
      lostEurPerYear: z.number().nullable(),
      byAction: z.array(z.object({ action: z.enum(REPAIR_ACTIONS), modules: z.number().int(), lostKwp: z.number(), eurPerYear: z.number().nullable() })),
      repairs: z.array(z.object({
        moduleId: Uuid, code: z.string(), stringCode: z.string().nullable(), inverterCode: z.string().nullable(),
        status: z.enum(MODULE_STATUSES), defectType: z.enum(DEFECT_TYPES).nullable(), action: z.enum(REPAIR_ACTIONS),
        lostW: z.number(), kwhPerYear: z.number(), eurPerYear: z.number().nullable(),
      })).describe('The repairs ranked by €/year (kWh/year without a tariff); at most 500'),
    }),
  })
  .meta({ id: 'AuditStatistics' });
export type AuditStatistics = z.infer<typeof AuditStatistics>;


export const Report = z
  .object({
    id: Uuid,
    plantId: Uuid,
    auditId: Uuid.nullable(),
    missionId: Uuid.nullable(),
    title: z.string(),
    language: z.enum(['fr', 'en']),
    status: z.enum(REPORT_STATUSES),
    auditType: z.enum(AUDIT_TYPES).nullable(),
    sha256: z.string().nullable(),
    hasPdf: z.boolean(),
    pages: z.number().int().nullable(),
    sizeBytes: z.number().int().nullable(),
    renderedAt: z.string().nullable(),
    jobId: Uuid.nullable(),
    withPlans: z.boolean().describe('The status maps draw the plant’s georeferenced plans under the layout'),
    mapPages: z.enum(['inverter', 'zone']).describe('One detail map page per inverter or per zone'),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Report' });
export type Report = z.infer<typeof Report>;

export const ReportCreate = z
  .object({
    language: z.enum(['fr', 'en']).optional().describe('Default: the caller’s language'),
    title: z.string().trim().min(1).max(300).optional(),
    withPlans: z.boolean().optional().describe('Draw the plant’s georeferenced plans under the status maps (default: no)'),
    mapPages: z.enum(['inverter', 'zone']).optional().describe('One detail map page per inverter (default) or per zone (the modules of its tables); zone needs a plant with zones'),
  })
  .strict()
  .meta({ id: 'ReportCreate' });

const Text = z.string().max(20_000);
const Bilingual = z.object({ fr: Text.optional(), en: Text.optional() }).strict();

export const ReportSections = z
  .object({
    summary: Bilingual.optional().describe('Replaces the generated summary paragraph'),
    recommendations: z.partialRecord(z.enum(DEFECT_TYPES), Bilingual).optional().describe('Per defect type; replaces the default text'),
  })
  .strict()
  .meta({ id: 'ReportSections' });
export type ReportSections = z.infer<typeof ReportSections>;
