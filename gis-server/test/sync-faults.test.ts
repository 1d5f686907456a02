// Fault injection (docs/sync.md §9): two devices editing the same modules offline, synced
// through a proxy that cuts requests and answers at random bytes, drops answers after the
// server committed, delays and resets; then a server killed with SIGKILL in the middle of
// pushes and uploads. Afterwards: every operation applied once, every conflict recorded,
// every photo present with its SHA-256, devices and server holding the same rows.
// A few dozen faults here; the benchmark (bench/sync-faults.bench.ts) runs hundreds.
import { mkdtemp } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type TestApp, bearer, testApp } from '../../test-support/app';
import { Device, type DeviceDisk } from '../../test-support/device/index';
import { FaultProxy } from '../../test-support/faults/proxy';
import { seeded } from '../../test-support/faults/random';
import { ServerProcess } from '../../test-support/faults/server';
import { verify } from '../../test-support/faults/verify';
import { type FieldWorld, NightClock, type NightLog, fieldWork } from '../../test-support/faults/workload';
import { missionFixture, moduleCentroid } from './sync/fixtures';
import { sessionUser } from './sync/scenarios';

vi.setConfig({ testTimeout: 600_000, hookTimeout: 120_000 });

const SEED = Number(process.env.SYNC_FAULT_SEED ?? 16);
const PASSWORD = 'second-technician-password';
let t: TestApp;
let world: FieldWorld;
/** A token valid now (tokens here live 5 s, so that devices refresh theirs under faults). */
const manager = async () => t.app.deps.tokens.issueAccess(await sessionUser(t.db.pool, (await t.db.pool.query("select id from users where email = 'manager@calepin.test'")).rows[0].id));

beforeAll(async () => {
  t = await testApp({ config: { accessTokenTtl: 5 } });
  const created = await t.http.post('/api/v1/users').set(bearer(await t.token('admin')))
    .send({ email: 'tech2@calepin.test', role: 'technician', fullName: 'Damien Second', password: PASSWORD });
  expect(created.status, created.text).toBe(201);
  const m = await missionFixture(t.db.pool, { members: [] });
  await t.db.pool.query(
    "insert into mission_members (mission_id, user_id) select $1, id from users where email in ('tech@calepin.test', 'tech2@calepin.test')",
    [m.missionId],
  );
  const modules = await Promise.all(m.modules.slice(0, 24).map(async (id) => ({ id, point: await moduleCentroid(t.db.pool, id) })));
  world = { missionId: m.missionId, auditId: m.audits.el as string, templateId: m.templateId, modules };
});
afterAll(async () => t?.close());

function device(baseUrl: string, name: string, email: string, password: string, disk: DeviceDisk, seed: number) {
  return new Device({
    baseUrl, deviceId: name, missionId: world.missionId, credentials: { email, password }, random: seeded(seed), disk,
    batchSize: 40, chunkSize: 64 * 1024, backoff: { baseMs: 5, capMs: 500, maxAttempts: 400 },
  });
}

