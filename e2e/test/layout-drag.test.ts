// Moving a selection by dragging it on the layout editor's map, in a real browser against
// the real servers and PostGIS: with Alt held the modules move by exactly the metres the
// mouse travelled (measured in the plant's Lambert-93), as one edit that one undo reverts;
// without Alt the dragged table snaps onto its neighbour; Escape cancels a drag; a press
// without movement still selects.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page, Request } from 'playwright-core';
import { type E2e, apiJson, apiToken, login, mapIdle, onScreen, screenshot, startE2e } from '../support';

let e2e: E2e;
let page: Page;
let token: string;
let plantId: string;
const CENTRE: [number, number] = [4.8502, 45.7501];

type MapWindow = { __calepinMap: { project(p: [number, number]): { x: number; y: number }; unproject(p: [number, number]): { lng: number; lat: number } } };
type Extent = { x0: number; y0: number; x1: number; y1: number };
type Pixel = { x: number; y: number };

const one = async (sql: string, values: unknown[]) => (await e2e.db.pool.query(sql, values)).rows[0];

const apiCall = <T = Record<string, unknown>>(method: string, path: string, body?: unknown) => apiJson<T>(e2e.base, token, method, path, body);

/** The extent in Lambert-93 (metres) of the live modules of a table (by code prefix). */
const extent = (table: string): Promise<Extent> => one(
  `select st_xmin(e) as x0, st_ymin(e) as y0, st_xmax(e) as x1, st_ymax(e) as y1
     from (select st_extent(st_transform(geom, 2154)) as e from modules where plant_id = $1 and deleted_at is null and code like $2) s`,
  [plantId, `${table}-%`]);

/** A Lambert-93 point back in EPSG:4326. */
const lonLat = async (x: number, y: number): Promise<[number, number]> => {
  const r = await one('select st_x(p) as x, st_y(p) as y from (select st_transform(st_setsrid(st_point($1, $2), 2154), 4326) as p) s', [x, y]);
  return [r.x, r.y];
};

/** The metres east and north in Lambert-93 between two page pixels (as the map unprojects them; PostGIS projects). */
async function metresBetween(p: Page, a: Pixel, b: Pixel): Promise<[number, number]> {
  const box = (await p.locator('[data-testid=map]').boundingBox())!;
  const [la, lb] = await p.evaluate(([pa, pb]) => [pa, pb].map((q) => {
    const ll = (window as unknown as MapWindow).__calepinMap.unproject(q);
    return [ll.lng, ll.lat];
  }), [[a.x - box.x, a.y - box.y], [b.x - box.x, b.y - box.y]] as [[number, number], [number, number]]);
  const r = await one(
    `select st_x(b) - st_x(a) as dx, st_y(b) - st_y(a) as dy
       from (select st_transform(st_setsrid(st_point($1, $2), 4326), 2154) as a, st_transform(st_setsrid(st_point($3, $4), 4326), 2154) as b) s`,
    [la![0], la![1], lb![0], lb![1]]);
  return [r.dx, r.dy];
}

/** Shift+drag a box around a table's modules: they become the selection. */
async function boxSelect(table: string): Promise<void> {
  const e = await extent(table);
  const a = await onScreen(page, await lonLat(e.x0 - 1, e.y1 + 1));
  const b = await onScreen(page, await lonLat(e.x1 + 1, e.y0 - 1));
  await page.keyboard.down('Shift');
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await page.mouse.move(b.x, b.y, { steps: 6 });
  await page.mouse.up();
  await page.keyboard.up('Shift');
}

const edits = async () => Number((await one('select count(*) as n from layout_edits where plant_id = $1 and not undone', [plantId])).n);
/** A point inside a module (the table's centre falls in the gap between its rows). */
const inModule = async (code: string): Promise<[number, number]> => {
  const r = await one('select st_x(p) as x, st_y(p) as y from (select st_pointonsurface(geom) as p from modules where plant_id = $1 and code = $2 and deleted_at is null) s', [plantId, code]);
  return [r.x, r.y];
};

