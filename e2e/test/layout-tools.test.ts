// The layout editor's tools beyond drawing tables, in a real browser against the real
// servers and PostGIS: plan candidates of a georeferenced DXF turned into tables in one
// click (and undone), inverters dragged, cable points moved and snapped, strings assigned
// by a click, a selection rotated around a clicked pivot, modules snapped to a neighbour.
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_PLANTS } from '@calepin/data-fixtures';
import { writePlanFixtures } from '@calepin/data-fixtures/plans';
import { type E2e, apiJson, apiToken, login, mapIdle, onScreen, screenshot, startE2e } from '../support';

let e2e: E2e;
let page: Page;
let token: string;
const CENTRE: [number, number] = [4.8502, 45.7501];

type MapWindow = { __calepinMap: { project(p: [number, number]): { x: number; y: number }; queryRenderedFeatures(o: unknown): { properties: Record<string, unknown> }[] } };

const apiCall = <T = Record<string, unknown>>(method: string, path: string, body?: unknown) => apiJson<T>(e2e.base, token, method, path, body);

const one = async (sql: string, values: unknown[]) => (await e2e.db.pool.query(sql, values)).rows[0];

async function newPlant(name: string, [lon, lat]: [number, number], halfLon: number, halfLat: number): Promise<string> {
  return (await one(
    `insert into plants (client_id, name, mounting, srid, location, boundary)
     select id, $5, 'ground', 2154, st_setsrid(st_point($1, $2), 4326),
            st_multi(st_makeenvelope($1 - $3, $2 - $4, $1 + $3, $2 + $4, 4326))
       from clients order by created_at limit 1 returning id`,
    [lon, lat, halfLon, halfLat, name],
  )).id;
}

async function drag(p: Page, from: { x: number; y: number }, to: { x: number; y: number }, options: { alt?: boolean } = {}): Promise<void> {
  await p.mouse.move(from.x, from.y);
  await p.mouse.down();
  if (options.alt) await p.keyboard.down('Alt');
  await p.mouse.move(to.x, to.y, { steps: 8 });
  await p.mouse.up();
  if (options.alt) await p.keyboard.up('Alt');
}

const renderedModules = (p: Page) => p.evaluate(() => {
  const ids = new Set<string>();
  for (const f of (window as unknown as MapWindow).__calepinMap.queryRenderedFeatures({ layers: ['modules-fill'] })) {
    if (typeof f.properties.id === 'string') ids.add(f.properties.id);
  }
  return ids.size;
});

beforeAll(async () => {
  e2e = await startE2e();
  token = await apiToken(e2e.base, 'manager');
  page = await e2e.page('en-US');
  await login(page, 'manager');
});
afterAll(() => e2e?.close());

