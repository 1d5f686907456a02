// The short-lived state of live missions (docs/realtime.md §7), behind one interface:
// Redis when there are several instances (store-redis.ts), memory for one alone
// (store-memory.ts). Nothing here is data: losing it loses no work.
import type { RtEnvelope, RtLock, RtPosition, RtPresence } from '@calepin/core';

/** The replay log of a mission: its last events, kept this long after the last one. */
export const LOG_LENGTH = 500;
export const LOG_TTL_MS = 30 * 60_000;
export const POSITION_TTL_MS = 10 * 60_000;
export const STATE_TTL_MS = 24 * 3_600_000;

export interface Missed {
  events: RtEnvelope[];
  lastEventId: number;
  /** False when events after `since` were already dropped from the log. */
  complete: boolean;
}

export interface LockResult {
  taken: boolean;
  /** The lock as it stands: the caller's, or the other holder's. */
  lock: RtLock;
  /** The caller already held it (a take that renews). */
  renewed: boolean;
}

export interface RtStore {
  /** Gives the event the mission's next id and appends it to the replay log, atomically. */
  record(missionId: string, event: Omit<RtEnvelope, 'id'>): Promise<RtEnvelope>;
  since(missionId: string, since: number): Promise<Missed>;
  /** One more (or one fewer) socket of a user on a mission; the count after. */
  sockets(missionId: string, userId: string, delta: 1 | -1): Promise<number>;
  setPresence(missionId: string, presence: RtPresence): Promise<void>;
  presence(missionId: string): Promise<RtPresence[]>;
  setPosition(missionId: string, position: RtPosition): Promise<void>;
  positions(missionId: string, now: number): Promise<RtPosition[]>;
  takeLock(missionId: string, moduleId: string, userId: string, now: number, ttlMs: number): Promise<LockResult>;
  /** The renewed lock, or null when the user does not hold it (any more). */
  renewLock(missionId: string, moduleId: string, userId: string, now: number, ttlMs: number): Promise<RtLock | null>;
  releaseLock(missionId: string, moduleId: string, userId: string): Promise<boolean>;
  /** Releases every lock of a user on a mission; the modules released. */
  releaseLocksOf(missionId: string, userId: string): Promise<string[]>;
  /** Removes the locks expired at `now`; each removed lock is returned to one caller only. */
  expireLocks(missionId: string, now: number): Promise<RtLock[]>;
  locks(missionId: string, now: number): Promise<RtLock[]>;
  close(): Promise<void>;
}

export interface StoredLock {
  holder: string;
  expiresAt: number;
}

export const asLock = (moduleId: string, l: StoredLock): RtLock => ({
  moduleId, holder: l.holder, expiresAt: new Date(l.expiresAt).toISOString(),
});
