// The audit API (issue 16): audits of a mission, module results, defects, photos,
// checklist responses, as the office and the client viewer read and edit them.
import { z } from 'zod';
import { msg } from './message';
import { Uuid, optionalText } from './common';
import { AUDIT_TYPES, DEFECT_TYPES, PHOTO_CATEGORIES, SEVERITIES } from '../vocabulary';
import { MODULE_STATUSES } from '../status';
import { SyncPoint } from '../sync/tables';

const Time = z.iso.datetime({ offset: true, error: msg('v.datetime') });
const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, { error: msg('v.sha256') });
export const TARGET_KINDS = ['module', 'string', 'inverter', 'junction_box', 'cable', 'point'] as const;
export const DEFECT_REVIEWS = ['accepted', 'corrected', 'rejected'] as const;
export const FILE_STATES = ['present', 'preview', 'pending'] as const;

export const AuditCounts = z.object({
  /** Live modules of the plant (for audit types done module by module). */
  modules: z.number().int(),
  inspected: z.number().int(),
  defects: z.number().int(),
  photos: z.number().int(),
  photosPending: z.number().int(),
});

export const Audit = z
  .object({
    id: Uuid,
    missionId: Uuid.nullable(),
    plantId: Uuid,
    plantName: z.string(),
    auditType: z.enum(AUDIT_TYPES),
    status: z.enum(['planned', 'in_progress', 'done']),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
    conditions: z.record(z.string(), z.unknown()),
    performedBy: z.string().nullable(),
    validatedAt: z.string().nullable(),
    validatedBy: z.string().nullable(),
    counts: AuditCounts,
    revision: z.number().int(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Audit' });
export type Audit = z.infer<typeof Audit>;

export const AuditCreate = z.object({ auditType: z.enum(AUDIT_TYPES) }).strict().meta({ id: 'AuditCreate' });
export const AuditUpdate = z
  .object({
    status: z.enum(['planned', 'in_progress', 'done']).optional(),
    startedAt: Time.nullable().optional(),
    finishedAt: Time.nullable().optional(),
    /** Measurement conditions, merged key by key (a null value clears a key). */
    conditions: z.record(z.string().regex(/^[\w-]{1,100}$/), z.unknown()).optional(),
  })
  .strict()
  .meta({ id: 'AuditUpdate' });
export const AuditValidation = z.object({ validated: z.boolean() }).strict().meta({ id: 'AuditValidation' });

export const AuditModule = z
  .object({
    moduleId: Uuid,
    code: z.string(),
    status: z.enum(MODULE_STATUSES),
    inspectedAt: z.string(),
    inspectedBy: z.string().nullable(),
  })
  .meta({ id: 'AuditModule' });
export const AuditModulePage = z
  .object({ items: z.array(AuditModule), next: z.string().nullable() })
  .meta({ id: 'AuditModulePage' });
export type AuditModulePage = z.infer<typeof AuditModulePage>;
export const AuditModulesQuery = z.object({
  after: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(5000).default(1000),
});
export const AuditModulePut = z.object({ inspectedAt: Time.optional() }).strict().meta({ id: 'AuditModulePut' });

export const PhotoSummary = z.object({
  id: Uuid,
  category: z.enum(PHOTO_CATEGORIES),
  caption: z.string().nullable(),
  fileState: z.enum(FILE_STATES),
});

export const Defect = z
  .object({
    id: Uuid,
    auditId: Uuid,
    plantId: Uuid,
    targetKind: z.enum(TARGET_KINDS),
    moduleId: Uuid.nullable(),
    moduleCode: z.string().nullable(),
    targetId: Uuid.nullable(),
    defectType: z.enum(DEFECT_TYPES),
    moduleStatus: z.enum(MODULE_STATUSES),
    severity: z.enum(SEVERITIES),
    iecClass: z.number().int().nullable(),
    deltaTC: z.number().nullable(),
    description: z.string().nullable(),
    hasVoiceNote: z.boolean(),
    geom: z.object({ type: z.literal('Point'), coordinates: z.array(z.number()) }),
    gpsAccuracyM: z.number().nullable(),
    author: z.string().nullable(),
    observedAt: z.string(),
    resolvedAt: z.string().nullable(),
    resolutionNote: z.string().nullable(),
    source: z.enum(['manual', 'ai']),
    aiConfidence: z.number().nullable(),
    review: z.enum(DEFECT_REVIEWS).nullable(),
    reviewNote: z.string().nullable(),
    reviewedAt: z.string().nullable(),
    reviewedBy: z.string().nullable(),
    photos: z.array(PhotoSummary),
    revision: z.number().int(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Defect' });
export type Defect = z.infer<typeof Defect>;

const defectFields = {
  targetKind: z.enum(TARGET_KINDS),
  moduleId: Uuid.nullable(),
  targetId: Uuid.nullable(),
  defectType: z.enum(DEFECT_TYPES),
  moduleStatus: z.enum(MODULE_STATUSES),
  severity: z.enum(SEVERITIES),
  iecClass: z.number().int().min(1).max(3).nullable(),
  deltaTC: z.number().min(-100).max(500).nullable(),
  description: optionalText(10_000),
  geom: SyncPoint,
  gpsAccuracyM: z.number().min(0).max(100_000).nullable(),
  observedAt: Time,
  resolvedAt: Time.nullable(),
  resolutionNote: optionalText(10_000),
};
export const DefectCreate = z
  .object({
    id: Uuid.optional(),
    ...defectFields,
    targetKind: defectFields.targetKind.optional(),
    moduleId: defectFields.moduleId.optional(),
    targetId: defectFields.targetId.optional(),
    iecClass: defectFields.iecClass.optional(),
    deltaTC: defectFields.deltaTC.optional(),
    gpsAccuracyM: defectFields.gpsAccuracyM.optional(),
    observedAt: defectFields.observedAt.optional(),
    resolvedAt: defectFields.resolvedAt.optional(),
  })
  .strict()
  .meta({ id: 'DefectCreate' });
export const DefectUpdate = z
  .object(Object.fromEntries(Object.entries(defectFields).map(([k, v]) => [k, (v as z.ZodType).optional()])) as {
    [K in keyof typeof defectFields]: z.ZodOptional<(typeof defectFields)[K]>;
  })
  .strict()
  .meta({ id: 'DefectUpdate' });
export const DefectReview = z
  .object({ decision: z.enum(['accepted', 'rejected']), note: optionalText(2000) })
  .strict()
  .meta({ id: 'DefectReview' });
export const DefectsQuery = z.object({
  severity: z.enum(SEVERITIES).optional(),
  review: z.enum([...DEFECT_REVIEWS, 'none']).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
});

export const Photo = z
  .object({
    id: Uuid,
    missionId: Uuid.nullable(),
    auditId: Uuid.nullable(),
    defectId: Uuid.nullable(),
    moduleId: Uuid.nullable(),
    category: z.enum(PHOTO_CATEGORIES),
    sha256: z.string(),
    filename: z.string().nullable(),
    mimeType: z.string(),
    sizeBytes: z.number().int(),
    width: z.number().int().nullable(),
    height: z.number().int().nullable(),
    takenAt: z.string().nullable(),
    geom: z.object({ type: z.literal('Point'), coordinates: z.array(z.number()) }).nullable(),
    gpsSource: z.enum(['exif', 'device', 'manual']).nullable(),
    caption: z.string().nullable(),
    author: z.string().nullable(),
    fileState: z.enum(FILE_STATES),
    url: z.string(),
    createdAt: z.string(),
  })
  .meta({ id: 'Photo' });
export type Photo = z.infer<typeof Photo>;

export const PhotoCreate = z
  .object({
    id: Uuid.optional(),
    defectId: Uuid.nullable().optional(),
    moduleId: Uuid.nullable().optional(),
    category: z.enum(PHOTO_CATEGORIES),
    sha256: Sha256,
    filename: optionalText(255),
    mimeType: z.string().regex(/^[\w.+-]+\/[\w.+-]+$/).max(127),
    sizeBytes: z.number().int().min(0),
    takenAt: Time.nullable().optional(),
    geom: SyncPoint.nullable().optional(),
    caption: optionalText(2000),
  })
  .strict()
  .meta({ id: 'PhotoCreate' });
export const PhotoUpdate = z
  .object({
    caption: optionalText(2000),
    category: z.enum(PHOTO_CATEGORIES).optional(),
    defectId: Uuid.nullable().optional(),
    moduleId: Uuid.nullable().optional(),
  })
  .strict()
  .meta({ id: 'PhotoUpdate' });

export const ChecklistResponse = z
  .object({
    id: Uuid,
    missionId: Uuid,
    templateId: Uuid,
    templateName: z.string(),
    sections: z.array(z.unknown()),
    answers: z.record(z.string(), z.unknown()),
    validatedSections: z.array(z.string()),
    author: z.string().nullable(),
    updatedAt: z.string(),
  })
  .meta({ id: 'ChecklistResponse' });
export const ChecklistResponseCreate = z
  .object({
    templateId: Uuid,
    answers: z.record(z.string().regex(/^[\w-]{1,100}$/), z.unknown()).optional(),
    validatedSections: z.array(z.string().min(1).max(100)).max(200).optional(),
  })
  .strict()
  .meta({ id: 'ChecklistResponseCreate' });
export const ChecklistResponseUpdate = ChecklistResponseCreate.omit({ templateId: true }).meta({ id: 'ChecklistResponseUpdate' });

/** What keeps a mission from being marked done (issue 16): each list empty when complete. */
export const MissionIntegrity = z
  .object({
    complete: z.boolean(),
    modulesWithoutResult: z.array(z.object({ auditId: Uuid, auditType: z.enum(AUDIT_TYPES), count: z.number().int(), sample: z.array(z.string()) })),
    nonConformitiesWithoutPhoto: z.array(z.object({ responseId: Uuid, template: z.string(), fieldId: z.string() })),
    photosWithoutFile: z.array(z.object({ id: Uuid, sha256: z.string(), filename: z.string().nullable() })),
  })
  .meta({ id: 'MissionIntegrity' });
export type MissionIntegrity = z.infer<typeof MissionIntegrity>;

/** Modules done out of modules, and open defects by severity: one zone's, or the team's. */
const ProgressCount = z.object({
  /** Modules counted (whose centre lies in the zone, for a zone). */
  modules: z.number().int(),
  /** Modules with a result in every module-by-module audit of the mission. */
  done: z.number().int(),
  defects: z.record(z.enum(SEVERITIES), z.number().int()),
});

/**
 * A mission's progress (issue 17): the team's, each work zone's (drawn by the lead and given
 * to technicians) and each member's, from the results and defects recorded so far.
 */
export const MissionProgress = z
  .object({
    /** The audits whose results are counted (EL, thermography, visual, drone: module by module). */
    audits: z.array(z.object({ id: Uuid, auditType: z.enum(AUDIT_TYPES) })),
    team: ProgressCount,
    zones: z.array(ProgressCount.extend({
      id: Uuid,
      name: z.string(),
      assignees: z.array(z.object({ userId: Uuid, name: z.string() })),
      /** [west, south, east, north] in EPSG:4326. */
      bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]),
      geometry: z.object({ type: z.literal('Polygon'), coordinates: z.array(z.array(z.array(z.number()))) }),
    })),
    /** Modules in no zone. */
    outside: ProgressCount.omit({ defects: true }),
    people: z.array(z.object({
      userId: Uuid, name: z.string(), role: z.enum(['lead', 'technician']),
      /** Module results this member recorded, and defects they found, in this mission. */
      results: z.number().int(), defects: z.number().int(),
      zones: z.array(Uuid),
    })),
  })
  .meta({ id: 'MissionProgress' });
export type MissionProgress = z.infer<typeof MissionProgress>;
