import { z } from 'zod';
import { AUDIT_TYPES, LOCALES } from '../vocabulary';
import { msg } from './message';
import { ListQuery, Timestamps, Uuid, optionalText, requiredText } from './common';
import { MISSION_STATUSES } from './history';

const time = z.iso.datetime({ offset: true });
export const MISSION_MAIL_STATUSES = ['queued', 'sending', 'sent', 'failed', 'not_configured'] as const;
export const MISSION_MAIL_KINDS = ['planned', 'changed', 'cancelled'] as const;

const ids = (max: number) => z.array(Uuid).max(max);

const missionFields = {
  reference: requiredText(64).optional().describe('Generated (OM-YYYY-NNN) when omitted'),
  title: requiredText(300),
  auditTypes: z.array(z.enum(AUDIT_TYPES)).min(1).max(AUDIT_TYPES.length).describe('Each creates its audit'),
  leadId: Uuid.nullable().optional(),
  technicianIds: ids(50).optional(),
  plannedStart: time.nullable().optional(),
  plannedEnd: time.nullable().optional(),
  estimatedHours: z.number().positive().max(10_000).nullable().optional(),
  safetyInstructions: optionalText(20_000).describe('Default: the texts of the audit types (and of roofs), in the caller’s language'),
  accessNotes: optionalText(20_000),
  notes: optionalText(20_000).describe('Internal notes: never shown to client users'),
  zoneIds: ids(500).optional().describe('Areas to inspect; none: the whole plant'),
  checklistTemplateIds: ids(50).optional(),
  planIds: ids(50).optional(),
};

const endAfterStart = (m: { plannedStart?: string | null; plannedEnd?: string | null }) =>
  !m.plannedStart || !m.plannedEnd || Date.parse(m.plannedEnd) > Date.parse(m.plannedStart);
const periodError = { error: msg('e.mission_period'), path: ['plannedEnd'] };

export const MissionCreate = z
  .strictObject({ plantId: Uuid, ...missionFields })
  .refine(endAfterStart, periodError)
  .meta({ id: 'MissionCreate' });
export type MissionCreate = z.infer<typeof MissionCreate>;

export const MissionUpdate = z
  .strictObject(missionFields)
  .partial()
  .refine(endAfterStart, periodError)
  .meta({ id: 'MissionUpdate' });
export type MissionUpdate = z.infer<typeof MissionUpdate>;

export const MissionStatusChange = z
  .strictObject({ status: z.enum(MISSION_STATUSES) })
  .meta({ id: 'MissionStatusChange' });

export const MissionListQuery = ListQuery.extend({
  plantId: Uuid.optional(),
  status: z.enum(MISSION_STATUSES).optional(),
  auditType: z.enum(AUDIT_TYPES).optional(),
  technicianId: Uuid.optional(),
});

export const MissionMember = z.object({
  userId: Uuid,
  fullName: z.string(),
  role: z.enum(['lead', 'technician']),
  locale: z.enum(LOCALES),
});

export const Intervention = z
  .object({
    id: Uuid,
    missionId: Uuid,
    technicianId: Uuid,
    technician: z.string(),
    start: time,
    end: time,
    status: z.enum(['planned', 'done', 'cancelled']),
    notes: z.string().nullable(),
  })
  .meta({ id: 'Intervention' });
export type Intervention = z.infer<typeof Intervention>;

export const Mission = z
  .object({
    id: Uuid,
    plantId: Uuid,
    plantName: z.string(),
    clientId: Uuid,
    clientName: z.string(),
    reference: z.string(),
    title: z.string(),
    auditTypes: z.array(z.enum(AUDIT_TYPES)),
    status: z.enum(MISSION_STATUSES),
    plannedStart: time.nullable(),
    plannedEnd: time.nullable(),
    estimatedHours: z.number().nullable(),
    safetyInstructions: z.string().nullable(),
    accessNotes: z.string().nullable(),
    notes: z.string().nullable().describe('null for client users'),
    zoneIds: z.array(Uuid),
    checklistTemplateIds: z.array(Uuid),
    planIds: z.array(Uuid),
    layoutSeq: z.number().int().nullable().describe('The plant’s layout edit the order relies on'),
    members: z.array(MissionMember),
    interventions: z.array(Intervention),
    audits: z.array(z.object({ id: Uuid, auditType: z.enum(AUDIT_TYPES), status: z.string() })),
    documentVersion: z.number().int().nullable().describe('Latest rendered mission order'),
    ...Timestamps,
  })
  .meta({ id: 'Mission' });
export type Mission = z.infer<typeof Mission>;

/** What a write answered besides the mission: whether its mails could go (SMTP configured). */
export const MissionWriteResult = Mission.extend({
  mail: z.object({ configured: z.boolean(), queued: z.number().int() }),
}).meta({ id: 'MissionWriteResult' });

export const MissionSummary = Mission.omit({ members: true, interventions: true, audits: true })
  .extend({ technicians: z.array(z.string()) })
  .meta({ id: 'MissionSummary' });

export const MissionEvent = z.object({
  kind: z.string(),
  fromStatus: z.string().nullable(),
  toStatus: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()),
  user: z.string().nullable(),
  at: time,
});

export const MissionDocument = z
  .object({ version: z.number().int(), locale: z.enum(LOCALES), sizeBytes: z.number().int(), pages: z.number().int().nullable(), createdAt: time })
  .meta({ id: 'MissionDocument' });

export const MissionMail = z
  .object({
    id: Uuid,
    user: z.string(),
    email: z.string(),
    kind: z.enum(MISSION_MAIL_KINDS),
    status: z.enum(MISSION_MAIL_STATUSES),
    documentVersion: z.number().int().nullable(),
    attempts: z.number().int(),
    error: z.string().nullable(),
    createdAt: time,
    sentAt: time.nullable(),
  })
  .meta({ id: 'MissionMail' });

export const MissionActivity = z
  .object({
    events: z.array(MissionEvent),
    documents: z.array(MissionDocument),
    mails: z.array(MissionMail).describe('Empty for client users'),
    mailConfigured: z.boolean(),
    ordersPrinted: z.boolean().describe('false: this server does not render mission order PDFs (PRINT_ORDERS=0)'),
  })
  .meta({ id: 'MissionActivity' });

/** The default safety text for these audit types on this mounting, to edit in the form. */
export const SafetyDefaultsQuery = z.object({
  auditTypes: z
    .string()
    .transform((s) => s.split(',').filter(Boolean))
    .pipe(z.array(z.enum(AUDIT_TYPES)).min(1)),
  plantId: Uuid.optional(),
});
export type MissionActivity = z.infer<typeof MissionActivity>;
export type MissionWriteResult = z.infer<typeof MissionWriteResult>;

/** What a mission form offers for a plant: its areas, the checklist templates and its plans. */
export const MissionChoices = z
  .object({
    zones: z.array(z.object({ id: Uuid, code: z.string(), name: z.string().nullable() })),
    checklistTemplates: z.array(z.object({ id: Uuid, name: z.string(), version: z.number().int(), auditTypes: z.array(z.enum(AUDIT_TYPES)) })),
    plans: z.array(z.object({ id: Uuid, name: z.string(), status: z.string() })),
  })
  .meta({ id: 'MissionChoices' });
export type MissionChoices = z.infer<typeof MissionChoices>;
