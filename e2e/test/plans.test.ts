// Plans in a real browser against the real servers: upload a plan with its progress, place
// control points on the plan and on the map at known true positions, save, wait for the
// warp, and see the plan over the plant map where it belongs; a GeoTIFF lands by itself.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_PLANTS } from '@calepin/data-fixtures';
import { writePlanFixtures } from '@calepin/data-fixtures/plans';
import { type PlanTruth, VIOLET, VIOLET_RECT, planTruth, writeNoise, writePlan } from '../plan-fixture';
import { type E2e, canvasPixels, colourCounts, colourCountsWhen, login, mapIdle, screenshot, startE2e } from '../support';

let e2e: E2e;
let page: Page;
let plantId: string;

type Xy = [number, number];
interface Handles {
  __calepinPlanMap: { project(p: Xy): { x: number; y: number } };
  __calepinPlanSpace: { toLngLat(p: Xy): Xy };
  __calepinTargetMap: { project(p: Xy): { x: number; y: number }; loaded(): boolean };
  __calepinMap: {
    project(p: Xy): { x: number; y: number };
    setLayoutProperty(l: string, k: string, v: string): void;
    getStyle(): { layers: { id: string }[] };
    getPaintProperty(l: string, k: string): unknown;
    getLayoutProperty(l: string, k: string): unknown;
  };
}

beforeAll(async () => {
  e2e = await startE2e();
  const { rows } = await e2e.db.pool.query<{ id: string }>('select id from plants where name = $1', [DEMO_PLANTS.rooftop.name]);
  plantId = rows[0]!.id;
  page = await e2e.page('fr-FR');
  await login(page, 'manager');
});
afterAll(() => e2e?.close());

/** Screen position (page coordinates) of a pixel of the plan in the editor's plan pane. */
async function onPlan(pixel: Xy): Promise<{ x: number; y: number }> {
  const box = (await page.locator('[data-testid=plan-map]').boundingBox())!;
  const p = await page.evaluate((px) => {
    const w = window as unknown as Handles;
    return w.__calepinPlanMap.project(w.__calepinPlanSpace.toLngLat(px));
  }, pixel);
  return { x: box.x + p.x, y: box.y + p.y };
}

async function onTarget(lonLat: Xy): Promise<{ x: number; y: number }> {
  const box = (await page.locator('[data-testid=target-map]').boundingBox())!;
  const p = await page.evaluate((ll) => (window as unknown as Handles).__calepinTargetMap.project(ll), lonLat);
  return { x: box.x + p.x, y: box.y + p.y };
}

/** The plans the plant map draws, by plan id: their opacity and whether they are shown. */
const planLayers = () => page.evaluate(() => {
  const map = (window as unknown as Handles).__calepinMap;
  const layers = map.getStyle().layers.filter((l) => l.id.startsWith('plan-'));
  return Object.fromEntries(layers.map((l) => [l.id.slice('plan-'.length), {
    opacity: map.getPaintProperty(l.id, 'raster-opacity'),
    visible: map.getLayoutProperty(l.id, 'visibility') !== 'none',
  }]));
});

const rmsText = async () => (await page.locator('[data-testid=rms]').textContent())!;
const metres = (text: string) => Number(text.replace(/\s|m/g, '').replace(',', '.'));

/** The colour of the map canvas at screen points (relative to the map), as shown. */
async function coloursAt(points: { x: number; y: number }[]): Promise<[number, number, number][]> {
  const { width, data } = await canvasPixels(page, '[data-testid=map] canvas');
  return points.map(({ x, y }) => {
    const i = (Math.round(y) * width + Math.round(x)) * 4;
    return [data[i]!, data[i + 1]!, data[i + 2]!] as [number, number, number];
  });
}

const isViolet = ([r, g, b]: [number, number, number]) => Math.abs(r - 0x7c) <= 20 && Math.abs(g - 0x3a) <= 20 && Math.abs(b - 0xed) <= 20;

