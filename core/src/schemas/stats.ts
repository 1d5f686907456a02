import { z } from 'zod';
import { AUDIT_TYPES, DEFECT_TYPES, SEVERITIES } from '../vocabulary';
import { MAP_STATUSES, MODULE_STATUSES } from '../status';
import { Uuid } from './common';

const counts = <T extends readonly [string, ...string[]]>(keys: T) =>
  z.object(Object.fromEntries(keys.map((k) => [k, z.number().int()])) as Record<T[number], z.ZodNumber>);

export const StatusCounts = counts(MAP_STATUSES).meta({ id: 'StatusCounts', description: 'Modules per status' });
export type StatusCounts = z.infer<typeof StatusCounts>;

export const StatsQuery = z.object({
  clientId: Uuid.optional().describe('Only the plants of this client company'),
});

/** The back-office dashboard: what the caller may see, counted in the database. */
export const Stats = z
  .object({
    clients: z.number().int(),
    plants: z.number().int(),
    peakKwp: z.number().describe('Sum of the plants’ peak power, kWp'),
    modules: z.number().int(),
    modulesAudited: z.number().int().describe('Modules inspected by at least one audit'),
    modulesByStatus: StatusCounts,
    audits: z.object({ total: z.number().int(), done: z.number().int() }),
    auditsByType: z.array(z.object({ auditType: z.enum(AUDIT_TYPES), count: z.number().int() })),
    defects: z.object({
      open: z.number().int().describe('Open defects (not resolved, AI suggestions only once validated)'),
      byStatus: counts(MODULE_STATUSES).describe('Open defects per module status they imply'),
      bySeverity: counts(SEVERITIES),
      byType: z.array(z.object({ defectType: z.enum(DEFECT_TYPES), count: z.number().int() })),
    }),
  })
  .meta({ id: 'Stats' });
export type Stats = z.infer<typeof Stats>;
