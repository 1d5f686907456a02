// What every handler shares: the store, the Socket.IO server, and how an event about a
// mission is numbered, logged for replay and broadcast to its rooms (docs/realtime.md §4).
import { type RtEnvelope, type RtEventData, type RtEventType, type SessionUser, userColour } from '@calepin/core';
import type { Logger } from 'pino';
import type { Server } from 'socket.io';
import type { Db } from '../db';
import type { RtStore } from './store';

export const missionRoom = (id: string) => `mission:${id}`;
export const plantRoom = (id: string) => `plant:${id}`;

export interface Hub {
  io: Server;
  store: RtStore;
  db: Db;
  log: Logger;
  /** How long a lock lives without renewal (LOCK_TTL_MS; shorter in tests). */
  lockTtlMs: number;
  publish<T extends RtEventType>(missionId: string, type: T, by: RtEnvelope['by'], data: RtEventData[T], plantId?: string): Promise<RtEnvelope<T>>;
}

export function createHub(io: Server, store: RtStore, db: Db, log: Logger, lockTtlMs: number): Hub {
  return {
    io, store, db, log, lockTtlMs,
    async publish(missionId, type, by, data, plantId) {
      const envelope = await store.record(missionId, { missionId, type, at: new Date().toISOString(), by, data });
      io.to(plantId ? [missionRoom(missionId), plantRoom(plantId)] : missionRoom(missionId)).emit('event', envelope);
      return envelope as RtEnvelope<typeof type>;
    },
  };
}

export const author = (user: Pick<SessionUser, 'id' | 'fullName'>): NonNullable<RtEnvelope['by']> => ({
  userId: user.id, name: user.fullName, colour: userColour(user.id),
});

/** Releases every lock of a user on a mission (they left it, or disconnected) and says so. */
export async function releaseAll(hub: Hub, user: SessionUser, missionId: string, reason: 'released' | 'disconnected'): Promise<void> {
  for (const moduleId of await hub.store.releaseLocksOf(missionId, user.id)) {
    await hub.publish(missionId, 'lock', author(user), { moduleId, holder: null, expiresAt: null, reason });
  }
}