/**
 * The violet rectangle drawn where the truth puts it: a few screen pixels inside each edge
 * the map is violet, a few pixels outside it is not (the layout hidden, so that modules do
 * not cover the plan).
 */
async function expectVioletInPlace(truth: PlanTruth) {
  const [left, top, right, bottom] = VIOLET_RECT;
  const mid: Xy[] = [[(left + right) / 2, top], [(left + right) / 2, bottom], [left, (top + bottom) / 2], [right, (top + bottom) / 2]];
  const centre: Xy = [(left + right) / 2, (top + bottom) / 2];
  const lonLats = await truth.toLonLat([...mid, centre]);
  await page.evaluate(() => {
    const map = (window as unknown as Handles).__calepinMap;
    for (const { id } of map.getStyle().layers) {
      if (!id.startsWith('plan-') && id !== 'background' && !id.startsWith('basemap')) map.setLayoutProperty(id, 'visibility', 'none');
    }
  });
  await mapIdle(page);
  // The plan's tiles may still be on their way when the map first says it is idle.
  await expect.poll(async () => (await colourCounts(page, { violet: VIOLET })).violet, { timeout: 30_000, interval: 1000 })
    .toBeGreaterThan(2000);
  const screen = await page.evaluate((lls) => lls.map((ll) => (window as unknown as Handles).__calepinMap.project(ll)), lonLats);
  const c = screen[4]!;
  const samples = screen.slice(0, 4).flatMap((edge) => {
    const len = Math.hypot(c.x - edge.x, c.y - edge.y);
    const [ux, uy] = [(c.x - edge.x) / len, (c.y - edge.y) / len];
    return [{ x: edge.x + 5 * ux, y: edge.y + 5 * uy }, { x: edge.x - 5 * ux, y: edge.y - 5 * uy }];
  });
  // Read until the samples settle: under a CPU burner the plan's tiles were still being
  // replaced (fading from one zoom's to the next) once 2,000 pixels were violet, and every
  // sample read mid-fade. A plan out of place never matches.
  await expect.poll(async () => (await coloursAt(samples)).map(isViolet), { timeout: 30_000, interval: 500 })
    .toEqual([true, false, true, false, true, false, true, false]);
  await screenshot(page, 'plans-placement-check');
}

