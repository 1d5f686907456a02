// Real-time on a mission (docs/realtime.md) across two gis-server instances on one Redis:
// the test's own (A) and a child process (B). Users on A and B must see each other.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RtLock, RtMissionState } from '@calepin/core';
import { type TestApp, bearer, testApp } from '../../test-support/app';
import { type Instance, LiveClient, childInstance, inProcess, testPrefix } from '../../test-support/realtime';
import { type MissionFixture, missionFixture, moduleCentroid } from './sync/fixtures';

let t: TestApp;
let a: Instance;
let b: Instance;
let m: MissionFixture;
let prefix: string;
const tokens: Record<'tech' | 'tech2' | 'manager' | 'client', string> = { tech: '', tech2: '', manager: '', client: '' };
let tech2Id: string;
const clients: LiveClient[] = [];

async function connect(instance: Instance, token: string): Promise<LiveClient> {
  const client = await LiveClient.connect(instance.url, token);
  clients.push(client);
  return client;
}

async function join(client: LiveClient, since?: number): Promise<RtMissionState> {
  const ack = await client.ask<{ state: RtMissionState }>('mission:join', { missionId: m.missionId, ...(since === undefined ? {} : { since }) });
  expect(ack.ok, JSON.stringify(ack)).toBe(true);
  return ack.state;
}

beforeAll(async () => {
  t = await testApp();
  prefix = testPrefix();
  [a, b] = await Promise.all([inProcess(t, prefix), childInstance(t.db.url, prefix)]);
  const admin = bearer(await t.token('admin'));
  const email = `tech2-${Date.now()}@example.fr`;
  const created = await t.http.post('/api/v1/users').set(admin)
    .send({ email, role: 'technician', fullName: 'Damien Petit', password: 'a-long-password', locale: 'en' });
  expect(created.status, created.text).toBe(201);
  tech2Id = created.body.id;
  const login = await t.http.post('/api/v1/auth/login').send({ email, password: 'a-long-password' });
  tokens.tech2 = login.body.accessToken;
  tokens.tech = await t.token('technician');
  tokens.manager = await t.token('manager');
  tokens.client = await t.token('client');
  const technicianId = (await t.db.pool.query<{ id: string }>(`select id from users where email = 'tech@calepin.test'`)).rows[0]?.id as string;
  m = await missionFixture(t.db.pool, { members: [technicianId, tech2Id] });
}, 60_000);

afterAll(async () => {
  for (const c of clients) c.close();
  await Promise.all([a?.close(), b?.close()]);
  await t?.close();
});

