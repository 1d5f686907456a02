// Notifications on the tablet (Web Push, docs/notifications.md), in Chromium: the switch
// in the missions' header, and the service worker showing a pushed notification with the
// link a tap opens. Headless Chromium has no push service of its own (Google's
// is not reachable here), so the message is handed to the service worker by DevTools'
// ServiceWorker.deliverPushMessage, as the push service would; the server's side of the
// delivery is gis-server/test/push.test.ts, against a local push service.
import type { BrowserContext, Page } from 'playwright-core';
import webpush from 'web-push';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type E2e, screenshot, startE2e } from '../support';
import { fieldContext, fieldPage, loginField } from '../field-support';
import { makeMission } from '../../field/test/support';

let e2e: E2e;
let context: BrowserContext;
let page: Page;
let missionId: string;
const vapid = webpush.generateVAPIDKeys();

beforeAll(async () => {
  e2e = await startE2e({ config: { push: { ...vapid, subject: 'mailto:ops@calepin.test', services: ['fcm.googleapis.com'] } } });
  missionId = (await makeMission(e2e.db.pool, { plant: 'rooftop', auditTypes: ['el'] })).id;
  context = await fieldContext(e2e, { locale: 'fr-FR' });
  await context.grantPermissions(['notifications']);
  page = await fieldPage(context);
}, 300_000);
afterAll(async () => {
  await context?.close();
  await e2e?.close();
});

describe('notifications on the tablet', () => {
  it('offers them in the missions’ header, in the user’s language', async () => {
    await loginField(page);
    const toggle = page.locator('[data-testid=push]');
    await toggle.waitFor();
    expect(await toggle.getAttribute('data-state')).toBe('off');
    expect(await toggle.innerText()).toContain('M’avertir sur cette tablette');
    await screenshot(page, 'field-push-toggle-fr');
  });

  it('shows a pushed notification with its mission’s link, one per mission and kind', async () => {
    const cdp = await context.newCDPSession(page);
    const registered = new Promise<string>((resolve) => {
      cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }) => {
        const ours = registrations.find((r: { scopeURL: string }) => r.scopeURL.endsWith('/field/'));
        if (ours) resolve(ours.registrationId);
      });
    });
    await cdp.send('ServiceWorker.enable');
    const registrationId = await registered;
    // Ready is an active worker, which may still be activating: a push is delivered to an activated one
    // (under a CPU burner the first push was lost to a worker that had not finished activating).
    await page.evaluate(async () => {
      const worker = (await navigator.serviceWorker.ready).active as ServiceWorker;
      if (worker.state === 'activated') return;
      await new Promise<void>((resolve) => worker.addEventListener('statechange', () => { if (worker.state === 'activated') resolve(); }));
    });
    const payload = {
      id: 'n1', kind: 'chat_mention', missionId, url: `/field/?mission=${missionId}`, tag: `${missionId}:chat_mention`,
      title: 'Calepin — OM-1', body: 'Marie vous a mentionné sur la mission OM-1 : « regarde la rangée 3 »',
    };
    await cdp.send('ServiceWorker.deliverPushMessage', { origin: e2e.base, registrationId, data: JSON.stringify(payload) });
    const shown = () => page.evaluate(async () => {
      const list = await (await navigator.serviceWorker.ready).getNotifications();
      return list.map((n) => ({ title: n.title, body: n.body, tag: n.tag, url: (n.data as { url: string }).url }));
    });
    await expect.poll(shown, { timeout: 30_000, interval: 100 }).toHaveLength(1);
    // A second one of the same mission and kind replaces it on the screen.
    await cdp.send('ServiceWorker.deliverPushMessage', { origin: e2e.base, registrationId, data: JSON.stringify({ ...payload, body: 'again' }) });
    await expect.poll(async () => (await shown())[0]?.body, { timeout: 30_000, interval: 100 }).toBe('again');
    expect(await shown()).toEqual([{ title: payload.title, body: 'again', tag: payload.tag, url: payload.url }]);
  });
});
