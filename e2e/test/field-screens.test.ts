// Every screen of the field app in English, landscape and portrait, EL night mode included
// (the French ones are taken by the offline walk): each screen must show its own words and
// no key of the catalogue left untranslated.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type E2e, screenshot, startE2e } from '../support';
import { bothOrientations, downloadFromList, fieldContext, fieldMapIdle, fieldPage, loginField } from '../field-support';
import { makeMission } from '../../field/test/support';

let e2e: E2e;
let reference: string;
let firstCode: string;
let context: BrowserContext;
let page: Page;
const shot = (name: string) => bothOrientations(page, `field-${name}-en`, screenshot);

beforeAll(async () => {
  e2e = await startE2e();
  const mission = await makeMission(e2e.db.pool, { plant: 'ground', auditTypes: ['el', 'thermography'] });
  reference = (await e2e.db.pool.query('select reference from missions where id = $1', [mission.id])).rows[0].reference;
  firstCode = (await e2e.db.pool.query('select code from modules where plant_id = $1 and deleted_at is null order by code limit 1', [mission.plantId])).rows[0].code;
  context = await fieldContext(e2e, { locale: 'en-US' });
  page = await fieldPage(context);
}, 300_000);
afterAll(async () => {
  await context?.close();
  await e2e?.close();
});

/** No catalogue key shown as is (a missing translation shows its key, e.g. "night.next"). */
async function noRawKeys(): Promise<void> {
  const text = await page.locator('body').innerText();
  expect(text).not.toMatch(/\b(app|mission|missions|module|defect|defectType|status|severity|checklist|night|sync|layers|download|search|photo|audit)\.[a-z][A-Za-z]+\b/);
}

describe('the field app in English', () => {
  it('shows the login, the missions and the map', async () => {
    await page.goto('/field/');
    await page.waitForSelector('input[name=email]');
    await shot('login');
    await loginField(page);
    await page.waitForSelector(`[data-testid="mission-${reference}"]`);
    await downloadFromList(page, reference);
    await shot('missions');
    await noRawKeys();
    await page.locator(`[data-testid="mission-${reference}"] button.primary`).click();
    await fieldMapIdle(page);
    await shot('map');
  });

  it('shows a module, the defect form for thermography and the layers', async () => {
    await page.selectOption('[data-testid=audit]', { label: 'Thermography' });
    await page.fill('[data-testid=module-search]', firstCode);
    await page.waitForSelector(`#module-hits option[value="${firstCode}"]`, { state: 'attached' });
    await page.press('[data-testid=module-search]', 'Enter');
    await page.waitForSelector('[data-testid=panel-module]');
    await fieldMapIdle(page);
    await shot('module');
    await page.click('[data-testid=new-defect]');
    await page.selectOption('[data-testid=defect-type]', 'hot_spot');
    await shot('defect');
    await noRawKeys();
    await page.click('[data-testid=defect-form] button.close');
    await page.getByRole('button', { name: 'Map', exact: true }).click();
    await page.waitForSelector('[data-testid=layers]');
    await shot('layers');
    await noRawKeys();
  });

  it('shows the checklists and the sync panel', async () => {
    await page.click('[data-testid=open-checklists]');
    await page.locator('[data-testid=template]', { hasText: 'Ground' }).click();
    await page.waitForSelector('[data-testid=checklist]');
    await shot('checklist');
    await noRawKeys();
    await page.click('[data-testid=sync-badge]');
    await page.waitForSelector('[data-testid=sync-panel]');
    await shot('sync');
    await noRawKeys();
    await page.click('[data-testid=panel-sync] button.close');
  });

  it('shows EL night mode', async () => {
    await page.click('[data-testid=night-toggle]');
    await page.waitForSelector('[data-testid=night-mode] .chip');
    await fieldMapIdle(page);
    await shot('night');
    await noRawKeys();
  });
});
