import { z } from 'zod';
import { AUDIT_TYPES } from '../vocabulary';
import { msg } from './message';
import { Uuid, optionalText } from './common';
import { MISSION_STATUSES } from './history';
import { Intervention } from './mission';

const time = z.iso.datetime({ offset: true });

export const CONFLICT_KINDS = ['overlap', 'unavailable', 'daylight', 'underbooked', 'travel', 'outside_day'] as const;
export type ConflictKind = (typeof CONFLICT_KINDS)[number];
export const UNAVAILABILITY_REASONS = ['leave', 'training', 'sick', 'other'] as const;

const endAfterStart = (s: { start?: string; end?: string }) => !s.start || !s.end || Date.parse(s.end) > Date.parse(s.start);
const periodError = { error: msg('e.mission_period'), path: ['end'] };

export const InterventionCreate = z
  .strictObject({ technicianId: Uuid, start: time, end: time, notes: optionalText(10_000) })
  .refine(endAfterStart, periodError)
  .meta({ id: 'InterventionCreate' });
export type InterventionCreate = z.infer<typeof InterventionCreate>;

export const InterventionUpdate = z
  .strictObject({ technicianId: Uuid, start: time, end: time, notes: optionalText(10_000) })
  .partial()
  .refine(endAfterStart, periodError)
  .meta({ id: 'InterventionUpdate' });

/** A slot to try before saving it: the board asks while a bar is dragged. */
export const PlanningCheck = z
  .strictObject({ missionId: Uuid, technicianId: Uuid, start: time, end: time, interventionId: Uuid.optional() })
  .refine(endAfterStart, periodError)
  .meta({ id: 'PlanningCheck' });
export type PlanningCheck = z.infer<typeof PlanningCheck>;

export const Conflict = z
  .object({
    kind: z.enum(CONFLICT_KINDS),
    /** Refused by the server (a draft's under-booking is only a warning). */
    blocking: z.boolean(),
    message: z.string(),
    field: z.string(),
    /** The other side: a mission, an unavailability. */
    otherId: Uuid.nullable(),
  })
  .meta({ id: 'Conflict' });
export type Conflict = z.infer<typeof Conflict>;

export const PlanningCheckResult = z.object({ conflicts: z.array(Conflict) }).meta({ id: 'PlanningCheckResult' });

export const BoardQuery = z.object({
  from: z.iso.date({ error: msg('v.date') }),
  to: z.iso.date({ error: msg('v.date') }),
  auditType: z.enum(AUDIT_TYPES).optional(),
  clientId: Uuid.optional(),
  region: z.string().trim().regex(/^[0-9AB]{2,3}$/i).optional().describe('French département (first digits of the plant’s postal code)'),
});
export type BoardQuery = z.infer<typeof BoardQuery>;

export const BoardMission = z.object({
  id: Uuid,
  reference: z.string(),
  title: z.string(),
  status: z.enum(MISSION_STATUSES),
  auditTypes: z.array(z.enum(AUDIT_TYPES)),
  plantId: Uuid,
  plantName: z.string(),
  clientName: z.string(),
  plannedStart: time.nullable(),
  plannedEnd: time.nullable(),
  estimatedHours: z.number().nullable(),
  bookedHours: z.number(),
  memberIds: z.array(Uuid),
});

export const Unavailability = z
  .object({
    id: Uuid,
    technicianId: Uuid,
    technician: z.string(),
    start: time,
    end: time,
    reason: z.enum(UNAVAILABILITY_REASONS),
    note: z.string().nullable(),
  })
  .meta({ id: 'Unavailability' });

export const UnavailabilityCreate = z
  .strictObject({
    technicianId: Uuid,
    start: time,
    end: time,
    reason: z.enum(UNAVAILABILITY_REASONS).optional(),
    note: optionalText(2000),
  })
  .refine(endAfterStart, periodError)
  .meta({ id: 'UnavailabilityCreate' });

export const Board = z
  .object({
    technicians: z.array(z.object({ id: Uuid, fullName: z.string(), role: z.string() })),
    interventions: z.array(Intervention),
    missions: z.array(BoardMission).describe('Missions with a slot in the period, and unbooked drafts and planned missions'),
    unavailability: z.array(Unavailability),
  })
  .meta({ id: 'Board' });
export type Board = z.infer<typeof Board>;

export const WeekQuery = z.object({ week: z.iso.date({ error: msg('v.date') }).describe('Any day of the week (Monday to Sunday)') });

export const WeekRoutes = z
  .object({
    days: z.array(
      z.object({
        day: z.iso.date(),
        routes: z.array(
          z.object({
            technicianId: Uuid,
            technician: z.string(),
            km: z.number(),
            stops: z.array(
              z.object({
                missionId: Uuid,
                reference: z.string(),
                plantId: Uuid,
                plantName: z.string(),
                lon: z.number(),
                lat: z.number(),
                start: time,
                end: time,
              }),
            ),
          }),
        ),
      }),
    ),
  })
  .meta({ id: 'WeekRoutes' });

export const CalendarFeedCreate = z
  .strictObject({ technicianId: Uuid.nullable().describe('null: the whole team'), label: optionalText(200) })
  .meta({ id: 'CalendarFeedCreate' });

export const CalendarFeed = z
  .object({
    id: Uuid,
    technicianId: Uuid.nullable(),
    technician: z.string().nullable(),
    label: z.string().nullable(),
    createdAt: time,
    lastPolledAt: time.nullable(),
    revokedAt: time.nullable(),
    url: z.string().optional().describe('Only in the answer to its creation: the token is not kept'),
  })
  .meta({ id: 'CalendarFeed' });

export const Notification = z
  .object({
    id: Uuid,
    kind: z.string(),
    missionId: Uuid.nullable(),
    params: z.record(z.string(), z.union([z.string(), z.number()])),
    message: z.string().describe('In the caller’s language'),
    createdAt: time,
    readAt: time.nullable(),
  })
  .meta({ id: 'Notification' });

export const NotificationList = z
  .object({ items: z.array(Notification), unread: z.number().int() })
  .meta({ id: 'NotificationList' });
export type NotificationList = z.infer<typeof NotificationList>;

/** What a browser's PushSubscription.toJSON() gives (W3C Push API), to subscribe this device. */
export const PushSubscriptionBody = z
  .object({
    endpoint: z.url({ protocol: /^https?$/, error: msg('v.push_endpoint') }).max(2000),
    expirationTime: z.number().nullable().optional(),
    keys: z.strictObject({
      p256dh: z.string().regex(/^[A-Za-z0-9_-]{86,88}={0,2}$/, { error: msg('v.push_p256dh') }),
      auth: z.string().regex(/^[A-Za-z0-9_-]{16,24}={0,2}$/, { error: msg('v.push_auth') }),
    }),
  })
  .meta({ id: 'PushSubscriptionBody' });
export type PushSubscriptionBody = z.infer<typeof PushSubscriptionBody>;

export const PushKey = z
  .object({ publicKey: z.string().nullable().describe('The server’s VAPID public key (applicationServerKey), base64url; null: push is not set up') })
  .meta({ id: 'PushKey' });
export type WeekRoutes = z.infer<typeof WeekRoutes>;
export type Unavailability = z.infer<typeof Unavailability>;
export type CalendarFeed = z.infer<typeof CalendarFeed>;
export type BoardMission = z.infer<typeof BoardMission>;