describe('plan candidates', () => {
  it('turns the outlines of a DXF plan layer into filled tables in one click, undone as one', { timeout: 120_000 }, async () => {
    const plantId = await newPlant('Candidates e2e', DEMO_PLANTS.ground.center, 0.0004, 0.0003);
    // The DXF in Lambert-93 with its .prj: georeferenced as soon as it is read.
    const fixtures = await writePlanFixtures(await mkdtemp(join(tmpdir(), 'calepin-e2e-cand-')), { width: 800, height: 560 });
    const form = new FormData();
    form.append('file', new Blob([await readFile(fixtures.files.dxfLambert)]), 'plan-l93.dxf');
    form.append('prj', new Blob([await readFile(fixtures.files.prj)]), 'plan.prj');
    form.append('name', 'Plan DXF');
    const up = await fetch(`${e2e.base}/api/v1/plants/${plantId}/plans`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
    expect(up.status, await up.clone().text()).toBe(202);
    const planId = ((await up.json()) as { plan: { id: string } }).plan.id;
    await expect.poll(async () => (await one('select status from plans where id = $1', [planId])).status, { timeout: 60_000 }).toBe('georeferenced');

    await page.goto(`/plants/${plantId}/layout`);
    await mapIdle(page);
    await page.click('[data-testid=le-tool-candidates]');
    await page.check('[data-testid=le-cand-layer-TABLES]');
    await page.click('[data-testid=le-cand-load]');
    await expect.poll(() => page.locator('[data-testid=le-cand-found]').textContent()).toBe(`${fixtures.tables.length} closed outline(s) found`);
    // The plan's tables are turned 7°: the tables face 173° to lie along them.
    await page.fill('[data-testid=le-cand-azimuth]', '173');
    await page.fill('[data-testid=le-cand-tilt]', '20');
    await page.fill('[data-testid=le-cand-rows]', '1');
    await page.fill('[data-testid=le-cand-columns]', '4');
    await expect.poll(() => page.locator('[data-testid=le-cand-summary]').textContent()).toMatch(/^30 tables, 120 modules, /);
    await mapIdle(page);
    await screenshot(page, 'layout-candidates-preview');

    await page.click('[data-testid=le-cand-create]');
    const count = async (table: string) => Number((await one(`select count(*) as n from ${table} where plant_id = $1 and deleted_at is null`, [plantId])).n);
    await expect.poll(() => count('modules'), { timeout: 15_000 }).toBe(120);
    expect(await count('tables')).toBe(30);
    const grid = await one('select min(row_count) as r0, max(row_count) as r1, min(column_count) as c0, max(column_count) as c1, min(azimuth_deg)::float8 as az from tables where plant_id = $1', [plantId]);
    expect(grid).toMatchObject({ r0: 1, r1: 1, c0: 4, c1: 4, az: 173 });
    // Every module lies inside a candidate outline of the plan (in place, in the plant CRS).
    const outside = await one(
      `select count(*)::int as n from modules m where m.plant_id = $1 and m.deleted_at is null
          and not exists (select 1 from tables t where t.id = m.table_id and st_covers(st_buffer(st_transform(t.geom, 2154), 0.01), st_transform(m.geom, 2154)))`,
      [plantId]);
    expect(outside.n).toBe(0);
    await expect.poll(async () => {
      await mapIdle(page);
      return renderedModules(page);
    }, { timeout: 10_000 }).toBe(120);
    await screenshot(page, 'layout-candidates');

    await page.click('[data-testid=le-undo]');
    await expect.poll(() => count('modules'), { timeout: 10_000 }).toBe(0);
    expect(await count('tables')).toBe(0);
    await expect.poll(async () => {
      await mapIdle(page);
      return renderedModules(page);
    }, { timeout: 10_000 }).toBe(0);
  });
});

describe('editing the wiring on the map', () => {
  const [lon, lat] = CENTRE;
  let plantId: string;
  let inverterId: string;
  let boxId: string;
  let cableId: string;
  const inverterAt: [number, number] = [lon - 0.0002, lat - 0.00015];
  const boxAt: [number, number] = [lon + 0.0002, lat - 0.00015];

  beforeAll(async () => {
    plantId = await newPlant('Wiring e2e', CENTRE, 0.0003, 0.0002);
    const models = await apiCall<{ items: { id: string }[] }>('GET', '/module-models?limit=1');
    await apiCall('POST', `/plants/${plantId}/tables`, {
      rectangle: { center: CENTRE, lengthM: 14, widthM: 5, azimuthDeg: 180 }, tiltDeg: 20,
      fill: { modelId: models.items[0]!.id, rows: 2, columns: 12 },
    });
    await apiCall('POST', `/plants/${plantId}/strings/auto`, { modulesPerString: 12, order: 'row' });
    inverterId = (await apiCall<{ inverter: { id: string } }>('POST', `/plants/${plantId}/inverters`, { code: 'INV-1', location: inverterAt, mpptInputs: [{ index: 1 }, { index: 2 }] })).inverter.id;
    boxId = (await apiCall<{ junctionBox: { id: string } }>('POST', `/plants/${plantId}/junction-boxes`, { code: 'JB-1', location: boxAt, inverterId })).junctionBox.id;
    cableId = (await apiCall<{ cable: { id: string } }>('POST', `/plants/${plantId}/cables`, {
      code: 'C-1', kind: 'dc_main', line: { type: 'LineString', coordinates: [boxAt, [lon, lat - 0.0001], [lon - 0.00019, lat - 0.00014]] },
    })).cable.id;
    await page.goto(`/plants/${plantId}/layout`);
    await mapIdle(page);
    await page.click('[data-testid=le-tool-electrical]');
  });

  const inverterApi = async () => {
    const layer = await apiCall<{ features: { id: string; geometry: { coordinates: [number, number] } }[] }>('GET', `/plants/${plantId}/inverters`);
    return layer.features.find((f) => String(f.id) === inverterId)!.geometry.coordinates;
  };
  /** The length the panel shows, m ("Length: 40.3 m"). */
  const shownLength = async () => Number(/Length: ([\d.]+) m/.exec((await page.locator('[data-testid=le-wire-cable-length]').textContent()) ?? '')?.[1]);
  const cableRow = () => one('select length_m::float8 as length, to_kind, to_id, st_npoints(geom) as points from cables where id = $1', [cableId]);

  it('drags an inverter: the API gives its new place; undo puts it back', async () => {
    const target: [number, number] = [inverterAt[0] - 0.00005, inverterAt[1] - 0.00003];
    await drag(page, await onScreen(page, inverterAt), await onScreen(page, target));
    await expect.poll(async () => (await inverterApi())[0], { timeout: 10_000 }).toBeCloseTo(target[0], 5);
    expect((await inverterApi())[1]).toBeCloseTo(target[1], 5);
    await page.waitForSelector('[data-testid=le-wire-title]:has-text("Inverter INV-1")');
    await expect.poll(() => page.inputValue('[data-testid=le-wire-mppts]')).toBe('2');
    await screenshot(page, 'layout-wiring-inverter');

    await page.click('[data-testid=le-undo]');
    await expect.poll(async () => (await inverterApi())[0], { timeout: 10_000 }).toBeCloseTo(inverterAt[0], 5);
    await page.click('[data-testid=le-redo]');
    await expect.poll(async () => (await inverterApi())[0], { timeout: 10_000 }).toBeCloseTo(target[0], 5);
  });

  it('renames an inverter and gives it a third MPPT input', async () => {
    await page.fill('[data-testid=le-wire-code]', 'INV-A');
    await page.fill('[data-testid=le-wire-mppts]', '3');
    await page.click('[data-testid=le-wire-save]');
    await expect.poll(async () => (await one('select code from inverters where id = $1', [inverterId])).code, { timeout: 10_000 }).toBe('INV-A')
      .catch(async (e: unknown) => {
        await screenshot(page, 'layout-wiring-rename-failed');
        throw e;
      });
    expect(Number((await one('select count(*) as n from mppt_inputs where inverter_id = $1 and deleted_at is null', [inverterId])).n)).toBe(3);
  });

  it('assigns a string to an MPPT input by clicking one of its modules', async () => {
    await page.waitForSelector('[data-testid=le-wire-mppt] option:nth-child(4)', { state: 'attached' });
    const inputs = await page.locator('[data-testid=le-wire-mppt] option').allTextContents();
    expect(inputs).toEqual(['—', 'Input 1', 'Input 2', 'Input 3']);
    await page.selectOption('[data-testid=le-wire-mppt]', { label: 'Input 2' });
    await page.click('[data-testid=le-wire-assign]');
    const module = await one(
      `select st_x(c) as x, st_y(c) as y, string_id from (select st_pointonsurface(geom) as c, string_id from modules where plant_id = $1 and code = 'T1-R2-C3') s`, [plantId]);
    const p = await onScreen(page, [module.x, module.y]);
    await page.mouse.click(p.x, p.y);
    await expect.poll(async () => (await one(
      'select i.input_index from strings s join mppt_inputs i on i.id = s.mppt_input_id where s.id = $1', [module.string_id]))?.input_index, { timeout: 10_000 }).toBe(2);
    await page.waitForSelector('[data-testid=le-wire-note]:has-text("assigned to INV-A input 2")');
    await screenshot(page, 'layout-wiring-assign');
    await page.click('[data-testid=le-wire-assign]');
  });

  it('moves a cable point and sees its length change; its end snaps to the inverter', async () => {
    // Pick the cable by clicking its first segment.
    const a = await onScreen(page, boxAt);
    const b = await onScreen(page, [lon, lat - 0.0001]);
    await page.mouse.click(a.x + (b.x - a.x) * 0.3, a.y + (b.y - a.y) * 0.3);
    await page.waitForSelector('[data-testid=le-wire-title]:has-text("Cable C-1")');
    const before = await cableRow();
    await expect.poll(() => shownLength()).toBeCloseTo(Math.round(before.length * 10) / 10, 5);
    await screenshot(page, 'layout-wiring-cable');

    // The middle point 8 m further north: the cable gets longer.
    await drag(page, b, await onScreen(page, [lon, lat - 0.0001 + 0.000072]));
    await expect.poll(async () => (await cableRow()).length, { timeout: 10_000 }).toBeGreaterThan(before.length + 3);
    const after = await cableRow();
    await expect.poll(() => shownLength(), { timeout: 10_000 }).toBeCloseTo(Math.round(after.length * 10) / 10, 5);

    // A midpoint dragged adds a point.
    const m0 = await onScreen(page, boxAt);
    const m1 = await onScreen(page, [lon, lat - 0.0001 + 0.000072]);
    await drag(page, { x: (m0.x + m1.x) / 2, y: (m0.y + m1.y) / 2 }, { x: (m0.x + m1.x) / 2 + 30, y: (m0.y + m1.y) / 2 + 10 });
    await expect.poll(async () => (await cableRow()).points, { timeout: 10_000 }).toBe(4);

    // The last point dropped 6 px from the moved inverter snaps onto it, and the cable says so.
    const inverter = await inverterApi();
    const end = await onScreen(page, [lon - 0.00019, lat - 0.00014]);
    const near = await onScreen(page, inverter);
    await drag(page, end, { x: near.x + 6, y: near.y - 3 });
    await expect.poll(async () => (await cableRow()).to_kind, { timeout: 10_000 }).toBe('inverter');
    expect((await cableRow()).to_id).toBe(inverterId);
    const last = await one('select st_x(st_endpoint(geom)) as x, st_y(st_endpoint(geom)) as y from cables where id = $1', [cableId]);
    expect(last.x).toBeCloseTo(inverter[0], 7);
    expect(last.y).toBeCloseTo(inverter[1], 7);
    await expect.poll(() => page.locator('[data-testid=le-wire-cable-ends]').textContent(), { timeout: 10_000 }).toBe('From: free end · to: inverter INV-A');
    // Reshaping keeps what the cable is.
    expect((await one('select kind from cables where id = $1', [cableId])).kind).toBe('dc_main');
    await mapIdle(page);
    await screenshot(page, 'layout-wiring-cable-edited');

    // A point clicked then deleted with the Delete key.
    const second = await one('select st_x(st_pointn(geom, 2)) as x, st_y(st_pointn(geom, 2)) as y from cables where id = $1', [cableId]);
    const q = await onScreen(page, [second.x, second.y]);
    await page.mouse.click(q.x, q.y);
    await page.waitForSelector('[data-testid=le-wire-remove-vertex]');
    await page.keyboard.press('Delete');
    await expect.poll(async () => (await cableRow()).points, { timeout: 10_000 }).toBe(3);
  });

  it('a junction box dragged away moves; another string goes to it by a click', async () => {
    // A click on nothing lets go of the cable (whose first point lies on the box).
    const empty = await onScreen(page, [lon, lat + 0.00017]);
    await page.mouse.click(empty.x, empty.y);
    await page.waitForSelector('[data-testid=le-wiring-panel] >> text=Nothing selected.');
    const target: [number, number] = [boxAt[0], boxAt[1] - 0.00004];
    await drag(page, await onScreen(page, boxAt), await onScreen(page, target));
    await expect.poll(async () => (await one('select st_y(geom) as y from junction_boxes where id = $1', [boxId])).y, { timeout: 10_000 }).toBeCloseTo(target[1], 5);
    await page.waitForSelector('[data-testid=le-wire-title]:has-text("Junction box JB-1")');
    await page.click('[data-testid=le-wire-assign]');
    const module = await one(
      `select st_x(c) as x, st_y(c) as y, string_id from (select st_pointonsurface(geom) as c, string_id from modules where plant_id = $1 and code = 'T1-R1-C5') s`, [plantId]);
    const p = await onScreen(page, [module.x, module.y]);
    await page.mouse.click(p.x, p.y);
    await expect.poll(async () => (await one('select junction_box_id from strings where id = $1', [module.string_id])).junction_box_id, { timeout: 10_000 }).toBe(boxId);
    await screenshot(page, 'layout-wiring-box');
  });

  it('a new cable drawn from the box to near the inverter records both ends', async () => {
    await page.click('[data-testid=le-tool-cable]');
    const box = await one('select st_x(geom) as x, st_y(geom) as y from junction_boxes where id = $1', [boxId]);
    const inverter = await inverterApi();
    const a = await onScreen(page, [box.x, box.y]);
    const b = await onScreen(page, inverter);
    for (const p of [{ x: a.x + 4, y: a.y - 3 }, { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 - 40 }, { x: b.x - 5, y: b.y + 4 }]) {
      await page.mouse.move(p.x, p.y, { steps: 3 });
      await page.mouse.click(p.x, p.y);
      await mapIdle(page); // the click drawn before the next one
    }
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await one(`select count(*)::int as n from cables where plant_id = $1 and deleted_at is null`, [plantId])).n, { timeout: 10_000 }).toBe(2);
    const drawn = await one(
      `select from_kind, from_id, to_kind, to_id, st_x(st_startpoint(geom)) as x0, st_x(st_endpoint(geom)) as x1
         from cables where plant_id = $1 and id <> $2 and deleted_at is null`, [plantId, cableId]);
    expect(drawn).toMatchObject({ from_kind: 'junction_box', from_id: boxId, to_kind: 'inverter', to_id: inverterId });
    expect(drawn.x0).toBeCloseTo(box.x, 8);
    expect(drawn.x1).toBeCloseTo(inverter[0], 8);
  });
});

