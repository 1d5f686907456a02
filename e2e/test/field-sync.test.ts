// The field app and the server together (docs/sync.md): edits made with the network off —
// a module rated, a defect with a camera photo — are sent by themselves once the network
// is back; the office API then has the new module statuses, and the photo's bytes under
// its SHA-256, EXIF and all.
import { createHash } from 'node:crypto';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type E2e, apiJson, apiToken, screenshot, startE2e } from '../support';
import { cameraJpeg, downloadFromList, fieldContext, fieldMapIdle, fieldPage, loginField, photoWith } from '../field-support';
import { type TestMission, makeMission } from '../../field/test/support';

let e2e: E2e;
let mission: TestMission;
let context: BrowserContext;
let page: Page;
let modules: { id: string; code: string }[];

beforeAll(async () => {
  e2e = await startE2e();
  mission = await makeMission(e2e.db.pool, { plant: 'rooftop', auditTypes: ['el'] });
  modules = (await e2e.db.pool.query('select id, code from modules where plant_id = $1 and deleted_at is null order by code limit 2', [mission.plantId])).rows;
  context = await fieldContext(e2e, { locale: 'fr-FR' });
  page = await fieldPage(context);
}, 300_000);
afterAll(async () => {
  await context?.close();
  await e2e?.close();
});

async function openModule(code: string): Promise<void> {
  await page.fill('[data-testid=module-search]', code);
  await page.waitForSelector(`#module-hits option[value="${code}"]`, { state: 'attached' });
  await page.press('[data-testid=module-search]', 'Enter');
  await page.waitForSelector(`[data-testid=module-code]:has-text("${code}")`);
}

/** The audit's results as the office reads them: module id → status. */
async function officeStatuses(token: string): Promise<Record<string, string>> {
  const page = await apiJson<{ items: { moduleId: string; status: string }[] }>(e2e.base, token, 'GET', `/audits/${mission.audits.el}/modules?limit=5000`);
  return Object.fromEntries(page.items.map((m) => [m.moduleId, m.status]));
}

describe('the field app syncs by itself when the network comes back', () => {
  it('sends offline edits and the photo; the office sees them', async () => {
    const [first, second] = modules as [{ id: string; code: string }, { id: string; code: string }];
    const { rows: [{ reference }] } = await e2e.db.pool.query('select reference from missions where id = $1', [mission.id]);
    await loginField(page);
    await downloadFromList(page, reference);
    await page.locator(`[data-testid="mission-${reference}"] button.primary`).click();
    await fieldMapIdle(page);

    await context.setOffline(true);
    await openModule(first.code);
    await page.click('[data-testid=set-dead]');
    await page.waitForSelector('[data-testid=panel-module] .chip[data-status=dead]');
    await openModule(second.code);
    await page.click('[data-testid=new-defect]');
    await page.click('[data-testid=status-string_open]');
    const jpeg = await cameraJpeg(page, 7);
    await photoWith(page, '[data-testid=take-photo]', jpeg);
    await page.waitForSelector('[data-testid=defect-form] [data-testid=photo-thumb]');
    await page.click('[data-testid=save-defect]');
    await page.waitForSelector('[data-testid=panel-module] .chip[data-status=string_open]');
    await page.waitForSelector('[data-testid=sync-badge][data-state=offline]');

    // Nothing reached the server while offline.
    const office = await apiToken(e2e.base, 'manager');
    expect(await officeStatuses(office)).not.toHaveProperty(first.id);
    const sha256 = createHash('sha256').update(jpeg).digest('hex');
    const before = await fetch(`${e2e.base}/api/v1/files/${sha256}`, { method: 'HEAD', headers: { authorization: `Bearer ${office}` } });
    expect(before.status).toBe(404);

    // The network comes back: no button pressed.
    await context.setOffline(false);
    await expect.poll(() => officeStatuses(office), { timeout: 60_000 }).toMatchObject({ [first.id]: 'dead', [second.id]: 'string_open' });
    await expect.poll(async () => (await fetch(`${e2e.base}/api/v1/files/${sha256}`, {
      method: 'HEAD', headers: { authorization: `Bearer ${office}` },
    })).status, { timeout: 60_000 }).toBe(200);
    const bytes = Buffer.from(await (await fetch(`${e2e.base}/api/v1/files/${sha256}`, { headers: { authorization: `Bearer ${office}` } })).arrayBuffer());
    expect(bytes.equals(jpeg)).toBe(true);

    // And the tablet says so: nothing waits, the photo is freed from the outbox of files.
    await page.waitForSelector('[data-testid=sync-badge][data-state=idle]');
    await page.click('[data-testid=sync-badge]');
    await page.waitForSelector('[data-testid=sync-waiting]:text-is("0")');
    await screenshot(page, 'field-synced-fr');
  });
});
