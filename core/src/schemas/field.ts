// What the field app asks the server besides sync (issue 15): its missions and their packages.
import { z } from 'zod';
import { AUDIT_TYPES } from '../vocabulary';
import { Uuid } from './common';

export const FieldMission = z
  .object({
    id: Uuid,
    reference: z.string(),
    title: z.string(),
    status: z.enum(['draft', 'planned', 'in_progress', 'done', 'cancelled']),
    auditTypes: z.array(z.enum(AUDIT_TYPES)),
    plannedStart: z.string().nullable(),
    plannedEnd: z.string().nullable(),
    plant: z.object({ id: Uuid, name: z.string(), city: z.string().nullable(), modules: z.number().int() }),
    /** The caller is on the mission's team (technicians push only to those). */
    member: z.boolean(),
  })
  .meta({ id: 'FieldMission' });
export type FieldMission = z.infer<typeof FieldMission>;

export const FieldMissionList = z.object({ items: z.array(FieldMission) }).meta({ id: 'FieldMissionList' });

export const MissionPackage = z
  .object({
    id: Uuid,
    missionId: Uuid,
    /** Bytes of the GeoPackage. */
    size: z.number().int(),
    createdAt: z.string(),
    /** The plant's layout revision read into the package (null when the server keeps none). */
    layoutRevision: z.string().nullable(),
    plans: z.number().int(),
    /** Where to download it (Range requests allowed; kept 24 hours). */
    url: z.string(),
  })
  .meta({ id: 'MissionPackage' });
export type MissionPackage = z.infer<typeof MissionPackage>;
