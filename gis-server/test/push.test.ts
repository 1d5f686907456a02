// Web Push (docs/notifications.md): a technician's tablet subscribed to notifications gets,
// through a push service (here a local one that decrypts like a browser), a chat message
// that mentions them, an urgent defect on their mission and a change of the mission — in
// their language, encrypted for that device only, signed with the server's VAPID key.
import { randomUUID } from 'node:crypto';
import webpush from 'web-push';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, bearer, testApp } from '../../test-support/app';
import { type Device, PushService } from '../../test-support/push-service';
import { type MissionFixture, missionFixture } from './sync/fixtures';

let t: TestApp;
let service: PushService;
let m: MissionFixture;
let tablet: Device;
let techHeaders: Record<string, string>;
const vapid = webpush.generateVAPIDKeys();

const subscribe = (headers: Record<string, string>, body: object) => t.http.post('/api/v1/push/subscriptions').set(headers).send(body);

beforeAll(async () => {
  service = await PushService.start();
  t = await testApp({
    config: { push: { publicKey: vapid.publicKey, privateKey: vapid.privateKey, subject: 'mailto:ops@calepin.test', services: [service.origin] } },
  });
  m = await missionFixture(t.db.pool);
  techHeaders = bearer(await t.token('technician'));
  tablet = service.device('tablet');
}, 60_000);

afterAll(async () => {
  await t?.close();
  await service?.close();
});

describe('Web Push', () => {
  it('gives the VAPID public key the browser subscribes with', async () => {
    const res = await t.http.get('/api/v1/push/key').set(techHeaders);
    expect(res.status).toBe(200);
    expect(res.body.publicKey).toBe(vapid.publicKey);
  });

  it('refuses a subscription to a push service that is not a browser’s, and a malformed one, naming the field', async () => {
    const foreign = await subscribe(techHeaders, { endpoint: 'http://169.254.169.254/latest/meta-data', keys: tablet.subscription.keys });
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.field).toBe('endpoint');
    const badKey = await subscribe(techHeaders, { endpoint: tablet.subscription.endpoint, keys: { ...tablet.subscription.keys, p256dh: 'short' } });
    expect(badKey.status).toBe(400);
    expect(badKey.body.error.field).toBe('keys.p256dh');
    const client = await subscribe(bearer(await t.token('client')), tablet.subscription);
    expect(client.status).toBe(403);
  });

  it('pushes a chat mention to the mentioned technician’s tablet, encrypted for it and signed with the server’s key', async () => {
    expect((await subscribe(techHeaders, { ...tablet.subscription, expirationTime: null })).status).toBe(204);
    const before = service.received.length;
    const { rows } = await t.db.pool.query<{ full_name: string; locale: string }>('select full_name, locale from users where id = $1', [m.technicianId]);
    const tech = rows[0]!;
    await t.db.pool.query(
      `insert into chat_messages (id, mission_id, plant_id, author_id, body, sent_at) values ($1, $2, $3, $4, $5, now())`,
      [randomUUID(), m.missionId, m.plantId, m.managerId, `@${tech.full_name} regarde la rangée 3 stp`],
    );
    const [message] = (await service.waitFor(before + 1)).slice(before);
    expect(message!.device).toBe('tablet');
    expect(message!.vapidKey).toBe(vapid.publicKey);
    expect(message!.claims.aud).toBe(service.origin);
    expect(message!.claims.sub).toBe('mailto:ops@calepin.test');
    expect(message!.claims.exp * 1000).toBeGreaterThan(Date.now());
    const payload = message!.payload as { kind: string; title: string; body: string; url: string; missionId: string };
    expect(payload.kind).toBe('chat_mention');
    expect(payload.missionId).toBe(m.missionId);
    // A technician's tap opens the mission in the field app.
    expect(payload.url).toBe(`/field/?mission=${m.missionId}`);
    expect(payload.body).toContain('regarde la rangée 3');
    expect(payload.body).toContain(tech.locale === 'fr' ? 'vous a mentionné' : 'mentioned you');
    // It is in the bell too, and pushed once: nothing left due.
    await expect.poll(async () => (await t.db.pool.query(
      `select push_due_at from notifications where user_id = $1 and kind = 'chat_mention'`, [m.technicianId])).rows).toEqual([{ push_due_at: null }]);
  });

  it('pushes an urgent defect to the team but not to who recorded it, and tells nobody of a minor one', async () => {
    const before = service.received.length;
    const office = service.device('office');
    expect((await subscribe(bearer(await t.token('manager')), office.subscription)).status).toBe(204);
    const defect = (severity: string, author: string) => t.db.pool.query(
      `insert into defects (plant_id, audit_id, module_id, defect_type, module_status, severity, geom, author_id)
       select $1, $2, id, 'broken_glass', 'dead', $3, st_pointonsurface(geom), $4 from modules where id = $5`,
      [m.plantId, m.audits.el, severity, author, m.modules[3]]);
    await defect('warning', m.technicianId);
    await defect('urgent', m.technicianId);
    const [message] = (await service.waitFor(before + 1)).slice(before);
    // The technician recorded it: only the manager who created the mission hears of it.
    expect(message!.device).toBe('office');
    const payload = message!.payload as { kind: string; body: string; url: string };
    expect(payload.kind).toBe('defect_urgent');
    expect(payload.url).toBe(`/missions/${m.missionId}`);
    expect(payload.body).toMatch(/Verre cassé|Broken glass/);
    await service.waitFor(before + 1);
    expect(service.received.slice(before).map((r) => r.device)).toEqual(['office']);
  });

  it('drops the subscription of a browser that unsubscribed (410), and keeps the notification in the bell', async () => {
    const gone = service.device('old-tablet');
    expect((await subscribe(techHeaders, gone.subscription)).status).toBe(204);
    service.answers.set('old-tablet', 410);
    const before = service.received.length;
    await t.db.pool.query(
      `insert into notifications (user_id, kind, mission_id, params) values ($1, 'mission_changed', $2, json_build_object('reference', 'OM-1'))`,
      [m.technicianId, m.missionId]);
    const [message] = (await service.waitFor(before + 1)).slice(before);
    expect(message!.device).toBe('tablet');
    await expect.poll(async () => (await t.db.pool.query('select 1 from push_subscriptions where endpoint = $1', [gone.subscription.endpoint])).rowCount).toBe(0);
    expect((await t.db.pool.query('select 1 from push_subscriptions where endpoint = $1', [tablet.subscription.endpoint])).rowCount).toBe(1);
  });
});
