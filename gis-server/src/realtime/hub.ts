// What every handler shares: the store, the Socket.IO server, and how an event about a
// mission is numbered, logged for replay and broadcast to its rooms (docs/realtime.md §4).
import { type RtEnvelope, type RtEventData, type RtEventType, type SessionUser, USER_COLOURS, userColour } from '@calepin/core';
import type { Logger } from 'pino';
import type { Server } from 'socket.io';
import type { Db } from '../db';
import { memberRanks } from './access';
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
  /**
   * A user's colour on a mission: the members take the palette's colours in team order, so
   * that a team of up to eight never shares one; anyone else (the office) by their id.
   */
  colour(missionId: string, userId: string): Promise<string>;
  publish<T extends RtEventType>(missionId: string, type: T, by: RtEnvelope['by'], data: RtEventData[T], plantId?: string): Promise<RtEnvelope<T>>;
}

/** How long a mission's team order is trusted (a member added meanwhile gets a colour then). */
const TEAM_TTL_MS = 10_000;

export function createHub(io: Server, store: RtStore, db: Db, log: Logger, lockTtlMs: number): Hub {
  const teams = new Map<string, { at: number; ranks: Promise<string[]> }>();
  return {
    io, store, db, log, lockTtlMs,
    async colour(missionId, userId) {
      let team = teams.get(missionId);
      if (!team || Date.now() - team.at > TEAM_TTL_MS) {
        team = { at: Date.now(), ranks: memberRanks(db, missionId) };
        teams.set(missionId, team);
      }
      const rank = (await team.ranks).indexOf(userId);
      return rank >= 0 ? (USER_COLOURS[rank % USER_COLOURS.length] as string) : userColour(userId);
    },
    async publish(missionId, type, by, data, plantId) {
      const envelope = await store.record(missionId, { missionId, type, at: new Date().toISOString(), by, data });
      io.to(plantId ? [missionRoom(missionId), plantRoom(plantId)] : missionRoom(missionId)).emit('event', envelope);
      return envelope as RtEnvelope<typeof type>;
    },
  };
}

export async function author(hub: Hub, missionId: string, user: Pick<SessionUser, 'id' | 'fullName'>): Promise<NonNullable<RtEnvelope['by']>> {
  return { userId: user.id, name: user.fullName, colour: await hub.colour(missionId, user.id) };
}

/** Releases every lock of a user on a mission (they left it, or disconnected) and says so. */
export async function releaseAll(hub: Hub, user: SessionUser, missionId: string, reason: 'released' | 'disconnected'): Promise<void> {
  for (const moduleId of await hub.store.releaseLocksOf(missionId, user.id)) {
    await hub.publish(missionId, 'lock', await author(hub, missionId, user), { moduleId, holder: null, expiresAt: null, reason });
  }
}
