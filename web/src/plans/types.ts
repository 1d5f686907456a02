// The plans API's types, from core's zod schemas (docs/plans.md).
import type { z } from 'zod';
import type { Job as JobSchema, PlanAccepted as PlanAcceptedSchema, PlanFit as PlanFitSchema, PlanFitRequest, PlanPatch as PlanPatchSchema } from '@calepin/core';

export type { Plan, PlanControlPoint } from '@calepin/core';
export type Job = z.infer<typeof JobSchema>;
export type PlanAccepted = z.infer<typeof PlanAcceptedSchema>;
export type PlanFit = z.infer<typeof PlanFitSchema>;
export type PlanPatch = z.infer<typeof PlanPatchSchema>;
export type GeorefBody = PlanFitRequest;
