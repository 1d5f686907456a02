// The real-time protocol on a mission (docs/realtime.md): the payload of every event a
// client sends, checked by the server with these schemas; the envelopes it sends back;
// the users' colours. Shared by gis-server and the apps.
import { z } from 'zod';
import { Uuid } from './schemas/common';
import type { Role } from './vocabulary';

export const LOCK_TTL_MS = 60_000;
/** The apps mark a user idle after this long without input. */
export const IDLE_AFTER_MS = 120_000;

const lon = z.number().min(-180).max(180);
const lat = z.number().min(-85.0511287798).max(85.0511287798);

export const RT_CLIENT_EVENTS = {
  auth: z.object({ token: z.string().min(1).max(4096) }).strict(),
  'mission:join': z.object({ missionId: Uuid, since: z.number().int().min(0).optional() }).strict(),
  'mission:leave': z.object({ missionId: Uuid }).strict(),
  'plant:watch': z.object({ plantId: Uuid }).strict(),
  'plant:unwatch': z.object({ plantId: Uuid }).strict(),
  presence: z.object({ missionId: Uuid, state: z.enum(['active', 'idle']) }).strict(),
  position: z
    .object({ missionId: Uuid, lon, lat, accuracy: z.number().min(0).max(10_000), heading: z.number().min(0).max(360).nullable().optional() })
    .strict(),
  cursor: z.object({ missionId: Uuid, lon, lat }).strict(),
  'plant:cursor': z.object({ plantId: Uuid, lon, lat }).strict(),
  'lock:take': z.object({ missionId: Uuid, moduleId: Uuid }).strict(),
  'lock:renew': z.object({ missionId: Uuid, moduleId: Uuid }).strict(),
  'lock:release': z.object({ missionId: Uuid, moduleId: Uuid }).strict(),
  // Chat from a screen that does not sync (the back-office); the tablet pushes its messages.
  'chat:send': z
    .object({ missionId: Uuid, id: Uuid, body: z.string().max(4000), moduleId: Uuid.nullable().optional(), photoId: Uuid.nullable().optional() })
    .strict(),
  'chat:read': z.object({ missionId: Uuid, messageId: Uuid }).strict(),
} as const;

export type RtClientEvent = keyof typeof RT_CLIENT_EVENTS;
export type RtPayload<E extends RtClientEvent> = z.infer<(typeof RT_CLIENT_EVENTS)[E]>;

export const RT_ERROR_CODES = [
  'invalid', 'not_found', 'forbidden', 'not_joined', 'locked', 'unauthorized', 'rate_limited', 'unknown_event', 'server_error',
] as const;
export type RtErrorCode = (typeof RT_ERROR_CODES)[number];

export type RtAck<T = object> = ({ ok: true } & T) | { ok: false; code: RtErrorCode; field: string | null; message: string };

export type PresenceState = 'active' | 'idle' | 'offline';

export interface RtUser {
  userId: string;
  name: string;
  role: Role;
  colour: string;
}

export interface RtPresence extends RtUser {
  state: PresenceState;
  since: string;
}

export interface RtPosition {
  userId: string;
  lon: number;
  lat: number;
  accuracy: number;
  heading: number | null;
  at: string;
}

/** Another office user's mouse on a plant map (`plant:cursor`). */
export interface RtPlantCursor {
  plantId: string;
  userId: string;
  name: string;
  colour: string;
  lon: number;
  lat: number;
}

export interface RtLock {
  moduleId: string;
  holder: string;
  expiresAt: string;
}

export interface RtLiveDefect {
  id: string;
  moduleId: string | null;
  moduleCode: string | null;
  defectType: string;
  moduleStatus: string | null;
  severity: string;
  lon: number | null;
  lat: number | null;
  deleted: boolean;
}

export interface RtChatMessage {
  id: string;
  authorId: string;
  authorName: string;
  body: string;
  moduleId: string | null;
  moduleCode: string | null;
  photoId: string | null;
  sentAt: string;
}

export interface RtChatRead {
  userId: string;
  messageId: string;
  readAt: string;
}

export interface RtEventData {
  presence: RtPresence;
  lock: { moduleId: string; holder: string | null; expiresAt: string | null; reason: 'taken' | 'renewed' | 'released' | 'expired' | 'disconnected' };
  changes: {
    origin: 'push' | 'api';
    tables: string[];
    applied: number;
    conflicts: number;
    defects: RtLiveDefect[];
    modules: { auditId: string; moduleId: string; status: string }[];
    messages: RtChatMessage[];
  };
  read: RtChatRead;
}

export type RtEventType = keyof RtEventData;

/** What the server says about a mission, as the `event` event. */
export interface RtEnvelope<T extends RtEventType = RtEventType> {
  id: number;
  missionId: string;
  type: T;
  at: string;
  by: { userId: string; name: string; colour: string } | null;
  data: RtEventData[T];
}

export interface RtMissionState {
  lastEventId: number;
  members: (RtUser & { state: PresenceState })[];
  presence: RtPresence[];
  positions: RtPosition[];
  locks: RtLock[];
  /** The last 50 chat messages, oldest first, and how far each member has read. */
  chat: RtChatMessage[];
  reads: RtChatRead[];
  missed: RtEnvelope[];
  /** False when events after `since` were already dropped from the replay log. */
  complete: boolean;
}

/**
 * Eight colours far from the six module status colours (green, yellow, orange, red,
 * blue, dark grey) and from each other, so that a colleague's outline never reads as a status.
 */
export const USER_COLOURS = ['#8b5cf6', '#ec4899', '#06b6d4', '#84cc16', '#a16207', '#0f766e', '#c026d3', '#64748b'] as const;

/** A colour from the user's id (FNV-1a), the same everywhere: for those off the team (the server ranks the team's). */
export function userColour(userId: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < userId.length; i++) {
    hash ^= userId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return USER_COLOURS[hash % USER_COLOURS.length] as string;
}