beforeAll(async () => {
  e2e = await startE2e();
  token = await apiToken(e2e.base, 'manager');
  const [lon, lat] = CENTRE;
  plantId = (await one(
    `insert into plants (client_id, name, mounting, srid, location, boundary)
     select id, 'Drag e2e', 'ground', 2154, st_setsrid(st_point($1, $2), 4326),
            st_multi(st_makeenvelope($1 - 0.0003, $2 - 0.0002, $1 + 0.0003, $2 + 0.0002, 4326))
       from clients order by created_at limit 1 returning id`, [lon, lat])).id;
  const models = await apiCall<{ items: { id: string }[] }>('GET', '/module-models?limit=1');
  // T1 at the centre, T2 about 16 m east of it, both facing south.
  for (const center of [CENTRE, [lon + 0.0002, lat] as [number, number]]) {
    await apiCall('POST', `/plants/${plantId}/tables`, {
      rectangle: { center, lengthM: 14, widthM: 5, azimuthDeg: 180 }, tiltDeg: 20,
      fill: { modelId: models.items[0]!.id, rows: 2, columns: 12 },
    });
  }
  page = await e2e.page('en-US');
  await login(page, 'manager');
  await page.goto(`/plants/${plantId}/layout`);
  await mapIdle(page);
  await page.click('[data-testid=le-tool-select]');
});
afterAll(() => e2e?.close());

describe('dragging the selection', () => {
  it('with Alt held, moves the modules by the metres the mouse travelled, as one edit that one undo reverts', async () => {
    await boxSelect('T1');
    await expect.poll(() => page.locator('[data-testid=le-selection-count]').textContent()).toMatch(/^24 module\(s\), 0 table\(s\) selected/);
    await page.waitForSelector('[data-testid=le-drag-hint]:has-text("Drag the selection to move it")');
    const before = await extent('T1');
    const editsBefore = await edits();
    const from = await onScreen(page, await inModule('T1-R1-C6'));
    const to = { x: from.x - 70, y: from.y + 45 }; // west and south, away from T2
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.keyboard.down('Alt');
    await page.mouse.move(to.x, to.y, { steps: 10 });
    await page.waitForSelector('[data-testid=le-drag-state]:has-text("Moving")', { timeout: 5000 });
    await screenshot(page, 'layout-drag-preview');
    await page.mouse.up();
    await page.keyboard.up('Alt');
    const [dx, dy] = await metresBetween(page, from, to);
    expect(dx).toBeLessThan(-1);
    expect(dy).toBeLessThan(-1);
    await expect.poll(async () => (await extent('T1')).x0, { timeout: 10_000 }).not.toBeCloseTo(before.x0, 1);
    const after = await extent('T1');
    expect(Math.abs(after.x0 - before.x0 - dx)).toBeLessThan(0.02);
    expect(Math.abs(after.y0 - before.y0 - dy)).toBeLessThan(0.02);
    expect(Math.abs(after.x1 - before.x1 - dx)).toBeLessThan(0.02);
    expect(await edits()).toBe(editsBefore + 1);
    await mapIdle(page);
    await screenshot(page, 'layout-drag-moved');

    await page.click('[data-testid=le-undo]');
    await expect.poll(async () => (await extent('T1')).x0, { timeout: 10_000 }).toBeCloseTo(before.x0, 3);
    expect((await extent('T1')).y0).toBeCloseTo(before.y0, 3);
    expect(await edits()).toBe(editsBefore);
  });

  it('Escape cancels a drag; a press without movement still selects', async () => {
    await mapIdle(page);
    await boxSelect('T1');
    await expect.poll(() => page.locator('[data-testid=le-selection-count]').textContent()).toMatch(/^24 module\(s\)/);
    const before = await extent('T1');
    const editsBefore = await edits();
    // Every write the page sends from here: a cancelled drag sends none (a drop would POST a transform).
    const writes: string[] = [];
    const onRequest = (r: Request) => {
      if (r.method() !== 'GET' && r.url().includes('/api/v1/')) writes.push(`${r.method()} ${new URL(r.url()).pathname}`);
    };
    page.on('request', onRequest);
    const from = await onScreen(page, await inModule('T1-R1-C6'));
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move(from.x + 60, from.y, { steps: 6 });
    await page.keyboard.press('Escape');
    await page.mouse.up();
    // A click (the mouse moved 2 px, inside the dead zone) selects the one module under it.
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move(from.x + 2, from.y);
    await page.mouse.up();
    await expect.poll(() => page.locator('[data-testid=le-selection-count]').textContent()).toMatch(/^1 module\(s\), 0 table\(s\) selected/);
    page.off('request', onRequest);
    // By now the page has handled both releases: nothing was written, nothing moved.
    expect(writes).toEqual([]);
    expect(await edits()).toBe(editsBefore);
    expect((await extent('T1')).x0).toBeCloseTo(before.x0, 6);
  });

  it('without Alt, the dragged table snaps onto its neighbour (its east edge on the west edge of the other)', async () => {
    await mapIdle(page);
    await boxSelect('T1');
    await expect.poll(() => page.locator('[data-testid=le-selection-count]').textContent()).toMatch(/^24 module\(s\)/);
    const t1 = await extent('T1');
    const t2 = await extent('T2');
    // Dragged so that T1's east edge would stop 0.3 m short of T2's west edge.
    const shift = t2.x0 - t1.x1 - 0.3;
    const grab = await one('select st_x(p) as x, st_y(p) as y from (select st_transform(st_pointonsurface(geom), 2154) as p from modules where plant_id = $1 and code = $2) s', [plantId, 'T1-R1-C6']);
    const from = await onScreen(page, await lonLat(grab.x, grab.y));
    const to = await onScreen(page, await lonLat(grab.x + shift, grab.y));
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move(to.x, to.y, { steps: 10 });
    await page.waitForSelector('[data-testid=le-drag-state]:has-text("(snapped)")', { timeout: 5000 });
    await screenshot(page, 'layout-drag-snap');
    await page.mouse.up();
    // Snapped to the neighbour's outline as the map draws it: the vector tiles quantise it
    // (about 2.6 cm at z18), hence the 5 cm tolerance.
    await expect.poll(async () => Math.abs((await extent('T1')).x1 - t2.x0), { timeout: 10_000 }).toBeLessThan(0.05);
    expect(Math.abs((await extent('T1')).y0 - t1.y0)).toBeLessThan(0.15);
  });
});

