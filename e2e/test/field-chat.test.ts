// The team chat on the tablet (docs/realtime.md §9): a teammate's message pinned to a module,
// said on another gis-server instance, arrives live; its pin zooms the map to the module;
// the tablet's read receipt reaches the teammate. Written offline with a photo and a pin,
// a message waits on the tablet, stays readable, and reaches the team when the network returns.
import { randomUUID } from 'node:crypto';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type E2e, mapCamera, screenshot, startE2e } from '../support';
import { cameraJpeg, downloadFromList, fieldContext, fieldMapIdle, fieldPage, loginField, photoWith, teammateOn } from '../field-support';
import { type TestMission, makeMission } from '../../field/test/support';
import { type Instance, type LiveClient, childInstance, testPrefix } from '../../test-support/realtime';

let e2e: E2e;
let other: Instance;
let mission: TestMission;
let context: BrowserContext;
let page: Page;
let teammate: LiveClient;

beforeAll(async () => {
  const prefix = testPrefix();
  e2e = await startE2e({ realtimePrefix: prefix });
  other = await childInstance(e2e.db.url, prefix);
  mission = await makeMission(e2e.db.pool, { plant: 'rooftop', auditTypes: ['el'] });
  context = await fieldContext(e2e, { locale: 'fr-FR' });
  page = await fieldPage(context);
}, 300_000);
afterAll(async () => {
  teammate?.close();
  await context?.close();
  await other?.close();
  await e2e?.close();
});

describe('the chat on the tablet', () => {
  it('hears a pinned message live, zooms to its module, reads it; sends one written offline when the network returns', async () => {
    const lea = await teammateOn(e2e, other, mission.id, 'Léa Roux');
    teammate = lea.live;
    const { rows: modules } = await e2e.db.pool.query<{ id: string; code: string; lon: number; lat: number }>(
      `select id, code, st_x(st_centroid(geom)) as lon, st_y(st_centroid(geom)) as lat from modules
        where plant_id = $1 and deleted_at is null order by code desc limit 2`, [mission.plantId]);
    const [pinned, mine] = modules as [typeof modules[0], typeof modules[0]];

    const { rows: [{ reference }] } = await e2e.db.pool.query('select reference from missions where id = $1', [mission.id]);
    await loginField(page);
    await downloadFromList(page, reference);
    await page.locator(`[data-testid="mission-${reference}"] button.primary`).click();
    await fieldMapIdle(page);
    await page.waitForSelector(`[data-testid="team-${lea.id}"]`);
    const zoomBefore = (await mapCamera(page)).zoom;

    // Léa writes from another instance, pinning a module: the button counts it; the panel shows it.
    const said = randomUUID();
    expect((await teammate.ask('chat:send', { missionId: mission.id, id: said, body: 'Regarde celui-là', moduleId: pinned.id })).ok).toBe(true);
    await page.waitForSelector('[data-testid=chat-unread]:text-is("1")');
    await page.click('[data-testid=open-chat]');
    const message = page.getByTestId('chat-message').filter({ hasText: 'Regarde celui-là' });
    await message.waitFor();
    expect(await message.textContent()).toContain('Léa Roux');
    expect(await message.getByTestId('chat-pin').textContent()).toContain(pinned.code);
    // Read while the panel shows it: Léa hears the receipt.
    const receipt = await teammate.event<{ userId: string; messageId: string }>('read', (d) => d.userId === mission.technicianId);
    expect(receipt.data.messageId).toBe(said);

    // The pin zooms the map to the module.
    await message.getByTestId('chat-pin').click();
    // A module is far smaller than the view: the map flies in to its closest zoom, 21.
    await page.waitForFunction(() => (window as unknown as { __calepinMap: { getZoom(): number } }).__calepinMap.getZoom() > 20.9);
    expect(zoomBefore).toBeLessThan(20.5);
    await fieldMapIdle(page);
    const [w, s, e, n] = (await mapCamera(page)).bounds as [number, number, number, number];
    expect(pinned.lon > w && pinned.lon < e && pinned.lat > s && pinned.lat < n).toBe(true);
    await screenshot(page, 'field-chat-fr');

    // Offline: a message with a photo, pinned to the module selected on the map, waits on the tablet.
    await context.setOffline(true);
    await page.fill('[data-testid=module-search]', mine.code);
    await page.waitForSelector(`#module-hits option[value="${mine.code}"]`, { state: 'attached' });
    await page.press('[data-testid=module-search]', 'Enter');
    await page.waitForSelector(`[data-testid=module-code]:has-text("${mine.code}")`);
    await page.click('[data-testid=open-chat]');
    await page.fill('[data-testid=chat-input]', 'Diode grillée ici');
    await photoWith(page, '[data-testid=chat-photo]', await cameraJpeg(page, 3));
    await page.waitForSelector('[data-testid=chat-photo][aria-pressed=true]');
    await page.check('[data-testid=chat-pin-module]');
    await page.click('[data-testid=chat-send]');
    const written = page.getByTestId('chat-message').filter({ hasText: 'Diode grillée ici' });
    await written.getByTestId('chat-waiting').waitFor();
    await written.getByTestId('photo-thumb').waitFor();
    expect(await written.getByTestId('chat-pin').textContent()).toContain(mine.code);
    await screenshot(page, 'field-chat-offline-fr');

    // The network returns: the message reaches Léa, with its pin and photo, and stops waiting.
    await context.setOffline(false);
    type Changes = { type: string; data: { messages: { body: string; moduleId: string | null; photoId: string | null; authorId: string }[] } };
    // The sync engine retries with its backoff: up to a minute after the network returns.
    const heard = (await teammate.wait('event', (e: Changes) => e.type === 'changes' && e.data.messages.some((m) => m.body === 'Diode grillée ici'), 60)) as Changes;
    const sent = heard.data.messages.find((m) => m.body === 'Diode grillée ici')!;
    expect(sent.moduleId).toBe(mine.id);
    expect(sent.photoId).not.toBeNull();
    expect(sent.authorId).toBe(mission.technicianId);
    await written.getByTestId('chat-waiting').waitFor({ state: 'detached', timeout: 60_000 });
  }, 240_000); // a download, two round trips through the network and the sync's retry after it returns
});
