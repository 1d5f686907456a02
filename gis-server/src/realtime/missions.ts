// Joining and leaving missions and plants, presence, positions and cursors
// (docs/realtime.md §3–5). Locks are in locks.ts.
import { type RtMissionState, type RtPlantCursor, type RtPresence, userColour } from '@calepin/core';
import { RECHECK_MS, missionAccess, missionMembers, plantAccess } from './access';
import { type RtSocket, Refusal, type guard } from './guard';
import { chatMessages, chatReads } from './chat-queries';
import { type Hub, author, missionRoom, plantRoom, releaseAll } from './hub';

/** Positions closer in time than this are dropped (the app sends one per 2 s at most). */
const POSITION_EVERY_MS = 1000;

/** The plant of a mission the socket joined, with the user's access read again when stale. */
export async function joined(hub: Hub, socket: RtSocket, missionId: string): Promise<string> {
  const entry = socket.data.missions.get(missionId);
  if (!entry) throw new Refusal('not_joined', 'missionId');
  if (Date.now() - entry.checkedAt > RECHECK_MS) {
    const access = await missionAccess(hub.db, missionId, socket.data.user);
    if (!access) {
      await leave(hub, socket, missionId, 'released');
      throw new Refusal('not_found', 'missionId');
    }
    entry.checkedAt = Date.now();
  }
  return entry.plantId;
}

async function setPresence(hub: Hub, socket: RtSocket, missionId: string, state: RtPresence['state']): Promise<void> {
  const { user } = socket.data;
  const by = await author(hub, missionId, user);
  const presence: RtPresence = { userId: user.id, name: user.fullName, role: user.role, colour: by.colour, state, since: new Date().toISOString() };
  await hub.store.setPresence(missionId, presence);
  await hub.publish(missionId, 'presence', by, presence);
}

/** Leaves a mission's room; the user goes offline and loses their locks with their last socket there. */
export async function leave(hub: Hub, socket: RtSocket, missionId: string, reason: 'released' | 'disconnected'): Promise<void> {
  if (!socket.data.missions.delete(missionId)) return;
  await socket.leave(missionRoom(missionId));
  if ((await hub.store.sockets(missionId, socket.data.user.id, -1)) > 0) return;
  await setPresence(hub, socket, missionId, 'offline');
  await releaseAll(hub, socket.data.user, missionId, reason);
}

async function missionState(hub: Hub, missionId: string, since: number | undefined): Promise<RtMissionState> {
  const now = Date.now();
  // The event number first, then the state: an event writes its state before it takes its
  // number, so the state read after says everything up to lastEventId (the client ignores
  // events up to it). Read the other way round, a teammate joining in between had their
  // presence left out of the state and their event taken as already shown: never seen.
  const missed = await hub.store.since(missionId, since ?? Number.MAX_SAFE_INTEGER);
  const [members, presence, positions, locks, chat, reads] = await Promise.all([
    missionMembers(hub.db, missionId),
    hub.store.presence(missionId),
    hub.store.positions(missionId, now),
    hub.store.locks(missionId, now),
    chatMessages(hub, missionId, null),
    chatReads(hub, missionId),
  ]);
  const stateOf = new Map(presence.map((p) => [p.userId, p.state]));
  return {
    lastEventId: missed.lastEventId,
    members: await Promise.all(members.map(async (m) => ({ ...m, colour: await hub.colour(missionId, m.userId), state: stateOf.get(m.userId) ?? 'offline' }))),
    presence,
    positions,
    locks,
    chat,
    reads,
    missed: since === undefined ? [] : missed.events,
    complete: since === undefined ? true : missed.complete,
  };
}

export function missionHandlers(hub: Hub, socket: RtSocket, g: ReturnType<typeof guard>): void {
  const { data } = socket;

  g.on('mission:join', async ({ missionId, since }) => {
    const access = await missionAccess(hub.db, missionId, data.user);
    if (!access) throw new Refusal('not_found', 'missionId');
    if (!data.missions.has(missionId)) {
      data.missions.set(missionId, { plantId: access.plantId, checkedAt: Date.now() });
      await socket.join(missionRoom(missionId));
      await hub.store.sockets(missionId, data.user.id, 1);
    }
    await setPresence(hub, socket, missionId, 'active');
    return { state: await missionState(hub, missionId, since) };
  });

  g.on('mission:leave', async ({ missionId }) => {
    await leave(hub, socket, missionId, 'released');
  });

  g.on('plant:watch', async ({ plantId }) => {
    if (!(await plantAccess(hub.db, plantId, data.user))) throw new Refusal('not_found', 'plantId');
    data.plants.add(plantId);
    await socket.join(plantRoom(plantId));
  });

  g.on('plant:unwatch', async ({ plantId }) => {
    data.plants.delete(plantId);
    await socket.leave(plantRoom(plantId));
  });

  g.on('presence', async ({ missionId, state }) => {
    await joined(hub, socket, missionId);
    await setPresence(hub, socket, missionId, state);
  });

  g.on('position', async ({ missionId, lon, lat, accuracy, heading }) => {
    await joined(hub, socket, missionId);
    const now = Date.now();
    if (now - data.lastPositionAt < POSITION_EVERY_MS) return { dropped: true };
    data.lastPositionAt = now;
    const position = { userId: data.user.id, lon, lat, accuracy, heading: heading ?? null, at: new Date(now).toISOString() };
    await hub.store.setPosition(missionId, position);
    socket.to(missionRoom(missionId)).volatile.emit('position', { missionId, ...position });
  });

  g.on('cursor', async ({ missionId, lon, lat }) => {
    await joined(hub, socket, missionId);
    socket.to(missionRoom(missionId)).volatile.emit('cursor', { missionId, userId: data.user.id, lon, lat });
  });

  // Only to a plant the socket watches: its access was checked by plant:watch.
  g.on('plant:cursor', async ({ plantId, lon, lat }) => {
    if (!data.plants.has(plantId)) throw new Refusal('not_joined', 'plantId');
    const cursor: RtPlantCursor = { plantId, userId: data.user.id, name: data.user.fullName, colour: userColour(data.user.id), lon, lat };
    socket.to(plantRoom(plantId)).volatile.emit('plant:cursor', cursor);
  });
}