describe('plans', () => {
  it('uploads a plan with a progress bar, then reads it in a background job', async () => {
    const file = await writePlan('png');
    await page.goto(`/plants/${plantId}`);
    await page.waitForSelector('[data-testid=plans]');
    await page.fill('[data-testid=plan-upload] input[type=text]', 'Brouillon bruité');
    // A slow line (400 KB/s up) and a heavier file (a noisy sheet, 2.9 MB), so that the
    // upload's own progress is seen between 0 and 100 %; every value shown is recorded.
    await page.setInputFiles('[data-testid=plan-file]', await writeNoise());
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 400 * 1024 });
    await page.evaluate(() => {
      const seen: number[] = [];
      Object.assign(window, { __progressSeen: seen });
      new MutationObserver(() => {
        const value = document.querySelector('[data-testid=upload-progress] [role=progressbar]')?.getAttribute('aria-valuenow');
        if (value != null) seen.push(Number(value));
      }).observe(document.body, { subtree: true, childList: true, attributes: true });
    });
    await page.click('[data-testid=plan-submit]');
    await page.waitForFunction(() => (window as unknown as { __progressSeen: number[] }).__progressSeen.some((v) => v > 0 && v < 100));
    await screenshot(page, 'plans-upload-progress');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    await page.locator('[data-testid=plans] li.plan', { hasText: 'Brouillon bruité' }).waitFor();
    await expect.poll(() => page.locator('[data-testid=upload-progress]').count()).toBe(0);

    await page.setInputFiles('[data-testid=plan-file]', file);
    await page.fill('[data-testid=plan-upload] input[type=text]', 'Plan de toiture');
    await page.click('[data-testid=plan-submit]');
    const row = page.locator('[data-testid=plans] li.plan', { hasText: 'Plan de toiture' });
    await row.locator('[data-testid=plan-status]:has-text("À géoréférencer")').waitFor({ timeout: 60_000 });
    await expect(row.textContent()).resolves.toMatch(/1\s600 × 1\s200 px/);
    await screenshot(page, 'plans-list');
  });

  it('places control points on the plan and on the map, with live residuals in metres', { timeout: 180_000 }, async () => {
    const { rows } = await e2e.db.pool.query<{ id: string }>('select id from plans where plant_id = $1 and name = $2', [plantId, 'Plan de toiture']);
    const planId = rows[0]!.id;
    const truth = await planTruth(e2e.db.pool, plantId, 8);
    // The test's plan was drawn north up; the truth turns it by 8°: only the points say so.
    await page.locator('[data-testid=plans] li.plan', { hasText: 'Plan de toiture' }).locator('[data-testid=plan-georeference]').click();
    await page.waitForURL(new RegExp(`/plans/${planId}/georeference`));
    await page.waitForSelector('[data-testid=plan-map][data-ready=true]');
    await page.waitForSelector('[data-testid=target-map][data-ready=true]');
    await mapIdle(page, '__calepinPlanMap');
    await mapIdle(page, '__calepinTargetMap');

    // Spread over the plan, within the part of it that the plant map shows.
    const pixels: Xy[] = [[420, 330], [1180, 350], [1160, 880], [440, 860]];
    const lonLats = await truth.toLonLat(pixels);
    const noise = [[1, -1], [-1, 1], [1, 1], [0, -1]];
    for (const [i, pixel] of pixels.entries()) {
      const p = await onPlan(pixel);
      await page.mouse.click(p.x + noise[i]![0]!, p.y + noise[i]![1]!);
      await page.waitForSelector('[data-testid=georef-hint]:has-text("sa place sur la carte")');
      const q = await onTarget(lonLats[i]!);
      await page.mouse.click(q.x - noise[i]![1]!, q.y + noise[i]![0]!);
      await page.waitForSelector(`[data-testid=target-marker-${i + 1}]`);
    }
    // Transforms allowed by 4 points: Helmert, affine, spline; not the polynomials.
    await expect(page.isEnabled('[data-testid=transform-affine]')).resolves.toBe(true);
    await expect(page.isEnabled('[data-testid=transform-poly2]')).resolves.toBe(false);
    await expect(page.isChecked('[data-testid=transform-affine]')).resolves.toBe(true);
    expect(metres(await rmsText())).toBeLessThan(0.5);
    await screenshot(page, 'plans-georeference');

    // A fifth point put in the wrong place on the map: the RMS says so; dragged to its place, it recovers.
    const fifth: Xy = [800, 600];
    const [fifthLonLat] = await truth.toLonLat([fifth]);
    const p5 = await onPlan(fifth);
    await page.mouse.click(p5.x, p5.y);
    const right = await onTarget(fifthLonLat!);
    await page.mouse.click(right.x + 60, right.y - 40);
    await page.waitForSelector('[data-testid=target-marker-5]');
    expect(metres(await rmsText())).toBeGreaterThan(1);
    const marker = (await page.locator('[data-testid=target-marker-5]').boundingBox())!;
    await page.mouse.move(marker.x + marker.width / 2, marker.y + marker.height / 2);
    await page.mouse.down();
    await page.mouse.move(right.x, right.y, { steps: 8 });
    await page.mouse.up();
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=rms]')?.textContent?.replace(/\s|m/g, '').replace(',', '.')) < 0.5);

    // Delete it: four points again; the Helmert fit is still offered and under 0.5 m on true points.
    await page.click('[data-testid=point-5] button');
    await expect(page.locator('[data-testid=points] tbody tr').count()).resolves.toBe(4);
    await page.check('[data-testid=transform-helmert]');
    expect(metres(await rmsText())).toBeLessThan(0.5);
    await page.check('[data-testid=transform-affine]');

    await page.click('[data-testid=georef-save]');
    await page.waitForSelector('[data-testid=georef-done]', { timeout: 120_000 }).catch(async (error: unknown) => {
      // What the jobs went through, to tell a slow warp from a failed one.
      const jobs = await e2e.db.pool.query('select queue, state, message, created_at, updated_at from job_progress order by created_at');
      console.error('jobs:', JSON.stringify(jobs.rows));
      await screenshot(page, 'plans-georeference-failed');
      throw error;
    });
    await screenshot(page, 'plans-georeferenced');
    const saved = await e2e.db.pool.query('select status from plans where id = $1', [planId]);
    expect(saved.rows[0].status).toBe('georeferenced');
  });

  it('draws the georeferenced plan over the basemap, under the layout, with its opacity', async () => {
    await page.goto(`/plants/${plantId}/map`);
    await mapIdle(page);
    // Only the plan counts here: the defect markers' violet scale is hidden.
    await page.uncheck('[data-testid=defects-layer]');
    await page.waitForSelector('[data-testid=plan-overlays] [data-testid=overlay-opacity]');
    // Full opacity: the plan's own colours on screen; saved with the plan.
    const first = (await page.locator('[data-testid=plan-overlays] li').first().getAttribute('data-testid'))!.slice('overlay-'.length);
    await page.locator('[data-testid=overlay-opacity]').first().fill('1');
    // The map has the new opacity, then has drawn it (mapIdle waits for the paint transition).
    await expect.poll(planLayers, { timeout: 10_000 }).toMatchObject({ [first]: { opacity: 1, visible: true } });
    await mapIdle(page);
    await colourCountsWhen(page, { violet: VIOLET }, (p) => p.violet! > 2000);
    // Under the layout: the modules' layer is above the plan.
    const layers = await page.evaluate(() => (window as unknown as Handles).__calepinMap.getStyle().layers.map((l) => l.id));
    const planLayer = layers.findIndex((id) => id.startsWith('plan-'));
    expect(planLayer).toBeGreaterThan(0);
    expect(planLayer).toBeLessThan(layers.indexOf('modules-fill'));
    await screenshot(page, 'plans-map');
    const opacity = await e2e.db.pool.query('select opacity from plans where plant_id = $1 and name = $2', [plantId, 'Plan de toiture']);
    expect(Number(opacity.rows[0].opacity)).toBe(1);

    const truth = await planTruth(e2e.db.pool, plantId, 8);
    await expectVioletInPlace(truth);

    // Hidden: no violet left.
    await page.reload();
    await mapIdle(page);
    await page.uncheck('[data-testid=defects-layer]');
    await page.locator('[data-testid=overlay-visible]').first().uncheck();
    await mapIdle(page);
    await colourCountsWhen(page, { violet: VIOLET }, (p) => p.violet! < 50);
  });

  it('a GeoTIFF lands in place by itself', { timeout: 180_000 }, async () => {
    const truth = await planTruth(e2e.db.pool, plantId, 0);
    const file = await writePlan('geotiff', truth.geoTransform);
    await page.goto(`/plants/${plantId}`);
    await page.setInputFiles('[data-testid=plan-file]', file);
    await page.fill('[data-testid=plan-upload] input[type=text]', 'Plan GeoTIFF');
    await page.click('[data-testid=plan-submit]');
    const row = page.locator('[data-testid=plans] li.plan', { hasText: 'Plan GeoTIFF' });
    await row.locator('[data-testid=plan-status]:has-text("Géoréférencé")').waitFor({ timeout: 120_000 });
    await expect(row.textContent()).resolves.toContain('Balises GeoTIFF');
    await screenshot(page, 'plans-geotiff');

    // Only the GeoTIFF on the map, at full opacity.
    const { rows } = await e2e.db.pool.query<{ id: string }>('select id from plans where plant_id = $1 and name = $2', [plantId, 'Plan GeoTIFF']);
    await page.goto(`/plants/${plantId}/map`);
    await mapIdle(page);
    await page.waitForSelector(`[data-testid=overlay-${rows[0]!.id}]`);
    for (const item of await page.locator('[data-testid=plan-overlays] li').all()) {
      const mine = (await item.getAttribute('data-testid')) === `overlay-${rows[0]!.id}`;
      if (mine) await item.locator('[data-testid=overlay-opacity]').fill('1');
      else await item.locator('[data-testid=overlay-visible]').uncheck();
    }
    await expect.poll(async () => Object.entries(await planLayers()).filter(([, l]) => l.visible), { timeout: 10_000 })
      .toEqual([[rows[0]!.id, { opacity: 1, visible: true }]]);
    await expectVioletInPlace(truth);
    await screenshot(page, 'plans-geotiff-map');
  });

  it('a two-page PDF offers its pages, a DXF its layers to pick the outlines from', { timeout: 180_000 }, async () => {
    const fixtures = await writePlanFixtures(await mkdtemp(join(tmpdir(), 'calepin-e2e-fixtures-')), { width: 800, height: 560 });
    const { rows } = await e2e.db.pool.query<{ id: string }>('select id from plants where name = $1', [DEMO_PLANTS.ground.name]);
    const groundId = rows[0]!.id;
    await page.goto(`/plants/${groundId}`);
    for (const [file, name] of [[fixtures.files.pdf, 'Plan PDF'], [fixtures.files.dxfLocal, 'Plan DXF']] as const) {
      await page.setInputFiles('[data-testid=plan-file]', file);
      await page.fill('[data-testid=plan-upload] input[type=text]', name);
      await page.click('[data-testid=plan-submit]');
      await page.locator('[data-testid=plans] li.plan', { hasText: name }).locator('[data-testid=plan-status]:has-text("À géoréférencer")')
        .waitFor({ timeout: 120_000 });
    }
    const pdf = page.locator('[data-testid=plans] li.plan', { hasText: 'Plan PDF' });
    await expect(pdf.locator('[data-testid=plan-page] option').allTextContents()).resolves.toEqual(['page 1 sur 2', 'page 2 sur 2']);
    await pdf.locator('[data-testid=plan-page]').selectOption('2');
    await expect.poll(() => pdf.locator('[data-testid=plan-page]').inputValue(), { timeout: 30_000 }).toBe('2');
    await expect.poll(async () => (await e2e.db.pool.query('select page, status from plans where name = $1', ['Plan PDF'])).rows[0], { timeout: 120_000 })
      .toEqual({ page: 2, status: 'needs_georeferencing' });
    await pdf.locator('[data-testid=plan-status]:has-text("À géoréférencer")').waitFor({ timeout: 30_000 });

    const dxf = page.locator('[data-testid=plans] li.plan', { hasText: 'Plan DXF' });
    const layers = await dxf.locator('.layer-list li').allTextContents();
    expect(layers.some((text) => text.startsWith('TABLES'))).toBe(true);
    await dxf.locator('.layer-list li', { hasText: 'TABLES' }).locator('input[type=checkbox]').check();
    await dxf.locator('button:has-text("Garder ces calques")').click();
    await dxf.locator('text=Enregistré').waitFor();
    await screenshot(page, 'plans-pdf-dxf');
    const saved = await e2e.db.pool.query('select layers from plans where plant_id = $1 and name = $2', [groundId, 'Plan DXF']);
    const chosen = (saved.rows[0].layers as { name: string; selected: boolean }[]).filter((l) => l.selected).map((l) => l.name);
    expect(chosen).toEqual(['TABLES']);
  });

  it('a plan larger than a texture keeps every pixel in the editor: the server’s tiles over the overview', { timeout: 240_000 }, async () => {
    const fixtures = await writePlanFixtures(await mkdtemp(join(tmpdir(), 'calepin-e2e-large-')), { width: 6000, height: 4200 }, { rasterOnly: true });
    await page.goto(`/plants/${plantId}`);
    await page.setInputFiles('[data-testid=plan-file]', fixtures.files.png);
    await page.fill('[data-testid=plan-upload] input[type=text]', 'Grand plan');
    await page.click('[data-testid=plan-submit]');
    const row = page.locator('[data-testid=plans] li.plan', { hasText: 'Grand plan' });
    await row.locator('[data-testid=plan-georeference]').waitFor({ timeout: 180_000 });
    const tiles: number[] = [];
    page.on('response', (r) => { if (r.url().includes('/pixel-tiles/')) tiles.push(r.status()); });
    await row.locator('[data-testid=plan-georeference]').click();
    await page.waitForSelector('[data-testid=plan-map][data-ready=true]');
    // Zoom on a table's corner of the drawing, as an engineer placing a point would.
    const [x0, y0] = fixtures.tables[0]!;
    await page.evaluate(([x, y]) => {
      const w = window as unknown as { __calepinPlanMap: { jumpTo(o: object): void; getMaxZoom(): number }; __calepinPlanSpace: { toLngLat(p: Xy): Xy } };
      w.__calepinPlanMap.jumpTo({ center: w.__calepinPlanSpace.toLngLat([x, y]), zoom: 8.5 });
    }, [x0, y0] as Xy);
    await expect.poll(() => tiles.filter((s) => s === 200).length, { timeout: 30_000 }).toBeGreaterThan(0);
    await mapIdle(page, '__calepinPlanMap');
    await screenshot(page, 'plans-large-detail');
    expect(tiles.every((s) => s === 200 || s === 204)).toBe(true);
    // The plan's own pixels are sharp where the 4,096 px overview, enlarged, is blurred:
    // far fewer pixels of mixed colour along the table's edges with the tiles than without.
    const blended = async () => {
      const { data } = await canvasPixels(page, '[data-testid=plan-map] canvas');
      let mixed = 0;
      for (let i = 0; i < data.length; i += 4) {
        const [r, g, b] = [data[i]!, data[i + 1]!, data[i + 2]!];
        const white = r > 235 && g > 235 && b > 235;
        const navy = r < 40 && g < 60 && b > 110 && b < 160;
        if (!white && !navy) mixed++;
      }
      return mixed;
    };
    const sharp = await blended();
    await page.evaluate(() => (window as unknown as { __calepinPlanMap: { setLayoutProperty(l: string, k: string, v: string): void } }).__calepinPlanMap.setLayoutProperty('plan-detail', 'visibility', 'none'));
    await mapIdle(page, '__calepinPlanMap');
    const overview = await blended();
    expect(sharp).toBeLessThan(overview / 2);
  });

  it('a client sees its plant’s plans read-only, and over the map', async () => {
    const client = await e2e.page('en-US');
    await login(client, 'client');
    await client.goto(`/plants/${plantId}`);
    await client.waitForSelector('[data-testid=plans] li.plan');
    await expect(client.locator('[data-testid=plan-upload]').count()).resolves.toBe(0);
    await expect(client.locator('[data-testid=plan-georeference]').count()).resolves.toBe(0);
    await expect(client.locator('[data-testid=plans] li.plan', { hasText: 'Plan GeoTIFF' }).locator('[data-testid=plan-status]').textContent())
      .resolves.toBe('Georeferenced');
    await screenshot(client, 'plans-client');
    await client.goto(`/plants/${plantId}/map`);
    await client.waitForSelector('[data-testid=plan-overlays] [data-testid=overlay-opacity]');
    // The editor is for engineers only.
    await client.goto(`/plants/${plantId}/plans/00000000-0000-0000-0000-000000000000/georeference`);
    await client.waitForURL(/\/plants$/);
    await client.close();
  });
});