describe('snapping and the rotation pivot', () => {
  let plantId: string;
  /** A point of the plant given in metres from a point in Lambert-93, back in EPSG:4326. */
  const lonLat = async (sql: string, values: unknown[]): Promise<[number, number]> => {
    const r = await one(`select st_x(p) as x, st_y(p) as y from (select st_transform(${sql}, 4326) as p) s`, values);
    return [r.x, r.y];
  };
  const extent = (where: string) => one(
    `select st_xmin(e) as x0, st_ymin(e) as y0, st_xmax(e) as x1, st_ymax(e) as y1
       from (select st_extent(st_transform(geom, 2154)) as e from modules where plant_id = $1 and deleted_at is null and ${where}) s`, [plantId]);

  beforeAll(async () => {
    plantId = await newPlant('Snapping e2e', CENTRE, 0.0003, 0.0002);
    const models = await apiCall<{ items: { id: string }[] }>('GET', '/module-models?limit=1');
    await apiCall('POST', `/plants/${plantId}/tables`, {
      rectangle: { center: CENTRE, lengthM: 14, widthM: 5, azimuthDeg: 180 }, tiltDeg: 20,
      fill: { modelId: models.items[0]!.id, rows: 2, columns: 12 },
    });
    await page.goto(`/plants/${plantId}/layout`);
    await mapIdle(page);
  });

  it('a single module dropped 0.3 m from the table snaps onto its corner', async () => {
    await page.click('[data-testid=le-tool-module]');
    await page.fill('[data-testid=le-tilt]', '20');
    const last = await extent(`code = 'T1-R1-C12'`);
    const width = last.x1 - last.x0;
    // Where the pointer goes: one module further east, 0.3 m too far.
    const at = await lonLat('st_setsrid(st_point($1, $2), 2154)', [last.x1 + 0.3 + width / 2, (last.y0 + last.y1) / 2]);
    const p = await onScreen(page, at);
    await page.mouse.move(p.x - 20, p.y);
    await page.mouse.move(p.x, p.y, { steps: 4 });
    await expect.poll(() => page.locator('[data-testid=le-module-snapped]').textContent()).toBe('Snapped to a corner');
    await mapIdle(page);
    await screenshot(page, 'layout-module-snap');
    await page.mouse.click(p.x, p.y);
    await expect.poll(async () => Number((await one('select count(*) as n from modules where plant_id = $1 and table_id is null and deleted_at is null', [plantId])).n), { timeout: 10_000 }).toBe(1);
    const placed = await extent('table_id is null');
    expect(placed.x0).toBeCloseTo(last.x1, 2);
    expect(placed.y0).toBeCloseTo(last.y0, 2);
    expect(placed.y1).toBeCloseTo(last.y1, 2);
  });

  it('rotates the module 90° clockwise around a pivot clicked on the map', async () => {
    await page.click('[data-testid=le-tool-select]');
    const before = await extent('table_id is null');
    const centre = [(before.x0 + before.x1) / 2, (before.y0 + before.y1) / 2] as const;
    const p = await onScreen(page, await lonLat('st_setsrid(st_point($1, $2), 2154)', [centre[0], centre[1]]));
    await page.mouse.click(p.x, p.y);
    await expect.poll(() => page.locator('[data-testid=le-selection-count]').textContent()).toMatch(/^1 module\(s\), 0 table\(s\) selected/);
    await page.check('[data-testid=le-pivot-picked]');
    // The pivot 3 m west of the module's centre.
    const pivot = await onScreen(page, await lonLat('st_setsrid(st_point($1, $2), 2154)', [centre[0] - 3, centre[1]]));
    await page.mouse.click(pivot.x, pivot.y);
    await page.waitForSelector('[data-testid=le-pivot-state]:has-text("Pivot set.")');
    await page.fill('[data-testid=le-angle]', '90');
    await mapIdle(page);
    await screenshot(page, 'layout-pivot');
    await page.click('[data-testid=le-rotate]');
    // Clockwise: east of the pivot goes south of it.
    await expect.poll(async () => {
      const e = await extent('table_id is null');
      return Math.hypot((e.x0 + e.x1) / 2 - (centre[0] - 3), (e.y0 + e.y1) / 2 - (centre[1] - 3));
    }, { timeout: 10_000 }).toBeLessThan(0.15);
  });
});

