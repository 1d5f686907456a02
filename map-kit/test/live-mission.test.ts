// The apps' live mission client (map-kit/src/live/mission.ts) against a real gis-server with
// real-time on Redis: its state follows the events, and after the network drops and comes
// back it holds what happened meanwhile, each event once.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LiveMission, joinLiveMission } from '@calepin/map-kit';
import { type TestApp, testApp } from '../../test-support/app';
import { LiveClient, inProcess, testPrefix } from '../../test-support/realtime';
import { type MissionFixture, missionFixture } from '../../gis-server/test/sync/fixtures';

let t: TestApp;
let server: Awaited<ReturnType<typeof inProcess>>;
let m: MissionFixture;
let mission: LiveMission;
let tech: LiveClient;

/** Resolves when the mission's state passes `test` (checked now and after every change). */
function until(test: () => boolean, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (test()) return resolve();
    const timer = setTimeout(() => { stop(); reject(new Error(`not seen within 10 s: ${what}`)); }, 10_000);
    const stop = mission.subscribe(() => {
      if (!test()) return;
      clearTimeout(timer);
      stop();
      resolve();
    });
  });
}

beforeAll(async () => {
  t = await testApp();
  server = await inProcess(t, testPrefix());
  m = await missionFixture(t.db.pool);
  const managerToken = await t.token('manager');
  const session = { accessToken: managerToken, current: { expiresAt: Date.now() + 900_000 }, refresh: async () => undefined };
  mission = joinLiveMission(session, m.missionId, server.url);
  tech = await LiveClient.connect(server.url, await t.token('technician'));
  expect((await tech.ask('mission:join', { missionId: m.missionId })).ok).toBe(true);
}, 60_000);

afterAll(async () => {
  mission?.close();
  tech?.close();
  await server?.close();
  await t?.close();
});

describe('a live mission in an app', () => {
  it('follows presence, locks and chat', async () => {
    await until(() => mission.state.connected && mission.state.presence.get(m.technicianId)?.state === 'active', 'the technician active');
    expect((await tech.ask('lock:take', { missionId: m.missionId, moduleId: m.modules[0] })).ok).toBe(true);
    await until(() => mission.state.locks.get(m.modules[0] as string)?.holder === m.technicianId, 'the lock');
    expect((await mission.sendChat({ id: randomUUID(), body: 'On vous suit' })).ok).toBe(true);
    await until(() => mission.state.chat.some((c) => c.body === 'On vous suit'), 'its own message');
  });

  it('after the network drops, holds what happened meanwhile, each event once', async () => {
    const lastSeen = mission.state.lastEventId;
    // The server closes the app's transport as a Wi-Fi drop would; Socket.IO reconnects by itself.
    const sockets = [...server.realtime.io.of('/').sockets.values()];
    const mine = sockets.find((s) => (s.data as { user: { role: string } }).user.role === 'manager');
    mine?.conn.close();
    await until(() => !mission.state.connected, 'the drop');
    expect((await tech.ask('lock:release', { missionId: m.missionId, moduleId: m.modules[0] })).ok).toBe(true);
    expect((await tech.ask('lock:take', { missionId: m.missionId, moduleId: m.modules[1] })).ok).toBe(true);
    await until(() => mission.state.connected && mission.state.locks.has(m.modules[1] as string), 'the reconnection');
    expect([...mission.state.locks.keys()]).toEqual([m.modules[1]]);
    expect(mission.state.lastEventId).toBeGreaterThan(lastSeen);
    expect(mission.state.chat.filter((c) => c.body === 'On vous suit')).toHaveLength(1);
  });
});
