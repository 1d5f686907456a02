// Module locks (docs/realtime.md §6): 60 s, renewed while the form is open, released on
// save, cancel, disconnect, or by the sweep when they expire.
import { moduleOnPlant } from './access';
import { type RtSocket, Refusal, type guard } from './guard';
import { type Hub, author } from './hub';
import { joined } from './missions';

/** Releases the expired locks of the missions this instance has sockets on; the store gives each to one sweeper only. */
export async function sweepLocks(hub: Hub): Promise<void> {
  const now = Date.now();
  for (const room of hub.io.of('/').adapter.rooms.keys()) {
    if (!room.startsWith('mission:')) continue;
    const missionId = room.slice('mission:'.length);
    for (const lock of await hub.store.expireLocks(missionId, now)) {
      await hub.publish(missionId, 'lock', null, { moduleId: lock.moduleId, holder: null, expiresAt: null, reason: 'expired' });
    }
  }
}

export function lockHandlers(hub: Hub, socket: RtSocket, g: ReturnType<typeof guard>): void {
  const { user } = socket.data;

  g.on('lock:take', async ({ missionId, moduleId }) => {
    const plantId = await joined(hub, socket, missionId);
    if (!(await moduleOnPlant(hub.db, moduleId, plantId))) throw new Refusal('not_found', 'moduleId');
    const result = await hub.store.takeLock(missionId, moduleId, user.id, Date.now(), hub.lockTtlMs);
    if (!result.taken) {
      const holder = (await hub.store.presence(missionId)).find((p) => p.userId === result.lock.holder);
      // Seconds rather than a clock time: the server does not know the tablet's time zone.
      const seconds = Math.max(1, Math.ceil((Date.parse(result.lock.expiresAt) - Date.now()) / 1000));
      throw new Refusal('locked', 'moduleId', 'rt.locked', { name: holder?.name ?? '?', seconds }, { lock: result.lock });
    }
    await hub.publish(missionId, 'lock', await author(hub, missionId, user), { ...result.lock, reason: result.renewed ? 'renewed' : 'taken' });
    return { lock: result.lock };
  });

  g.on('lock:renew', async ({ missionId, moduleId }) => {
    await joined(hub, socket, missionId);
    const lock = await hub.store.renewLock(missionId, moduleId, user.id, Date.now(), hub.lockTtlMs);
    if (!lock) throw new Refusal('not_found', 'moduleId', 'rt.lock_gone');
    await hub.publish(missionId, 'lock', await author(hub, missionId, user), { ...lock, reason: 'renewed' });
    return { lock };
  });

  g.on('lock:release', async ({ missionId, moduleId }) => {
    await joined(hub, socket, missionId);
    if (await hub.store.releaseLock(missionId, moduleId, user.id)) {
      await hub.publish(missionId, 'lock', await author(hub, missionId, user), { moduleId, holder: null, expiresAt: null, reason: 'released' });
    }
  });
}
