import { z } from 'zod';
import { AUDIT_TYPES } from '../vocabulary';
import { Uuid } from './common';

const time = z.iso.datetime({ offset: true });

export const MISSION_STATUSES = ['draft', 'planned', 'in_progress', 'done', 'cancelled'] as const;
export const AUDIT_STATUSES = ['planned', 'in_progress', 'done'] as const;
export const INTERVENTION_STATUSES = ['planned', 'done', 'cancelled'] as const;

export const PlantAudit = z.object({
  id: Uuid,
  auditType: z.enum(AUDIT_TYPES),
  status: z.enum(AUDIT_STATUSES),
  startedAt: time.nullable(),
  finishedAt: time.nullable(),
  modulesInspected: z.number().int(),
  openDefects: z.number().int(),
});
export type PlantAudit = z.infer<typeof PlantAudit>;

/** A plant's missions, newest first, with their technicians' slots and their audits. */
export const PlantHistory = z
  .object({
    missions: z.array(
      z.object({
        id: Uuid,
        reference: z.string(),
        title: z.string(),
        status: z.enum(MISSION_STATUSES),
        auditTypes: z.array(z.enum(AUDIT_TYPES)),
        plannedStart: time.nullable(),
        plannedEnd: time.nullable(),
        interventions: z.array(
          z.object({ id: Uuid, technician: z.string(), start: time, end: time, status: z.enum(INTERVENTION_STATUSES) }),
        ),
        audits: z.array(PlantAudit),
      }),
    ),
    audits: z.array(PlantAudit).describe('Every audit of the plant, newest first, missions or not'),
    reports: z.array(z.object({
      reportId: Uuid,
      title: z.string(),
      action: z.enum(['validated', 'sent', 'archived']),
      version: z.number().int().nullable(),
      actor: z.string().nullable(),
      at: time,
      recipients: z.array(z.string()),
    })).describe('Who validated (signed), sent and archived which report version, and when; newest first'),
  })
  .meta({ id: 'PlantHistory' });
export type PlantHistory = z.infer<typeof PlantHistory>;