describe('two technicians on two instances', () => {
  let techA: LiveClient;
  let tech2B: LiveClient;

  it('see each other: presence with a colour, positions', async () => {
    techA = await connect(a, tokens.tech);
    const first = await join(techA);
    expect(first.members.map((x) => x.name).sort()).toEqual(['Damien Petit', expect.any(String)].sort());
    tech2B = await connect(b, tokens.tech2);
    const state = await join(tech2B);
    const arrived = await techA.event<{ userId: string; state: string; colour: string }>('presence', (d) => d.userId === tech2Id && d.state === 'active');
    expect(arrived.data.colour).toMatch(/^#[0-9a-f]{6}$/);
    expect(arrived.by?.name).toBe('Damien Petit');
    expect(state.presence.find((p) => p.userId === m.technicianId)?.state).toBe('active');
    expect(state.members.find((x) => x.userId === m.technicianId)?.state).toBe('active');

    expect((await tech2B.ask('position', { missionId: m.missionId, lon: 1.2345, lat: 43.21, accuracy: 4.5 })).ok).toBe(true);
    const position = (await techA.wait('position', (p: { userId: string }) => p.userId === tech2Id)) as Record<string, unknown>;
    expect(position).toMatchObject({ missionId: m.missionId, lon: 1.2345, lat: 43.21, accuracy: 4.5, heading: null });
    const again = await join(techA);
    expect(again.positions).toEqual([expect.objectContaining({ userId: tech2Id, lon: 1.2345 })]);
  });

  it('share locks: the second technician is refused a module the first holds, until it is released', async () => {
    const module = m.modules[0] as string;
    const taken = await techA.ask<{ lock: RtLock }>('lock:take', { missionId: m.missionId, moduleId: module });
    expect(taken.ok).toBe(true);
    expect(Date.parse(taken.lock.expiresAt) - Date.now()).toBeGreaterThan(55_000);
    await tech2B.event('lock', (d: { moduleId: string; reason: string }) => d.moduleId === module && d.reason === 'taken');

    const refused = await tech2B.ask<{ lock: RtLock }>('lock:take', { missionId: m.missionId, moduleId: module });
    expect(refused).toMatchObject({ ok: false, code: 'locked', field: 'moduleId', lock: { holder: m.technicianId } });
    expect(refused.message).toMatch(/being annotated by /);
    expect((await tech2B.ask('lock:renew', { missionId: m.missionId, moduleId: module })).code).toBe('not_found');

    expect((await techA.ask('lock:renew', { missionId: m.missionId, moduleId: module })).ok).toBe(true);
    expect((await techA.ask('lock:release', { missionId: m.missionId, moduleId: module })).ok).toBe(true);
    await tech2B.event('lock', (d: { moduleId: string; reason: string }) => d.moduleId === module && d.reason === 'released');
    expect((await tech2B.ask('lock:take', { missionId: m.missionId, moduleId: module })).ok).toBe(true);
    expect((await tech2B.ask('lock:release', { missionId: m.missionId, moduleId: module })).ok).toBe(true);
  });

  it('see a lock expire by itself after its time', async () => {
    // A third instance whose locks live 1.5 s: its lock is swept by whichever instance comes first.
    const short = await inProcess(t, prefix, { lockTtlMs: 1500 });
    try {
      const manager = await connect(short, tokens.manager);
      await join(manager);
      const module = m.modules[1] as string;
      expect((await manager.ask('lock:take', { missionId: m.missionId, moduleId: module })).ok).toBe(true);
      const expired = await tech2B.event('lock', (d: { moduleId: string; reason: string }) => d.moduleId === module && d.reason === 'expired');
      expect(expired.data).toMatchObject({ holder: null, expiresAt: null });
      expect(tech2B.events('lock').filter((e) => (e.data as { moduleId: string; reason: string }).moduleId === module && (e.data as { reason: string }).reason === 'expired')).toHaveLength(1);
      manager.close();
    } finally {
      await short.close();
    }
  });

  it('see a defect saved on the other instance, with who saved it, and the office plant map hears it', async () => {
    const office = await connect(a, tokens.manager);
    expect((await office.ask('plant:watch', { plantId: m.plantId })).ok).toBe(true);
    const defectId = randomUUID();
    const module = m.modules[2] as string;
    const pushed = await fetch(`${b.url}/api/v1/sync/push`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.tech2}` },
      body: JSON.stringify({
        protocol: 1, deviceId: 'tablet-2', batchId: randomUUID(), missionId: m.missionId,
        operations: [{
          id: randomUUID(), table: 'defects', key: { id: defectId }, op: 'create', deviceTime: new Date().toISOString(),
          columns: {
            audit_id: { new: m.audits.el }, module_id: { new: module }, defect_type: { new: 'microcrack' },
            module_status: { new: 'microcracks' }, severity: { new: 'urgent' }, geom: { new: await moduleCentroid(t.db.pool, module) },
          },
        }],
      }),
    });
    expect(pushed.status).toBe(200);
    const seen = await techA.event<{ defects: { id: string }[]; modules: unknown[] }>('changes', (d) => d.defects.some((x) => x.id === defectId));
    expect(seen.by?.name).toBe('Damien Petit');
    expect(seen.data.defects[0]).toMatchObject({ id: defectId, moduleId: module, moduleCode: m.moduleCodes[2], severity: 'urgent', moduleStatus: 'microcracks', deleted: false });
    expect(seen.data.modules).toEqual([expect.objectContaining({ moduleId: module, status: 'microcracks' })]);
    const onPlant = await office.event<{ defects: { id: string }[] }>('changes', (d) => d.defects.some((x) => x.id === defectId));
    expect(onPlant.id).toBe(seen.id);
  });

  it("two office users on one plant map see each other's cursor across instances; one not watching may not send it", async () => {
    const admin = await connect(b, await t.token('admin'));
    const manager = await connect(a, tokens.manager);
    expect((await admin.ask('plant:watch', { plantId: m.plantId })).ok).toBe(true);
    expect((await manager.ask('plant:watch', { plantId: m.plantId })).ok).toBe(true);
    manager.socket.emit('plant:cursor', { plantId: m.plantId, lon: 1.5, lat: 43.6 });
    const seen = (await admin.wait('plant:cursor')) as Record<string, unknown>;
    expect(seen).toMatchObject({ plantId: m.plantId, lon: 1.5, lat: 43.6, colour: expect.stringMatching(/^#[0-9a-f]{6}$/) });
    expect(typeof seen.name).toBe('string');
    const outsider = await connect(a, tokens.manager);
    outsider.socket.emit('plant:cursor', { plantId: m.plantId, lon: 1.5, lat: 43.6 });
    expect(await outsider.wait('rt:error')).toMatchObject({ code: 'not_joined', field: 'plantId', event: 'plant:cursor' });
    manager.socket.emit('plant:cursor', { plantId: m.plantId, lon: 200, lat: 43.6 });
    expect(await manager.wait('rt:error')).toMatchObject({ code: 'invalid', field: 'lon' });
  });

  it('a technician reconnecting gets what it missed, each event once', async () => {
    const before = await join(techA);
    techA.close();
    await tech2B.event('presence', (d: { userId: string; state: string }, e) => d.userId === m.technicianId && d.state === 'offline' && e.id > before.lastEventId);
    const module = m.modules[3] as string;
    expect((await tech2B.ask('lock:take', { missionId: m.missionId, moduleId: module })).ok).toBe(true);
    techA = await connect(b, tokens.tech);
    const state = await join(techA, before.lastEventId);
    expect(state.complete).toBe(true);
    const ids = state.missed.map((e) => e.id);
    expect(ids.every((id) => id > before.lastEventId)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(state.missed.some((e) => e.type === 'lock' && (e.data as { moduleId: string }).moduleId === module)).toBe(true);
    expect(state.locks).toEqual([expect.objectContaining({ moduleId: module, holder: tech2Id })]);
  });

  it('a technician disconnecting goes offline and loses their locks', async () => {
    const module = m.modules[3] as string;
    tech2B.close();
    await techA.event('lock', (d: { moduleId: string; reason: string }) => d.moduleId === module && d.reason === 'disconnected');
    await techA.event('presence', (d: { userId: string; state: string }) => d.userId === tech2Id && d.state === 'offline');
  });
});

describe('refusals', () => {
  it('a client user, a personal token-less or forged connection is refused at connect', async () => {
    await expect(LiveClient.connect(a.url, tokens.client)).rejects.toMatchObject({ data: { code: 'forbidden' } });
    await expect(LiveClient.connect(b.url, 'forged')).rejects.toMatchObject({ data: { code: 'unauthorized' } });
  });

  it('a foreign mission, an event for a mission not joined, a bad payload, an unknown event', async () => {
    const other = await missionFixture(t.db.pool);
    const tech2 = await connect(a, tokens.tech2);
    expect(await tech2.ask('mission:join', { missionId: other.missionId })).toMatchObject({ ok: false, code: 'not_found', field: 'missionId' });
    expect(await tech2.ask('mission:join', { missionId: randomUUID() })).toMatchObject({ ok: false, code: 'not_found' });
    expect(await tech2.ask('lock:take', { missionId: other.missionId, moduleId: other.modules[0] })).toMatchObject({ ok: false, code: 'not_joined' });
    const bad = await tech2.ask('position', { missionId: m.missionId, lon: 400, lat: 43, accuracy: 3 });
    expect(bad).toMatchObject({ ok: false, code: 'invalid', field: 'lon' });
    expect(bad.message).toMatch(/^lon must be at most 180/);
    expect(await tech2.ask('mission:join', { missionId: 'nope' })).toMatchObject({ ok: false, code: 'invalid', field: 'missionId' });
    await join(tech2);
    expect(await tech2.ask('lock:take', { missionId: m.missionId, moduleId: randomUUID() }))
      .toMatchObject({ ok: false, code: 'not_found', field: 'moduleId' });
    tech2.socket.emit('teleport', { x: 1 });
    expect(await tech2.wait('rt:error')).toMatchObject({ code: 'unknown_event', event: 'teleport' });
  });

  it('an oversized message closes that socket only; a flood is refused; both leave the others healthy', async () => {
    const healthy = await connect(b, tokens.tech);
    await join(healthy);
    const big = await connect(b, tokens.tech2);
    const closed = new Promise((resolve) => big.socket.once('disconnect', resolve));
    big.socket.emit('presence', { missionId: m.missionId, state: 'active', pad: 'x'.repeat(100 * 1024) });
    expect(await closed).toBe('transport close');

    const flood = await connect(b, tokens.tech2);
    await join(flood);
    const answers = await Promise.all(Array.from({ length: 80 }, () => flood.ask('presence', { missionId: m.missionId, state: 'active' })));
    const limited = answers.filter((x) => x.code === 'rate_limited');
    expect(limited.length).toBeGreaterThan(20);
    expect(limited[0]?.message).toMatch(/at most 20 per second/);
    expect((await healthy.ask('presence', { missionId: m.missionId, state: 'idle' })).ok).toBe(true);
  });

  it('an expired token is refused on the next event; a fresh one (auth) goes on on the same socket', async () => {
    const { TokenService } = await import('../src/capabilities/auth/tokens');
    const user = (await t.app.deps.checker.check(tokens.tech2))?.user;
    if (!user) throw new Error('tech2 token not valid');
    const generation = await t.app.deps.checker.generation(user.id);
    const short = await new TokenService(t.app.deps.config.jwtSecret, 1, 60).issueAccess(user, generation as number);
    const client = await connect(a, short);
    await join(client);
    // Wait on the token's state: refused as soon as it has expired.
    let answer = await client.ask('presence', { missionId: m.missionId, state: 'active' });
    for (let i = 0; answer.ok && i < 40; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      answer = await client.ask('presence', { missionId: m.missionId, state: 'active' });
    }
    expect(answer).toMatchObject({ ok: false, code: 'unauthorized' });
    expect((await client.ask('auth', { token: tokens.tech2 })).ok).toBe(true);
    expect((await client.ask('presence', { missionId: m.missionId, state: 'idle' })).ok).toBe(true);
    expect((await client.ask('auth', { token: tokens.tech })).code).toBe('unauthorized');
  });
});

describe('without Redis (REDIS_URL unset)', () => {
  it('one instance alone still does presence and locks, in memory', async () => {
    const alone = await inProcess(t, testPrefix(), { redis: false });
    try {
      const one = await LiveClient.connect(alone.url, tokens.tech);
      const two = await LiveClient.connect(alone.url, tokens.tech2);
      clients.push(one, two);
      await join(one);
      const state = await join(two);
      expect(state.presence.map((p) => p.userId).sort()).toEqual([m.technicianId, tech2Id].sort());
      const module = m.modules[4] as string;
      expect((await one.ask('lock:take', { missionId: m.missionId, moduleId: module })).ok).toBe(true);
      expect(await two.ask('lock:take', { missionId: m.missionId, moduleId: module })).toMatchObject({ ok: false, code: 'locked' });
      one.close();
      await two.event('lock', (d: { moduleId: string; reason: string }) => d.moduleId === module && d.reason === 'disconnected');
    } finally {
      await alone.close();
    }
  });
});
