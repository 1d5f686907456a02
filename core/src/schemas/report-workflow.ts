import { z } from 'zod';
import { msg } from './message';
import { REPORT_STATUSES } from '../vocabulary';
import { Email, Uuid, optionalText } from './common';

// The workflow of a report after its draft (docs/report-workflow.md).

/** The drawn signature: a PNG data URL of at most about 500 kB. */
export const ReportValidate = z.strictObject({
  signature: z.string().max(700_000)
    .regex(/^data:image\/png;base64,[A-Za-z0-9+/]+={0,2}$/, { error: msg('v.png_data_url') })
    .describe('The diagnostician’s drawn signature: data:image/png;base64,…'),
}).meta({ id: 'ReportValidate' });

export const ReportSend = z.strictObject({
  recipients: z.array(Email).min(1).max(20).describe('Who receives the signed PDF'),
  attach: z.boolean().default(true).describe('The PDF attached (up to 15 MB); otherwise, or when larger, a link'),
  message: optionalText(4000).describe('A few words above the standard text'),
}).meta({ id: 'ReportSend' });

const Actor = z.string().nullable();

export const ReportVersion = z.object({
  version: z.number().int(),
  sha256: z.string(),
  sizeBytes: z.number().int(),
  draftSha256: z.string(),
  signedBy: Actor,
  signedAt: z.string(),
  certificateSubject: z.string(),
  /** The time-stamping authority's time and name (PAdES B-T), or null (B-B). */
  timestampedAt: z.string().nullable(),
  timestampAuthority: z.string().nullable(),
  sentAt: z.string().nullable(),
  sentTo: z.array(z.string()),
  archivedAt: z.string().nullable(),
  archivedBy: Actor,
});

export const ReportDetail = z.object({
  id: Uuid,
  plantId: Uuid,
  plantName: z.string(),
  clientName: z.string(),
  auditId: Uuid.nullable(),
  missionId: Uuid.nullable(),
  title: z.string(),
  language: z.enum(['fr', 'en']),
  status: z.enum(REPORT_STATUSES),
  draft: z.object({ sha256: z.string().nullable(), ready: z.boolean() }),
  validatedBy: Actor,
  validatedAt: z.string().nullable(),
  sentAt: z.string().nullable(),
  archivedAt: z.string().nullable(),
  createdAt: z.string(),
  versions: z.array(ReportVersion),
  history: z.array(z.object({
    action: z.enum(['validated', 'sent', 'archived']),
    version: z.number().int().nullable(),
    actor: Actor,
    at: z.string(),
    detail: z.record(z.string(), z.unknown()),
  })),
  mails: z.array(z.object({ email: z.string(), status: z.string(), version: z.number().int().nullable(), sentAt: z.string().nullable(), error: z.string().nullable() })),
  /** What the caller may do now. */
  can: z.object({ validate: z.boolean(), send: z.boolean(), archive: z.boolean() }),
}).meta({ id: 'ReportDetail' });

export type ReportDetail = z.infer<typeof ReportDetail>;
