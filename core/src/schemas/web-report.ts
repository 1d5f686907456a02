// The interactive web report (issue 18, docs/reports.md "The interactive web report"):
// its share links, the plant's timeline of audits, a module's history and the comparison
// of two audits. The statistics are AuditStatistics (./report.ts), the same as the PDF's.
import { z } from 'zod';
import { AUDIT_TYPES } from '../vocabulary';
import { MODULE_STATUSES } from '../status';
import { Uuid, optionalText } from './common';
import { msg } from './message';
import { COMPARISON_CHANGES } from './report';

export const SHARE_STATES = ['active', 'expired', 'revoked'] as const;

/** A share link's token: 32 random bytes in base64url after `cshr_` (anything else never reaches SQL). */
export const ShareToken = z.string().regex(/^cshr_[A-Za-z0-9_-]{43}$/, { error: msg('v.share_token') });

export const ReportShareCreate = z.strictObject({
  label: optionalText(200).describe('Who the link is for, shown in the list of links'),
  expiresInDays: z.number().int().min(1).max(365).default(30).describe('The link stops working after this many days'),
}).meta({ id: 'ReportShareCreate' });
export type ReportShareCreate = z.infer<typeof ReportShareCreate>;

export const ReportShare = z.object({
  id: Uuid,
  reportId: Uuid,
  plantId: Uuid,
  label: z.string(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  expiresAt: z.string(),
  revokedAt: z.string().nullable(),
  state: z.enum(SHARE_STATES),
}).meta({ id: 'ReportShare' });
export type ReportShare = z.infer<typeof ReportShare>;

export const ReportShareCreated = z.object({
  share: ReportShare,
  token: z.string().describe('Shown once: only its SHA-256 is kept'),
  path: z.string().describe('The web report of the link, relative to the web app: /shared/<token>'),
}).meta({ id: 'ReportShareCreated' });
export type ReportShareCreated = z.infer<typeof ReportShareCreated>;

/** What a share link opens, read before anything else by the page it leads to. */
export const SharedReport = z.object({
  plantId: Uuid,
  plantName: z.string(),
  reportId: Uuid,
  reportTitle: z.string(),
  expiresAt: z.string(),
}).meta({ id: 'SharedReport' });
export type SharedReport = z.infer<typeof SharedReport>;

const StatusCounts = z.object(Object.fromEntries(MODULE_STATUSES.map((s) => [s, z.number().int()])) as Record<(typeof MODULE_STATUSES)[number], z.ZodNumber>);

export const PlantTimeline = z.object({
  plantId: Uuid,
  audits: z.array(z.object({
    id: Uuid,
    auditType: z.enum(AUDIT_TYPES),
    at: z.string().describe('When it was done (finished, else started, else created)'),
    validated: z.boolean(),
    inspected: z.number().int(),
    byStatus: StatusCounts,
  })).describe('Oldest first; a client user and a share link see validated audits only'),
}).meta({ id: 'PlantTimeline' });
export type PlantTimeline = z.infer<typeof PlantTimeline>;

export const ModuleHistory = z.object({
  moduleId: Uuid,
  code: z.string(),
  audits: z.array(z.object({
    auditId: Uuid,
    auditType: z.enum(AUDIT_TYPES),
    at: z.string(),
    status: z.enum(MODULE_STATUSES).nullable().describe('Null: the audit did not inspect this module'),
  })),
}).meta({ id: 'ModuleHistory' });
export type ModuleHistory = z.infer<typeof ModuleHistory>;

export const AuditComparisonQuery = z.strictObject({ with: Uuid.describe('The earlier audit to compare with') });

export const AuditComparison = z.object({
  auditId: Uuid,
  otherAuditId: Uuid,
  counts: z.object(Object.fromEntries(COMPARISON_CHANGES.map((c) => [c, z.number().int()])) as Record<(typeof COMPARISON_CHANGES)[number], z.ZodNumber>),
  changes: z.array(z.object({
    id: Uuid,
    code: z.string(),
    status: z.enum(MODULE_STATUSES),
    previousStatus: z.enum(MODULE_STATUSES),
    change: z.enum(COMPARISON_CHANGES),
    geometry: z.object({ type: z.string(), coordinates: z.unknown() }),
  })).describe('Each module inspected by both whose status is not ok in either, by code'),
}).meta({ id: 'AuditComparison' });
export type AuditComparison = z.infer<typeof AuditComparison>;
