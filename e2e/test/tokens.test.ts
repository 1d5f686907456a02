// The personal access tokens screen as a QGIS user would use it: make a token, copy it
// (shown once), use it where QGIS would (an XYZ tile URL), revoke it.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PLANTS } from '@calepin/data-fixtures';
import { type E2e, login, screenshot, startE2e } from '../support';

let e2e: E2e;
let page: Page;
let rooftop: { lon: number; lat: number };

beforeAll(async () => {
  e2e = await startE2e();
  const { rows } = await e2e.db.pool.query('select st_x(location) as lon, st_y(location) as lat from plants where name = $1', [DEMO_PLANTS.rooftop.name]);
  rooftop = rows[0];
  page = await e2e.page('fr-FR');
  await login(page, 'client');
});
afterAll(() => e2e?.close());

/** The z16 tile of the rooftop plant, through gis-server's /tiles as a QGIS XYZ layer asks for it. */
function tilePath(): string {
  const z = 16;
  const n = 2 ** z;
  const x = Math.floor(((rooftop.lon + 180) / 360) * n);
  const rad = (rooftop.lat * Math.PI) / 180;
  const y = Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n);
  return `/tiles/plants,modules/${z}/${x}/${y}`;
}

describe('personal access tokens', () => {
  it('a client user makes one from the header link; it is shown once with the QGIS addresses', async () => {
    await page.click('[data-testid=nav-tokens]');
    await page.waitForSelector('[data-testid=tokens-page]');
    await page.fill('[data-testid=token-name]', 'QGIS du bureau');
    await page.selectOption('[data-testid=token-expiry]', 'd90');
    await page.click('[data-testid=tokens-page] button[type=submit]');
    await page.waitForSelector('[data-testid=token-new]');
    const token = await page.inputValue('[data-testid=token-value]');
    expect(token).toMatch(/^cpat_/);
    await expect.poll(() => page.locator('[data-testid=token-row]').count()).toBe(1);
    await screenshot(page, 'tokens-created');

    const tile = await fetch(`${e2e.base}${tilePath()}?token=${token}`);
    expect(tile.status).toBe(200);
    expect(tile.headers.get('content-type')).toBe('application/x-protobuf');

    // Shown once: after a reload, only its name and first characters remain.
    await page.reload();
    await page.waitForSelector('[data-testid=token-row]');
    expect(await page.locator('[data-testid=token-new]').count()).toBe(0);
    expect(await page.locator('[data-testid=tokens-table]').textContent()).toContain('QGIS du bureau');
    expect(await page.content()).not.toContain(token);
    e2eToken = token;
  });

  let e2eToken = '';

  it('revoked, it stops working at once', async () => {
    page.once('dialog', (dialog) => void dialog.accept());
    await page.click('[data-testid=token-row] button');
    await expect.poll(() => page.locator('[data-testid=token-row]').count()).toBe(0);
    const tile = await fetch(`${e2e.base}${tilePath()}?token=${e2eToken}`);
    expect(tile.status).toBe(401);
  });

  it('says why a name is refused, in English too', async () => {
    const english = await e2e.page('en-US');
    await login(english, 'manager');
    await english.goto('/account/tokens');
    for (let i = 0; i < 2; i++) {
      await english.fill('[data-testid=token-name]', 'GDAL');
      await english.click('[data-testid=tokens-page] button[type=submit]');
      await english.waitForSelector(i === 0 ? '[data-testid=token-new]' : '.field-error');
    }
    expect(await english.locator('.field-error').textContent()).toBe('already exists: gdal');
    await screenshot(english, 'tokens-en');
  });
});

describe('the session across pages', () => {
  it('survives a page left while its token renewal was in flight', async () => {
    const other = await e2e.page('fr-FR');
    await login(other, 'manager');
    // The dashboard's renewal answers slowly (a busy server); the user opens another page before.
    let held = 0;
    await other.route('**/api/v1/auth/refresh', async (route) => {
      // The server rotates the token at once; its answer reaches the page late, or never.
      const response = await route.fetch();
      if (held++ === 0) await new Promise((r) => setTimeout(r, 1500));
      await route.fulfill({ response }).catch(() => undefined);
    });
    await other.goto('/', { waitUntil: 'commit' });
    await expect.poll(() => held, { timeout: 10_000 }).toBeGreaterThan(0);
    await other.goto('/plants');
    // Still signed in: the next page's renewal, with the token the first one had rotated, is not taken for a theft.
    await other.waitForSelector('[data-testid=who]');
    await other.getByRole('heading', { name: 'Centrales' }).waitFor();
    expect(new URL(other.url()).pathname).toBe('/plants');
    await other.close();
  });
});