describe('two devices through a network that fails', () => {
  it('apply every operation once and agree with the server', async () => {
    const server = t.app.koa.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const proxy = new FaultProxy({ host: '127.0.0.1', port: (server.address() as AddressInfo).port }, seeded(SEED), { rate: 0.3 });
    const url = `http://127.0.0.1:${await proxy.listen()}`;
    const random = seeded(SEED + 1);
    const disks = { a: { saved: null } as DeviceDisk, b: { saved: null } as DeviceDisk };
    const make = { a: () => device(url, 'tablet-a', 'tech@calepin.test', 'calepin-demo', disks.a, SEED + 2), b: () => device(url, 'tablet-b', 'tech2@calepin.test', PASSWORD, disks.b, SEED + 3) };
    const devices = { a: make.a(), b: make.b() };
    const logs: Record<'a' | 'b', NightLog> = { a: { operations: [], photos: [] }, b: { operations: [], photos: [] } };
    const clock = { a: new NightClock(Date.now() - 3 * 3600_000, random), b: new NightClock(Date.now() - 3 * 3600_000, random) };
    let kills = 0;
    try {
      for (let round = 0; round < 6; round++) {
        for (const name of ['a', 'b'] as const) {
          await fieldWork(devices[name], world, random, clock[name], logs[name], { edits: 12, photoEvery: 6, photoSeed: 1000 * (name === 'a' ? 1 : 2) });
          // Sometimes the app is killed in the middle of its sync, and restarts from its disk.
          if (random() < 0.3) {
            const running = devices[name].sync().catch(() => null);
            await new Promise((resolve) => setTimeout(resolve, random() * 150));
            devices[name].store.kill();
            devices[name] = make[name]();
            kills++;
            await running;
          }
          await devices[name].sync();
        }
      }
      proxy.enabled = false;
      for (const name of ['a', 'b', 'a', 'b'] as const) await devices[name].sync();
    } finally {
      await proxy.close();
      server.close();
    }
    const check = await verifyInProcess([{ device: devices.a, ...logs.a }, { device: devices.b, ...logs.b }]);
    expect(check.problems).toEqual([]);
    expect(devices.a.idle && devices.b.idle).toBe(true);
    expect(proxy.faults).toBeGreaterThanOrEqual(25);
    expect(check.operations).toBeGreaterThan(100);
    expect(check.photos).toBeGreaterThan(4);
    expect(kills).toBeGreaterThan(0);
    console.log(`faults ${JSON.stringify(proxy.counts)}, app kills ${kills}, operations ${check.operations}, conflicts ${check.conflicts}, photos ${check.photos}`);
  });
});

describe('a server killed with SIGKILL in the middle of pushes and uploads', () => {
  it('loses nothing and applies nothing twice', async () => {
    const filesDir = await mkdtemp(join(tmpdir(), 'calepin-kill-'));
    const server = new ServerProcess({ databaseUrl: t.db.url, filesDir, accessTokenTtl: 30 });
    const proxy = new FaultProxy({ host: '127.0.0.1', port: await server.start() }, seeded(SEED + 10), { rate: 0 });
    const url = `http://127.0.0.1:${await proxy.listen()}`;
    const random = seeded(SEED + 11);
    const disk: DeviceDisk = { saved: null };
    const dev = device(url, 'tablet-k', 'tech@calepin.test', 'calepin-demo', disk, SEED + 12);
    const log: NightLog = { operations: [], photos: [] };
    await fieldWork(dev, world, random, new NightClock(Date.now() - 2 * 3600_000, random), log, { edits: 400, photoEvery: 20, photoSeed: 5000 });
    let done = false;
    const syncing = (async () => {
      while (!dev.idle) await dev.sync();
      done = true;
    })();
    try {
      // Kill the server at random moments while the device works through its outbox and files.
      while (!done && server.kills < 4) {
        await new Promise((resolve) => setTimeout(resolve, 150 + random() * 900));
        if (done) break;
        await server.kill();
        proxy.retarget({ host: '127.0.0.1', port: await server.start() });
      }
      await syncing;
      await dev.sync();
      const check = await verifyWith(url, [{ device: dev, ...log }]);
      expect(check.problems).toEqual([]);
      expect(server.kills).toBeGreaterThanOrEqual(1);
      console.log(`server kills ${server.kills}, operations ${check.operations}, photos ${check.photos}`);
    } finally {
      await proxy.close();
      await server.stop();
    }
  });
});

type Run = Parameters<typeof verify>[3];

async function verifyInProcess(devices: Run) {
  const server = t.app.koa.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  try {
    return await verify(t.db.pool, `http://127.0.0.1:${(server.address() as AddressInfo).port}`, await manager(), devices, world.missionId);
  } finally {
    server.close();
  }
}

const verifyWith = async (url: string, devices: Run) => verify(t.db.pool, url, await manager(), devices, world.missionId);
