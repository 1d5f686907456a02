// Fault injection (docs/sync.md §9): two devices editing the same modules offline, synced
// through a proxy that cuts requests and answers at random bytes, drops answers after the
// server committed, delays and resets, their apps killed now and then; then a server
// killed with SIGKILL in the middle of pushes and uploads. Afterwards: every operation
// applied once, every conflict recorded, every photo present with its SHA-256, devices and
// server holding the same rows. A few dozen faults here; the benchmark runs hundreds
// (bench/sync-faults.bench.ts). SYNC_FAULT_SEED replays a run; SYNC_DEBUG explains a difference.
import { mkdtemp } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type TestApp, testApp } from '../../test-support/app';
import { pullHorizonPassed } from '../../test-support/db';
import { crashRun, networkRun } from '../../test-support/faults/runs';
import { verify } from '../../test-support/faults/verify';
import type { FieldWorld } from '../../test-support/faults/workload';
import { fieldWorld, managerToken, secondTechnician } from './sync/field-world';

vi.setConfig({ testTimeout: 600_000, hookTimeout: 120_000 });

const SEED = Number(process.env.SYNC_FAULT_SEED ?? 16);
let t: TestApp;
let world: FieldWorld;
const tech = { email: 'tech@calepin.test', password: 'calepin-demo' };

beforeAll(async () => {
  // Access tokens live 5 s: the devices refresh theirs in the middle of the faults.
  t = await testApp({ config: { accessTokenTtl: 5 } });
  world = await fieldWorld(t, 24);
});
afterAll(async () => t?.close());

describe('two devices through a network that fails', () => {
  it('apply every operation once and agree with the server', async () => {
    const server = t.app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const ran = await networkRun(server, world, { seed: SEED, rounds: 6, edits: 12, rate: 0.3, photoEvery: 6, a: tech, b: await secondTechnician(t), settle: () => pullHorizonPassed(t.db.pool) });
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const proof = await verify(t.db.pool, url, await managerToken(t), ran.devices, world.missionId);
      expect(proof.problems).toEqual([]);
      expect(ran.devices.every((d) => d.device.idle)).toBe(true);
      expect(ran.faultCount).toBeGreaterThanOrEqual(25);
      expect(ran.appKills).toBeGreaterThan(0);
      expect(proof.operations).toBeGreaterThan(100);
      expect(proof.photos).toBeGreaterThan(4);
      console.log(`faults ${JSON.stringify(ran.faults)}, app kills ${ran.appKills}, operations ${proof.operations}, conflicts ${proof.conflicts}, photos ${proof.photos}`);
    } finally {
      server.close();
    }
  });
});

describe('a server killed with SIGKILL in the middle of pushes and uploads', () => {
  it('loses nothing and applies nothing twice', async () => {
    const filesDir = await mkdtemp(join(tmpdir(), 'calepin-kill-'));
    const ran = await crashRun(t.db.url, filesDir, world, { seed: SEED + 10, edits: 400, photoEvery: 20, kills: 4, credentials: tech, settle: () => pullHorizonPassed(t.db.pool) });
    try {
      const proof = await verify(t.db.pool, ran.url, await managerToken(t), ran.devices, world.missionId);
      expect(proof.problems).toEqual([]);
      expect(ran.serverKills).toBeGreaterThanOrEqual(1);
      console.log(`server kills ${ran.serverKills}, operations ${proof.operations}, photos ${proof.photos}`);
    } finally {
      await ran.stop();
    }
  });
});
