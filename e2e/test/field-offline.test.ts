// The field app's whole mission with the network off after the download: the map from the
// device's GeoPackage, a module found by code and rated, a defect with a photo, a checklist
// answered (a non-conformity with its photo), EL night mode with its keys and undo; the page
// reloaded offline finds every edit, photo and answer; a crashed tab loses nothing saved; the
// exported GeoPackage passes GDAL's validator and holds the edits. French, landscape and
// portrait, a screenshot of each screen.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STATUS_COLORS } from '@calepin/core';
import { type E2e, screenshot, startE2e } from '../support';
import {
  bothOrientations, cameraJpeg, cspViolations, tileErrors, downloadFromList, drawnStatuses, fieldContext, fieldMapIdle, fieldPage, loginField, mapPixels, photoWith,
} from '../field-support';
import { type TestMission, makeMission } from '../../field/test/support';

let e2e: E2e;
let mission: TestMission;
let reference: string;
let context: BrowserContext;
let page: Page;
let module: { id: string; code: string };
/** Another module, for the crashed tab (the first one has two defects: one tap does not set it). */
let last: { id: string; code: string };
const dir = mkdtempSync(join(tmpdir(), 'calepin-field-e2e-'));
const shot = (name: string) => bothOrientations(page, `field-${name}-fr`, screenshot);

beforeAll(async () => {
  e2e = await startE2e();
  mission = await makeMission(e2e.db.pool, { plant: 'rooftop', auditTypes: ['el', 'visual'] });
  reference = (await e2e.db.pool.query('select reference from missions where id = $1', [mission.id])).rows[0].reference;
  const modules = 'select id, code from modules where plant_id = $1 and deleted_at is null order by code';
  module = (await e2e.db.pool.query(`${modules} limit 1`, [mission.plantId])).rows[0];
  last = (await e2e.db.pool.query(`${modules} desc limit 1`, [mission.plantId])).rows[0];
  context = await fieldContext(e2e, { locale: 'fr-FR', position: [1.3553, 43.9866] });
  page = await fieldPage(context);
}, 300_000);
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await context?.close();
  await e2e?.close();
});

/** Opens the mission's map again after a reload or in a new tab (the address holds the mission). */
async function reopen(p: Page): Promise<void> {
  await p.goto(`/field/?mission=${mission.id}`);
  await fieldMapIdle(p);
}

async function openModule(p: Page, code = module.code): Promise<void> {
  await p.fill('[data-testid=module-search]', code.toLowerCase());
  // The code is looked up in the store as it is typed: Enter once the suggestion is there.
  await p.waitForSelector(`#module-hits option[value="${code}"]`, { state: 'attached' });
  await p.press('[data-testid=module-search]', 'Enter');
  await p.waitForSelector(`[data-testid=module-code]:has-text("${code}")`);
  await fieldMapIdle(p);
}