describe('dragging a selected table', () => {
  it('moves the table and its modules together, as one edit', async () => {
    await mapIdle(page);
    // A click between the table's two rows of modules picks the table itself.
    const centre = await one(
      `select st_x(c) as x, st_y(c) as y from (select st_centroid(geom) as c from tables where plant_id = $1 and code = $2 and deleted_at is null) s`,
      [plantId, 'T2']);
    const at = await onScreen(page, [centre.x, centre.y]);
    await page.mouse.click(at.x, at.y);
    await expect.poll(() => page.locator('[data-testid=le-selection-count]').textContent()).toMatch(/^0 module\(s\), 1 table\(s\) selected/);
    const before = await extent('T2');
    const tableBefore = await one('select st_x(c) as x, st_y(c) as y from (select st_transform(st_centroid(geom), 2154) as c from tables where plant_id = $1 and code = $2) s', [plantId, 'T2']);
    const editsBefore = await edits();
    const to = { x: at.x, y: at.y + 40 }; // south, along the neighbour's edge, inside the plant
    await page.mouse.move(at.x, at.y);
    await page.mouse.down();
    await page.keyboard.down('Alt');
    await page.mouse.move(to.x, to.y, { steps: 8 });
    await page.waitForSelector('[data-testid=le-drag-state]:has-text("Moving")', { timeout: 5000 });
    await page.mouse.up();
    await page.keyboard.up('Alt');
    const [dx, dy] = await metresBetween(page, at, to);
    expect(dy).toBeLessThan(-1);
    await expect.poll(async () => (await extent('T2')).y0, { timeout: 10_000 }).not.toBeCloseTo(before.y0, 1);
    const after = await extent('T2');
    expect(Math.abs(after.y0 - before.y0 - dy)).toBeLessThan(0.02);
    expect(Math.abs(after.x0 - before.x0 - dx)).toBeLessThan(0.02);
    const tableAfter = await one('select st_x(c) as x, st_y(c) as y from (select st_transform(st_centroid(geom), 2154) as c from tables where plant_id = $1 and code = $2) s', [plantId, 'T2']);
    expect(Math.abs(tableAfter.y - tableBefore.y - dy)).toBeLessThan(0.02);
    expect(await edits()).toBe(editsBefore + 1);
  });
});

describe('in French', () => {
  it('the drag hint speaks French', async () => {
    const fr = await e2e.page('fr-FR');
    await login(fr, 'manager');
    await fr.goto(`/plants/${plantId}/layout`);
    await mapIdle(fr);
    await fr.click('[data-testid=le-tool-select]');
    const p = await onScreen(fr, await inModule('T2-R1-C6'));
    await fr.mouse.click(p.x, p.y);
    await fr.waitForSelector('[data-testid=le-drag-hint]');
    expect(await fr.locator('[data-testid=le-drag-hint]').textContent()).toContain('Faites glisser la sélection pour la déplacer');
    await fr.close();
  });
});
