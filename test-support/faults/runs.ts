// The two fault runs of docs/sync.md §9, shared by the test (a few dozen faults) and the
// benchmark (hundreds): two devices editing the same modules through a failing network,
// their apps killed now and then; one device working through its outbox and photos while
// its server is killed with SIGKILL. Each returns what happened; verify.ts proves the rest.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { Device, type DeviceDisk } from '../device/index';
import { FaultProxy } from './proxy';
import { seeded } from './random';
import { ServerProcess } from './server';
import { type FieldWorld, NightClock, type NightLog, fieldWork } from './workload';

export interface Credentials {
  email: string;
  password: string;
}

/**
 * Waits before the last pulls until they can see every change: a pull hands out only what
 * committed below the cluster's oldest running transaction (docs/sync.md §5), and another
 * test's transaction may hold that back a moment. The test passes `pullHorizonPassed`.
 */
type Settle = () => Promise<void>;

interface Ran {
  devices: { device: Device; operations: string[]; photos: string[] }[];
  faults: Record<string, number>;
  faultCount: number;
  appKills: number;
  serverKills: number;
}

const deviceFor = (baseUrl: string, world: FieldWorld, name: string, credentials: Credentials, disk: DeviceDisk, seed: number) =>
  new Device({
    baseUrl, deviceId: name, missionId: world.missionId, credentials, random: seeded(seed), disk,
    batchSize: 40, chunkSize: 64 * 1024, backoff: { baseMs: 5, capMs: 500, maxAttempts: 400 },
  });

/** Two devices, rounds of edits and syncs through a proxy that breaks `rate` of the connections. */
export async function networkRun(
  server: Server,
  world: FieldWorld,
  options: { seed: number; rounds: number; edits: number; rate: number; photoEvery: number; a: Credentials; b: Credentials; settle?: Settle },
): Promise<Ran> {
  const proxy = new FaultProxy({ host: '127.0.0.1', port: (server.address() as AddressInfo).port }, seeded(options.seed), { rate: options.rate });
  const url = `http://127.0.0.1:${await proxy.listen()}`;
  const random = seeded(options.seed + 1);
  const disks: Record<'a' | 'b', DeviceDisk> = { a: { saved: null }, b: { saved: null } };
  const make = (name: 'a' | 'b') => deviceFor(url, world, `tablet-${name}`, options[name], disks[name], options.seed + (name === 'a' ? 2 : 3));
  const devices = { a: make('a'), b: make('b') };
  const logs: Record<'a' | 'b', NightLog> = { a: { operations: [], photos: [] }, b: { operations: [], photos: [] } };
  const night = Date.now() - 3 * 3600_000;
  const clock = { a: new NightClock(night, random), b: new NightClock(night, random) };
  let appKills = 0;
  try {
    for (let round = 0; round < options.rounds; round++) {
      for (const name of ['a', 'b'] as const) {
        await fieldWork(devices[name], world, random, clock[name], logs[name], { edits: options.edits, photoEvery: options.photoEvery, photoSeed: name === 'a' ? 1000 : 2000 });
        // Sometimes the app is killed in the middle of its sync, and restarts from its disk.
        if (random() < 0.3) {
          const running = devices[name].sync().catch(() => null);
          await new Promise((resolve) => setTimeout(resolve, random() * 150));
          devices[name].store.kill();
          devices[name] = make(name);
          appKills++;
          await running;
        }
        await devices[name].sync();
      }
    }
    // The network comes back: both devices settle.
    proxy.enabled = false;
    for (const name of ['a', 'b', 'a', 'b'] as const) await devices[name].sync();
    if (options.settle) {
      await options.settle();
      for (const name of ['a', 'b'] as const) await devices[name].sync();
    }
  } finally {
    await proxy.close();
  }
  return {
    devices: [{ device: devices.a, ...logs.a }, { device: devices.b, ...logs.b }],
    faults: proxy.counts, faultCount: proxy.faults, appKills, serverKills: 0,
  };
}

/** One device syncs a backlog of `edits` while its server is killed at random moments, up to `kills` times. */
export async function crashRun(
  databaseUrl: string,
  filesDir: string,
  world: FieldWorld,
  options: { seed: number; edits: number; photoEvery: number; kills: number; credentials: Credentials; settle?: Settle },
): Promise<Ran & { url: string; stop(): Promise<void> }> {
  const server = new ServerProcess({ databaseUrl, filesDir, accessTokenTtl: 30 });
  const proxy = new FaultProxy({ host: '127.0.0.1', port: await server.start() }, seeded(options.seed), { rate: 0 });
  const url = `http://127.0.0.1:${await proxy.listen()}`;
  const random = seeded(options.seed + 1);
  const dev = deviceFor(url, world, 'tablet-k', options.credentials, { saved: null }, options.seed + 2);
  const log: NightLog = { operations: [], photos: [] };
  await fieldWork(dev, world, random, new NightClock(Date.now() - 2 * 3600_000, random), log, { edits: options.edits, photoEvery: options.photoEvery, photoSeed: 5000 + options.seed });
  let done = false;
  const syncing = (async () => {
    while (!dev.idle) await dev.sync();
    done = true;
  })();
  try {
    while (!done && server.kills < options.kills) {
      await new Promise((resolve) => setTimeout(resolve, 150 + random() * 900));
      if (done) break;
      await server.kill();
      proxy.retarget({ host: '127.0.0.1', port: await server.start() });
    }
    await syncing;
    await options.settle?.();
    await dev.sync();
  } catch (error) {
    await proxy.close();
    await server.stop();
    throw error;
  }
  return {
    devices: [{ device: dev, ...log }], faults: {}, faultCount: server.kills, appKills: 0, serverKills: server.kills, url,
    async stop() {
      await proxy.close();
      await server.stop();
    },
  };
}