describe('the field app, offline after the download', () => {
  it('downloads the mission package with a progress bar and opens its map', async () => {
    await loginField(page);
    await page.waitForSelector(`[data-testid="mission-${reference}"]`);
    await shot('missions');
    await downloadFromList(page, reference);
    await page.locator(`[data-testid="mission-${reference}"] button.primary`).click();
    await fieldMapIdle(page);
    await shot('map');
    // The modules are drawn from the device's tiles: every module is pending in this new audit.
    await expect.poll(() => mapPixels(page, STATUS_COLORS.pending), { timeout: 30_000, interval: 500 }).toBeGreaterThan(2000);
  });

  it('with the network off, a module found by code and rated is drawn in its new colour at once', async () => {
    await context.setOffline(true);
    await openModule(page);
    const built = () => page.evaluate(() => (window as unknown as { __calepinTiles: { built: number } }).__calepinTiles.built);
    const before = await built();
    await page.click('[data-testid=set-microcracks]');
    await page.waitForSelector('[data-testid=panel-module] .chip[data-status=microcracks]');
    await expect.poll(() => drawnStatuses(page, module.id)).toEqual(expect.arrayContaining(['microcracks']));
    expect(await drawnStatuses(page, module.id)).not.toContain('pending');
    // The tile under the module was built again from the store, in place.
    expect(await built()).toBeGreaterThan(before);
    await shot('module');
    await page.click('[data-testid=panel-module] button.close');
    await fieldMapIdle(page);
    await expect.poll(() => mapPixels(page, STATUS_COLORS.microcracks), { timeout: 30_000, interval: 500 }).toBeGreaterThan(300);
  });

  it('records a defect with a camera photo on the module', async () => {
    await openModule(page);
    await page.click('[data-testid=new-defect]');
    await page.click('[data-testid=status-dead]');
    await page.click('[data-testid=severity-urgent]');
    await page.fill('[data-testid=defect-description]', 'Cellule noire en EL, verre intact');
    await photoWith(page, '[data-testid=take-photo]', await cameraJpeg(page, 1));
    await page.waitForSelector('[data-testid=defect-form] [data-testid=photo-thumb]');
    await shot('defect');
    await page.click('[data-testid=save-defect]');
    await page.waitForSelector('[data-testid=panel-module] [data-testid=defect-item]:has-text("1 photo")');
    // The defect's status is the module's result (dead ranks above microcracks).
    await page.waitForSelector('[data-testid=panel-module] .chip[data-status=dead]');
    await page.waitForSelector('[data-testid=panel-module] [data-testid=photo-thumb]');
  });

  it('answers a checklist: a non-conformity asks for its photo', async () => {
    await page.click('[data-testid=open-checklists]');
    await page.waitForSelector('[data-testid=checklists] [data-testid=template]');
    await shot('checklists');
    await page.locator('[data-testid=template]', { hasText: 'IEC 62446-1' }).click();
    const field = page.locator('[data-testid=field-dc_design]');
    await field.getByRole('button', { name: 'Non', exact: true }).click();
    await field.locator('.error').waitFor();
    await photoWith(page, '[data-testid=photo-dc_design]', await cameraJpeg(page, 2), 'IMG_0002.jpg');
    await field.locator('[data-testid=photo-thumb]').waitFor();
    await expect.poll(() => field.locator('.error').count()).toBe(0);
    await page.locator('[data-testid=field-dc_rating]').getByRole('button', { name: 'Oui', exact: true }).click();
    await page.locator('[data-testid=field-dc_rating] button[aria-pressed=true]').waitFor();
    // The non-conformity placed on the map where it was seen: a red control point there.
    await page.click('[data-testid=place-dc_design]');
    await page.waitForSelector('[data-testid=placing-point]');
    const mapBox = (await page.locator('[data-testid=map]').boundingBox())!;
    await page.mouse.click(mapBox.x + mapBox.width / 2, mapBox.y + mapBox.height / 2);
    await page.waitForSelector('[data-testid=point-dc_design]');
    expect(await page.locator('[data-testid=placing-point]').count()).toBe(0);
    await page.waitForFunction(() => (window as unknown as { __calepinMap: { querySourceFeatures(s: string): { properties: Record<string, unknown> }[] } })
      .__calepinMap.querySourceFeatures('control-points').some((f) => f.properties.fieldId === 'dc_design' && f.properties.nonConformity === true));
    await shot('checklist');
  });

  it('rates modules one after another in EL night mode, keys and undo', async () => {
    await page.click('[data-testid=night-toggle]');
    await page.waitForSelector('[data-testid=night-mode]');
    // It opens on the first module in numbering order (the one with two defects): the next one.
    await page.locator('[data-testid=night-code]', { hasText: module.code }).waitFor();
    await page.keyboard.press('n');
    await expect.poll(() => page.locator('[data-testid=night-code]').textContent()).not.toBe(module.code);
    const first = await page.locator('[data-testid=night-code]').textContent();
    await page.keyboard.press('1');
    await expect.poll(() => page.locator('[data-testid=night-code]').textContent()).not.toBe(first);
    const second = await page.locator('[data-testid=night-code]').textContent();
    await page.keyboard.press('4');
    await expect.poll(() => page.locator('[data-testid=night-code]').textContent()).not.toBe(second);
    await page.click('[data-testid=undo]');
    // Undo goes back to the module and its rating is gone.
    await expect.poll(() => page.locator('[data-testid=night-code]').textContent()).toBe(second);
    await page.waitForSelector('[data-testid=night-mode] .chip[data-status=pending]');
    await fieldMapIdle(page);
    await shot('night');
    await page.click('[data-testid=night-mode] button.close');
  });

  it('reloaded offline, finds every edit, photo and answer', async () => {
    await page.reload();
    await fieldMapIdle(page);
    await openModule(page);
    await page.waitForSelector('[data-testid=panel-module] .chip[data-status=dead]');
    await page.waitForSelector('[data-testid=panel-module] [data-testid=defect-item]:has-text("1 photo")');
    // The photo is decrypted from the device's storage and drawn.
    await expect.poll(() => page.locator('[data-testid=panel-module] [data-testid=photo-thumb]')
      .evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(640);
    await page.click('[data-testid=open-checklists]');
    await page.locator('[data-testid=template]', { hasText: 'IEC 62446-1' }).click();
    await page.locator('[data-testid=field-dc_design] button[aria-pressed=true]', { hasText: 'Non' }).waitFor();
    await page.locator('[data-testid=field-dc_design] [data-testid=photo-thumb]').waitFor();
  });

  it('writes the tables’ and strings’ codes on the map offline (the glyphs kept by the service worker)', async () => {
    await page.click('[data-testid=panel-checklists] button.close');
    const table = (await e2e.db.pool.query<{ code: string; lon: number; lat: number }>(
      `select code, st_x(st_centroid(geom)) as lon, st_y(st_centroid(geom)) as lat from tables
        where plant_id = $1 and deleted_at is null order by code limit 1`, [mission.plantId])).rows[0]!;
    await page.evaluate(({ lon, lat }) => (window as unknown as { __calepinMap: { jumpTo(o: object): void } }).__calepinMap
      .jumpTo({ center: [lon, lat], zoom: 20 }), table);
    await fieldMapIdle(page);
    const labels = (layer: string) => page.evaluate((id) => (window as unknown as { __calepinMap: {
      queryRenderedFeatures(g?: unknown, o?: object): { properties: Record<string, unknown> }[] } }).__calepinMap
      .queryRenderedFeatures(undefined, { layers: [id] }).map((f) => String(f.properties.code)), layer);
    await expect.poll(() => labels('tables-label')).toContain(table.code);
    expect((await labels('strings-label')).length).toBeGreaterThan(0);
    await shot('labels');
    await reopen(page);
  });

  it('loses nothing saved when the tab crashes', async () => {
    await openModule(page, last.code);
    await page.click('[data-testid=set-ok]');
    await page.waitForSelector('[data-testid=panel-module] [aria-pressed=true][data-testid=set-ok]');
    // The renderer killed as the OS kills a tab: no unload, no flush.
    const cdp = await context.newCDPSession(page);
    const crashed = page.waitForEvent('crash');
    // Page.crash never answers: the page it would answer from is gone.
    void cdp.send('Page.crash').catch(() => undefined);
    await crashed;
    page = await fieldPage(context);
    await reopen(page);
    await openModule(page, last.code);
    await page.waitForSelector('[data-testid=panel-module] [aria-pressed=true][data-testid=set-ok]');
    await openModule(page);
    await page.waitForSelector('[data-testid=panel-module] [data-testid=defect-item]');
  });

  it('exports a GeoPackage that GDAL validates and that holds the edits', async () => {
    await page.click('[data-testid=sync-badge]');
    await page.waitForSelector('[data-testid=sync-panel]');
    await shot('sync');
    const download = page.waitForEvent('download');
    await page.click('[data-testid=export]');
    const file = join(dir, 'export.gpkg');
    await (await download).saveAs(file);
    const validation = execFileSync('/usr/bin/python3', ['/usr/share/doc/python3-gdal/examples/validate_gpkg.py', file], { encoding: 'utf8' });
    expect(validation.trim()).toBe('');
    const defects = execFileSync('ogrinfo', ['-ro', '-q', file, '-sql', `select severity, module_status, description from defects where module_id = '${module.id}'`], { encoding: 'utf8' });
    expect(defects).toContain('urgent');
    expect(defects).toContain('Cellule noire en EL');
    const photos = execFileSync('ogrinfo', ['-ro', '-q', file, '-sql', 'select count(*) as n from photos'], { encoding: 'utf8' });
    expect(photos).toMatch(/n \(Integer\) = 2/);
    const outbox = execFileSync('ogrinfo', ['-ro', '-q', file, '-sql', "select count(*) as n from calepin_outbox where state = 'pending'"], { encoding: 'utf8' });
    expect(outbox).not.toMatch(/n \(Integer\) = 0\b/);
  });

  it('ran the whole walk without a Content-Security-Policy refusal or a tile error', async () => {
    // Around the plant: tiles with nothing in them, one after another.
    for (const [dx, dy] of [[0.01, 0], [0, 0.01], [-0.01, 0]] as const) {
      await page.evaluate(([x, y]) => {
        const map = (window as unknown as { __calepinMap: { getCenter(): { lng: number; lat: number }; jumpTo(o: object): void } }).__calepinMap;
        const c = map.getCenter();
        map.jumpTo({ center: [c.lng + x, c.lat + y], zoom: 17 });
      }, [dx, dy] as const);
      await fieldMapIdle(page);
    }
    expect(cspViolations).toEqual([]);
    expect(tileErrors).toEqual([]);
  });
});
