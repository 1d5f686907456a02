// The DiagPV import screen as a manager uses it: upload the real export, read what will be
// created and how it maps, give each new plant a place, import; the same file again
// creates nothing. Screenshots in French and English (e2e/screenshots/import-diagpv-*).
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type E2e, STATUS_HEX, colourCountsWhen, login, mapIdle, screenshot, startE2e } from '../support';

const FILE = new URL('../../data-fixtures/reference/diagpv-el-export.sql', import.meta.url).pathname;

let e2e: E2e;
let page: Page;

beforeAll(async () => {
  e2e = await startE2e();
  page = await e2e.page('fr-FR');
  await login(page, 'manager');
});
afterAll(() => e2e?.close());

describe('importing the DiagPV EL export', () => {
  it('shows what the file holds before anything is created, in French', async () => {
    await page.click('[data-testid=nav-import]');
    await page.setInputFiles('[data-testid=import-file]', FILE);
    await page.waitForSelector('[data-testid=import-mapping]');
    const mapping = await page.textContent('[data-testid=import-mapping]');
    expect(mapping).toContain('dead_module');
    expect(mapping).toContain('Module mort');
    expect(await page.textContent('[data-testid=import-plants]')).toContain('nouvelle grille de 10 rangées × 26 colonnes');
    expect(await page.textContent('[data-testid=import-warnings]')).toContain('LES FORGES : 11 rangées');
    await page.setViewportSize({ width: 1280, height: 1500 });
    await screenshot(page, 'import-diagpv-preview-fr');
    const { rowCount } = await e2e.db.pool.query("select 1 from plants where name = 'JALIBAT'");
    expect(rowCount).toBe(0);
  });

  it('imports once the plants are placed, and links to the layout editor', async () => {
    await page.fill('[data-testid="lon-JALIBAT"]', '1.4442');
    await page.fill('[data-testid="lat-JALIBAT"]', '43.6047');
    await page.fill('[data-testid="lon-LES FORGES"]', '-2.6322');
    await page.fill('[data-testid="lat-LES FORGES"]', '48.0464');
    await page.click('[data-testid=import-run]');
    await page.waitForSelector('[data-testid=import-result]');
    expect(await page.textContent('[data-testid=import-result]')).toContain('242 modules disposés');
    await page.waitForFunction(() => document.querySelector('[data-testid=import-audits]')?.textContent?.includes('déjà importé'));
    await screenshot(page, 'import-diagpv-done-fr');
    const { rows } = await e2e.db.pool.query(
      "select count(*)::int as n from audit_modules am join audits a on a.id = am.audit_id where a.conditions ->> 'source' = 'diagpv'");
    expect(rows[0].n).toBe(462);
  });

  it('draws JALIBAT’s grid on the map in the status colours, ready to be placed on the roof', async () => {
    const { rows: [jalibat] } = await e2e.db.pool.query("select id from plants where name = 'JALIBAT'");
    await page.setViewportSize({ width: 1280, height: 820 });
    await page.goto(`/plants/${jalibat.id}/map`);
    await mapIdle(page);
    await page.waitForFunction(() => document.querySelector('[data-testid=count-dead]')?.textContent !== '…');
    expect(Number((await page.textContent('[data-testid=count-dead]'))?.replace(/\s/g, ''))).toBe(182);
    // More dead than healthy on screen, and some healthy (read until the tiles are all drawn).
    await colourCountsWhen(page, { dead: STATUS_HEX.dead, ok: STATUS_HEX.ok, microcracks: STATUS_HEX.microcracks }, (p) => p.dead! > p.ok! && p.ok! > 0);
    await screenshot(page, 'import-diagpv-jalibat-map');
  });

  it('says the same in English, and the file again creates nothing', async () => {
    const en = await e2e.page('en-US');
    await login(en, 'manager');
    await en.goto('/imports/diagpv');
    await en.setInputFiles('[data-testid=import-file]', FILE);
    await en.waitForSelector('[data-testid=import-mapping]');
    expect(await en.textContent('[data-testid=import-plants]')).toContain('242 modules matched by code on the existing layout');
    await en.setViewportSize({ width: 1280, height: 1500 });
    await screenshot(en, 'import-diagpv-preview-en');
    await en.click('[data-testid=import-run]');
    await en.waitForSelector('[data-testid=import-result]');
    expect(await en.textContent('[data-testid=import-result]')).toContain('found again');
    const { rows } = await e2e.db.pool.query("select count(*)::int as n from plants where name in ('JALIBAT', 'LES FORGES')");
    expect(rows[0].n).toBe(2);
  });
});