describe('snapping a drawn outline', () => {
  it('a polygon corner clicked 4 px from a module corner lands on it', async () => {
    await page.click('[data-testid=le-tool-table]');
    await page.check('[data-testid=le-shape-polygon]');
    await page.uncheck('[data-testid=le-with-fill]');
    const { rows } = await e2e.db.pool.query(
      `select st_x(p) as x, st_y(p) as y from (select st_transform(st_setsrid(st_point(st_xmin(e), st_ymin(e)), 2154), 4326) as p
         from (select st_extent(st_transform(geom, 2154)) as e from modules m join plants p on p.id = m.plant_id
                where p.name = 'Snapping e2e' and m.code = 'T1-R1-C1' and m.deleted_at is null) s) q`);
    const corner: [number, number] = [rows[0].x, rows[0].y];
    const c = await onScreen(page, corner);
    // Corners of a 6 m × 4 m outline south-west of the table, the first one 4 px off the module’s corner (inside it).
    const pxPerM = (await onScreen(page, [corner[0] + 0.0001, corner[1]])).x - c.x;
    const m = pxPerM / 7.78; // 0.0001° of longitude is about 7.78 m at 45.75° N
    const clicks = [{ x: c.x + 3, y: c.y - 3 }, { x: c.x - 4, y: c.y + 4 * m }, { x: c.x - 6 * m, y: c.y + 4 * m }, { x: c.x - 6 * m, y: c.y }];
    for (const p of [...clicks, clicks[0]!]) {
      await page.mouse.move(p.x, p.y, { steps: 3 });
      await page.mouse.click(p.x, p.y);
      await mapIdle(page); // the click drawn before the next one
    }
    await mapIdle(page);
    await screenshot(page, 'layout-polygon-snap');
    await page.click('[data-testid=le-create-table]');
    const newest = async () => (await e2e.db.pool.query(
      `select min(st_distance(st_transform(d.geom, 2154), st_transform(st_setsrid(st_point($1, $2), 4326), 2154))) as d
         from tables t join plants p on p.id = t.plant_id, lateral st_dumppoints(t.geom) d
        where p.name = 'Snapping e2e' and t.deleted_at is null and t.row_count is null`, corner)).rows[0].d;
    await expect.poll(newest, { timeout: 10_000 }).not.toBeNull();
    expect(await newest()).toBeLessThan(0.01);
  });
});

