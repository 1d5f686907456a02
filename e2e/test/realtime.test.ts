// The office follows a mission live (docs/realtime.md): technicians connected to another
// gis-server instance (same database, same Redis) appear in the mission page's presence
// list, their chat messages (with a pinned module) arrive, the office answers, receipts
// come back, a module being annotated shows against its technician, and a pinned message
// opens the plant map on its module, where office users see each other's mouse.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type E2e, apiJson, apiToken, login, mapCamera, mapIdle, screenshot, startE2e } from '../support';
import { type Instance, LiveClient, childInstance, testPrefix } from '../../test-support/realtime';
import { missionFixture } from '../../gis-server/test/sync/fixtures';

let e2e: E2e;
let other: Instance;
const clients: LiveClient[] = [];

beforeAll(async () => {
  const prefix = testPrefix();
  e2e = await startE2e({ realtimePrefix: prefix });
  other = await childInstance(e2e.db.url, prefix);
}, 90_000);
afterAll(async () => {
  for (const c of clients) c.close();
  await other?.close();
  await e2e?.close();
});

describe('the live panel of a mission', () => {
  it('shows the team on the other instance, their chat and receipts, and the modules they annotate', async () => {
    const admin = await apiToken(e2e.base, 'admin');
    const email = `claire-${Date.now()}@example.fr`;
    const claire = await apiJson<{ id: string }>(e2e.base, admin, 'POST', '/users', { email, role: 'technician', fullName: 'Claire Martin', password: 'a-long-password', locale: 'fr' });
    const techId = (await e2e.db.pool.query<{ id: string }>(`select id from users where email = 'tech@calepin.test'`)).rows[0]?.id as string;
    const m = await missionFixture(e2e.db.pool, { members: [techId, claire.id] });
    const techToken = await apiToken(e2e.base, 'technician');
    const claireToken = ((await (await fetch(`${e2e.base}/api/v1/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: 'a-long-password' }),
    })).json()) as { accessToken: string }).accessToken;

    const tech = await LiveClient.connect(other.url, techToken);
    const second = await LiveClient.connect(other.url, claireToken);
    clients.push(tech, second);
    expect((await tech.ask('mission:join', { missionId: m.missionId })).ok).toBe(true);
    expect((await second.ask('mission:join', { missionId: m.missionId })).ok).toBe(true);

    const page = await e2e.page('fr-FR');
    await login(page, 'manager');
    await page.goto(`/missions/${m.missionId}`);
    await page.waitForSelector(`[data-testid="presence-${techId}"][data-state="active"]`);
    await page.waitForSelector(`[data-testid="presence-${claire.id}"][data-state="active"]`);

    // A technician's message from the tablet (pushed, with a pinned module) arrives live.
    const pushed = await fetch(`${other.url}/api/v1/sync/push`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${techToken}` },
      body: JSON.stringify({
        protocol: 1, deviceId: 'tablet-1', batchId: randomUUID(), missionId: m.missionId,
        operations: [{ id: randomUUID(), table: 'chat_messages', key: { id: randomUUID() }, op: 'create', deviceTime: new Date().toISOString(),
          columns: { body: { new: 'Verre cassé sur celui-ci' }, module_id: { new: m.modules[7] }, sent_at: { new: new Date().toISOString() } } }],
      }),
    });
    expect(pushed.status).toBe(200);
    await page.getByText('Verre cassé sur celui-ci').waitFor();
    expect(await page.getByTestId('chat-pin').first().textContent()).toContain(m.moduleCodes[7]);

    // The office answers; the technicians hear it and one reads it.
    await page.getByPlaceholder('Écrire à l’équipe…').fill('Bien vu, on le note');
    await page.getByRole('button', { name: 'Envoyer' }).click();
    const heard = await tech.event<{ messages: { id: string; body: string }[] }>('changes', (d) => d.messages.some((x) => x.body === 'Bien vu, on le note'));
    expect((await tech.ask('chat:read', { missionId: m.missionId, messageId: heard.data.messages[0]?.id })).ok).toBe(true);
    await page.getByTestId('chat-read').filter({ hasText: 'Lu par' }).first().waitFor();

    // Claire takes a module to annotate it; the tech is refused it.
    expect((await second.ask('lock:take', { missionId: m.missionId, moduleId: m.modules[8] })).ok).toBe(true);
    expect((await tech.ask('lock:take', { missionId: m.missionId, moduleId: m.modules[8] })).code).toBe('locked');
    await page.locator(`[data-testid="presence-${claire.id}"]`).getByText('annote 1 module(s)').waitFor();
    expect((await tech.ask('presence', { missionId: m.missionId, state: 'idle' })).ok).toBe(true);
    await page.waitForSelector(`[data-testid="presence-${techId}"][data-state="idle"]`);
    await screenshot(page, 'mission-live-panel');

    // Claire's tablet drops: she goes offline and her module is free again.
    second.close();
    await page.waitForSelector(`[data-testid="presence-${claire.id}"][data-state="offline"]`);
    expect((await tech.ask('lock:take', { missionId: m.missionId, moduleId: m.modules[8] })).ok).toBe(true);

    // The pin opens the plant map zoomed on its module, selected.
    await page.getByTestId('chat-pin').first().click();
    await page.waitForURL(new RegExp(`/plants/${m.plantId}/map\\?module=${m.modules[7]}`));
    await page.waitForFunction(() => ((window as unknown as { __calepinMap?: { getZoom(): number } }).__calepinMap?.getZoom() ?? 0) >= 19);
    await mapIdle(page);
    const { rows: [centre] } = await e2e.db.pool.query<{ lon: number; lat: number }>(
      'select st_x(st_centroid(geom)) as lon, st_y(st_centroid(geom)) as lat from modules where id = $1', [m.modules[7]]);
    const [w, s, e, n] = (await mapCamera(page)).bounds as [number, number, number, number];
    expect(centre!.lon).toBeGreaterThan(w);
    expect(centre!.lon).toBeLessThan(e);
    expect(centre!.lat).toBeGreaterThan(s);
    expect(centre!.lat).toBeLessThan(n);
    await page.getByText(m.moduleCodes[7]!).first().waitFor();

    // Another office user on the same plant map, on the other instance: each sees the other's mouse.
    const colleague = await LiveClient.connect(other.url, await apiToken(e2e.base, 'admin'));
    clients.push(colleague);
    expect((await colleague.ask('plant:watch', { plantId: m.plantId })).ok).toBe(true);
    const box = (await page.locator('[data-testid=map] canvas').boundingBox())!;
    await expect.poll(async () => {
      await page.mouse.move(box.x + box.width / 2 + Math.random() * 20, box.y + box.height / 2);
      return colleague.heard.some((h) => h.name === 'plant:cursor');
    }, { timeout: 20_000 }).toBe(true);
    const [cw, cs, ce, cn] = [w, s, e, n];
    const there = { lon: (cw + ce) / 2 + (ce - cw) / 4, lat: (cs + cn) / 2 };
    const drawn = async () => {
      colleague.socket.emit('plant:cursor', { plantId: m.plantId, ...there });
      // A point near a tile edge is in two of the source's tiles: counted by user.
      return page.evaluate(() => new Set((window as unknown as { __calepinMap: { querySourceFeatures(s: string): { properties: { userId: string } }[] } })
        .__calepinMap.querySourceFeatures('live-cursors').map((f) => f.properties.userId)).size);
    };
    await expect.poll(drawn, { timeout: 20_000 }).toBe(1);
    await screenshot(page, 'plant-map-office-cursor');
  });
});
