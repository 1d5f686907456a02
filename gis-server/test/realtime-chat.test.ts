// Team chat on a mission (docs/realtime.md §4): messages pushed by a tablet (synced rows,
// with a pinned module and a photo) or sent from the back-office appear live on the
// others' screens, are pulled like the rest, and have read receipts.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RtChatMessage, RtMissionState } from '@calepin/core';
import { type TestApp, bearer, testApp } from '../../test-support/app';
import { type Instance, LiveClient, inProcess, testPrefix } from '../../test-support/realtime';
import { type MissionFixture, missionFixture } from './sync/fixtures';

let t: TestApp;
let live: Instance;
let m: MissionFixture;
let tech: LiveClient;
let office: LiveClient;
let techHeaders: Record<string, string>;

const push = (operations: unknown[]) =>
  t.http.post('/api/v1/sync/push').set(techHeaders)
    .send({ protocol: 1, deviceId: 'tablet-1', batchId: randomUUID(), missionId: m.missionId, operations });

const create = (table: string, id: string, columns: Record<string, unknown>) => ({
  id: randomUUID(), table, key: { id }, op: 'create', deviceTime: new Date().toISOString(),
  columns: Object.fromEntries(Object.entries(columns).map(([c, v]) => [c, { new: v }])),
});

async function join(client: LiveClient): Promise<RtMissionState> {
  const ack = await client.ask<{ state: RtMissionState }>('mission:join', { missionId: m.missionId });
  expect(ack.ok, JSON.stringify(ack)).toBe(true);
  return ack.state;
}

beforeAll(async () => {
  t = await testApp();
  live = await inProcess(t, testPrefix());
  m = await missionFixture(t.db.pool);
  techHeaders = bearer(await t.token('technician'));
  tech = await LiveClient.connect(live.url, await t.token('technician'));
  office = await LiveClient.connect(live.url, await t.token('manager'));
  await join(tech);
  await join(office);
}, 60_000);

afterAll(async () => {
  tech?.close();
  office?.close();
  await live?.close();
  await t?.close();
});

describe('chat', () => {
  it('a message pushed from a tablet with a photo and a pinned module appears live in the office, and is pulled', async () => {
    const photoId = randomUUID();
    const messageId = randomUUID();
    const res = await push([
      create('photos', photoId, { category: 'context', sha256: 'a'.repeat(64), mime_type: 'image/jpeg', size_bytes: 1234 }),
      create('chat_messages', messageId, { body: 'Verre cassé ici', module_id: m.modules[5], photo_id: photoId, sent_at: new Date().toISOString() }),
    ]);
    expect(res.status, res.text).toBe(200);
    expect(res.body.results.map((r: { status: string }) => r.status)).toEqual(['applied', 'applied']);
    const heard = await office.event<{ messages: RtChatMessage[] }>('changes', (d) => d.messages.some((x) => x.id === messageId));
    expect(heard.data.messages[0]).toMatchObject({
      id: messageId, body: 'Verre cassé ici', moduleId: m.modules[5], moduleCode: m.moduleCodes[5], photoId, authorId: m.technicianId,
    });
    // A pull hands out rows below the oldest transaction still running that may have written
    // them (sync_horizon(), docs/sync.md §5): the server's own work may hold it back a moment.
    await expect.poll(async () => {
      const pulled = await t.http.get(`/api/v1/sync/missions/${m.missionId}/changes`).set(techHeaders);
      expect(pulled.status).toBe(200);
      return pulled.body.changes.filter((c: { table: string }) => c.table === 'chat_messages');
    }, { timeout: 60_000, interval: 500 })
      .toEqual([expect.objectContaining({ key: { id: messageId }, row: expect.objectContaining({ body: 'Verre cassé ici', photo_id: photoId }) })]);
  });

  it('the office writes from the back-office through the same engine: the tablet hears it and pulls it', async () => {
    const id = randomUUID();
    expect(await office.ask('chat:send', { missionId: m.missionId, id, body: 'Bien reçu, on envoie quelqu’un' })).toMatchObject({ ok: true });
    const heard = await tech.event<{ messages: RtChatMessage[] }>('changes', (d) => d.messages.some((x) => x.id === id));
    expect(heard.by?.userId).toBe(m.managerId);
    const { rows } = await t.db.pool.query('select author_id, body from chat_messages where id = $1', [id]);
    expect(rows[0]).toEqual({ author_id: m.managerId, body: 'Bien reçu, on envoie quelqu’un' });
    // Sent twice (a retry): one message.
    expect(await office.ask('chat:send', { missionId: m.missionId, id, body: 'Bien reçu, on envoie quelqu’un' })).toMatchObject({ ok: true });
    const count = await t.db.pool.query('select count(*)::int as n from chat_messages where id = $1', [id]);
    expect(count.rows[0].n).toBe(1);
  });

  it('read receipts reach the others and are in the state of who joins later', async () => {
    const state = await join(office);
    const last = state.chat.at(-1) as RtChatMessage;
    expect(state.chat.length).toBe(2);
    expect((await tech.ask('chat:read', { missionId: m.missionId, messageId: last.id })).ok).toBe(true);
    const read = await office.event<{ userId: string; messageId: string }>('read', (d) => d.userId === m.technicianId);
    expect(read.data.messageId).toBe(last.id);
    const again = await join(office);
    expect(again.reads).toEqual([expect.objectContaining({ userId: m.technicianId, messageId: last.id })]);
  });

  it('refuses an empty message, a module of another plant, a photo of another mission, an edit, a foreign message read', async () => {
    const empty = await office.ask('chat:send', { missionId: m.missionId, id: randomUUID(), body: '  ' });
    expect(empty).toMatchObject({ ok: false, code: 'invalid', field: 'body' });
    // The demo manager reads French.
    expect(empty.message).toBe('body: un message a besoin d’un texte, d’une photo ou d’un module épinglé');
    const other = await missionFixture(t.db.pool, { plant: 'ground' });
    expect(await office.ask('chat:send', { missionId: m.missionId, id: randomUUID(), body: 'ici', moduleId: other.modules[0] }))
      .toMatchObject({ ok: false, code: 'not_found', field: 'moduleId' });
    const res = await push([
      create('chat_messages', randomUUID(), { body: 'x', photo_id: randomUUID(), sent_at: new Date().toISOString() }),
      { id: randomUUID(), table: 'chat_messages', key: { id: randomUUID() }, op: 'patch', deviceTime: new Date().toISOString(), columns: { body: { old: 'a', new: 'b' } } },
    ]);
    expect(res.body.results.map((r: { status: string; code: string; field: string }) => [r.status, r.code, r.field]))
      .toEqual([['rejected', 'not_found', 'photo_id'], ['rejected', 'invalid', 'op']]);
    expect(await tech.ask('chat:read', { missionId: m.missionId, messageId: randomUUID() })).toMatchObject({ ok: false, code: 'not_found', field: 'messageId' });
  });
});