describe('in French', () => {
  it('the new tools speak French', async () => {
    const fr = await e2e.page('fr-FR');
    await login(fr, 'manager');
    const plantId = (await one(`select id from plants where name = 'Wiring e2e'`, [])).id;
    await fr.goto(`/plants/${plantId}/layout`);
    await mapIdle(fr);
    await fr.click('[data-testid=le-tool-candidates]');
    await fr.waitForSelector('[data-testid=le-cand-none]');
    expect(await fr.locator('[data-testid=le-cand-none]').textContent()).toContain('Aucun plan DXF/DWG géoréférencé');
    await fr.click('[data-testid=le-tool-electrical]');
    await fr.waitForSelector('[data-testid=le-wiring-panel]');
    expect(await fr.locator('[data-testid=le-wiring-panel]').textContent()).toContain('Rien de sélectionné.');
    const p = await onScreen(fr, (await one('select st_x(geom) as x, st_y(geom) as y from inverters where plant_id = $1', [plantId]).then((r) => [r.x, r.y])) as [number, number]);
    await fr.mouse.click(p.x, p.y);
    await fr.waitForSelector('[data-testid=le-wire-title]');
    expect(await fr.locator('[data-testid=le-wire-title]').textContent()).toContain('Onduleur INV-A');
    await screenshot(fr, 'layout-wiring-fr');
    await fr.close();
  });
});
