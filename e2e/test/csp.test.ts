// Issue 13: the Content-Security-Policy that gis-server sends must be one the web app
// really satisfies. Chromium loads the map (with a raster basemap from another origin),
// the plans and the control-point editor, the layout editor, the 3D view and the access
// tokens screen, and reports every refusal: there must be none.
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import gdal from 'gdal-async';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PLANTS } from '@calepin/data-fixtures';
import { planTruth, writePlan } from '../plan-fixture';
import { type E2e, apiToken, login, mapIdle, screenshot, startE2e } from '../support';

let e2e: E2e;
let page: Page;
let plantId: string;
let planId: string;
let basemap: Server;
let basemapHits = 0;
const refusals: string[] = [];

/** A 256 px grey PNG: the whole "aerial imagery" of the fake basemap service. */
function tilePng(): Buffer {
  const ds = gdal.open('basemap', 'w', 'MEM', 256, 256, 3, gdal.GDT_Byte);
  for (let b = 1; b <= 3; b++) ds.bands.get(b).pixels.write(0, 0, 256, 256, new Uint8Array(256 * 256).fill(160 + b * 10));
  const path = '/vsimem/basemap-tile.png';
  gdal.drivers.get('PNG').createCopy(path, ds).close();
  ds.close();
  return gdal.vsimem.release(path);
}

beforeAll(async () => {
  const png = tilePng();
  basemap = createServer((_req, res) => {
    basemapHits++;
    res.writeHead(200, { 'content-type': 'image/png', 'access-control-allow-origin': '*' });
    res.end(png);
  });
  await new Promise<void>((resolve) => basemap.listen(0, '127.0.0.1', resolve));
  // Another origin than the app's (another port): the CSP must name it.
  const port = (basemap.address() as AddressInfo).port;
  const aerial = { id: 'aerial', label: null, url: `http://127.0.0.1:${port}/{z}/{x}/{y}.png`, attribution: null, maxzoom: 19, defaultWithin: null };
  e2e = await startE2e({ config: { basemaps: [aerial] } });
  const { rows } = await e2e.db.pool.query<{ id: string }>('select id from plants where name = $1', [DEMO_PLANTS.rooftop.name]);
  plantId = rows[0]!.id;

  // A georeferenced plan, so that the map and the plans screens draw plan tiles too.
  const truth = await planTruth(e2e.db.pool, plantId, 0);
  const form = new FormData();
  form.append('file', new Blob([await readFile(await writePlan('geotiff', truth.geoTransform))]), 'plan.tif');
  const token = await apiToken(e2e.base, 'manager');
  const accepted = await fetch(`${e2e.base}/api/v1/plants/${plantId}/plans`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  expect(accepted.status).toBe(202);
  planId = ((await accepted.json()) as { plan: { id: string } }).plan.id;
  for (let status = 'processing'; status !== 'georeferenced';) {
    const plan = await fetch(`${e2e.base}/api/v1/plans/${planId}`, { headers: { authorization: `Bearer ${token}` } });
    status = ((await plan.json()) as { status: string }).status;
    if (status === 'failed') throw new Error('the plan of the CSP test failed');
    await new Promise((r) => setTimeout(r, 300));
  }

  page = await e2e.page('fr-FR');
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP refusal: ${e.violatedDirective} ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  page.on('console', (message) => {
    const text = message.text();
    if (/Content Security Policy|CSP refusal|Refused to/i.test(text)) refusals.push(`${page.url()}: ${text}`);
  });
  await login(page, 'manager');
}, 300_000);

afterAll(async () => {
  await e2e?.close();
  await new Promise((resolve) => basemap?.close(resolve));
});

describe('the Content-Security-Policy holds in the browser', () => {
  it('is sent with the app, naming the basemap host', async () => {
    const response = await page.goto('/');
    const csp = response?.headers()['content-security-policy'] ?? '';
    expect(csp).toContain(`connect-src 'self' blob: http://127.0.0.1:${(basemap.address() as AddressInfo).port}`);
    expect(csp).toContain("frame-ancestors 'none'");
  });

  it('the plant map, with the plan and the aerial basemap: nothing refused', async () => {
    await page.goto(`/plants/${plantId}/map`);
    await mapIdle(page);
    await page.selectOption('[data-testid=basemap-select]', 'aerial');
    await mapIdle(page);
    await expect.poll(() => basemapHits).toBeGreaterThan(0);
    await screenshot(page, 'csp-map');
    expect(refusals).toEqual([]);
  });

  it('the plant page with its plans, and the control-point editor: nothing refused', async () => {
    await page.goto(`/plants/${plantId}`);
    await page.locator(`[data-testid=plan-${planId}]`).waitFor();
    // The georeferenced plan downloads as its GeoTIFF (COG), for QGIS.
    await page.locator(`[data-testid=plan-${planId}]`).scrollIntoViewIfNeeded();
    await screenshot(page, 'plans-geotiff');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click(`[data-testid=plan-${planId}] [data-testid=plan-geotiff]`)]);
    expect(download.suggestedFilename()).toBe('plan.tif');
    await page.goto(`/plants/${plantId}/plans/${planId}/georeference`);
    await page.waitForSelector('[data-testid=plan-map] canvas');
    await page.waitForSelector('[data-testid=target-map] canvas');
    await page.waitForLoadState('networkidle');
    await screenshot(page, 'csp-georeference');
    expect(refusals).toEqual([]);
  });

  it('the layout editor: nothing refused', async () => {
    await page.goto(`/plants/${plantId}/layout`);
    await mapIdle(page);
    await screenshot(page, 'csp-layout');
    expect(refusals).toEqual([]);
  });

  it('the 3D view: nothing refused', async () => {
    await page.goto(`/plants/${plantId}/3d`);
    await page.waitForSelector('[data-testid=view3d][data-loaded=true]');
    await screenshot(page, 'csp-3d');
    expect(refusals).toEqual([]);
  });

  it('a CSP refusal would be seen: an inline script is refused and reported', async () => {
    // The check above cannot pass by hearing nothing: the same page reports a real refusal.
    const before = refusals.length;
    await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.__inline = 1';
      document.body.append(script);
    });
    await expect.poll(() => refusals.length).toBeGreaterThan(before);
    refusals.length = before;
  });
});
