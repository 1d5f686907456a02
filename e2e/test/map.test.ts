// The plant map in a real browser, on real vector tiles: the status colours on screen,
// the legend's live counts as a filter, module search and highlight, click and hover.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_PLANTS } from '@calepin/data-fixtures';
import { HIGHLIGHT, SEVERITY_COLORS } from '../colours';
import { type E2e, STATUS_HEX, colourCounts, colourCountsWhen, login, mapCamera, mapIdle, screenshot, startE2e } from '../support';

let e2e: E2e;
let rooftopId: string;
let page: Page;
/** A rooftop module with defects, as the database has it. */
let target: { id: string; code: string; status: string; defects: number; centre: [number, number] };

const SIX = ['ok', 'inequality', 'microcracks', 'dead', 'string_open', 'not_connected'] as const;
const sixColours = () => Object.fromEntries(SIX.map((s) => [s, STATUS_HEX[s]]));

beforeAll(async () => {
  e2e = await startE2e();
  const { rows } = await e2e.db.pool.query<{ id: string }>('select id from plants where name = $1', [DEMO_PLANTS.rooftop.name]);
  rooftopId = rows[0]!.id;
  const found = await e2e.db.pool.query(
    `select m.id, m.code, m.status, count(d.id)::int as defects,
            array[st_x(st_pointonsurface(m.geom)), st_y(st_pointonsurface(m.geom))] as centre
       from modules m join defects d on d.module_id = m.id and d.deleted_at is null
      where m.plant_id = $1 and m.status = 'dead'
      group by m.id order by count(d.id) desc, m.code limit 1`,
    [rooftopId],
  );
  target = found.rows[0];
  page = await e2e.page('fr-FR');
  await login(page, 'client');
});
afterAll(() => e2e?.close());

const renderedCount = (p: Page, layer: string) => p.evaluate((id) =>
  (window as unknown as { __calepinMap: { queryRenderedFeatures(o: object): unknown[] } }).__calepinMap.queryRenderedFeatures({ layers: [id] }).length, layer);

const count = async (status: string) =>
  Number((await page.locator(`[data-testid=count-${status}]`).textContent())!.replace(/\s/g, ''));

describe('the plant map', () => {
  it('draws the modules in the six status colours, from the tiles', async () => {
    await page.goto(`/plants/${rooftopId}/map`);
    await mapIdle(page);
    await page.waitForFunction(() => document.querySelector('[data-testid=count-ok]')?.textContent !== '…');
    await screenshot(page, 'map');
    // Each status covers at least part of a module (a module is ~600 px at this zoom).
    await colourCountsWhen(page, sixColours(), (p) => SIX.every((status) => p[status]! > 80));
    // And the legend counts are the database's.
    const { rows } = await e2e.db.pool.query('select status, count(*)::int as n from modules where plant_id = $1 group by status', [rooftopId]);
    for (const { status, n } of rows) expect([status, await count(status)]).toEqual([status, n]);
  });

  it('finds a module by code, zooms to it and outlines it', async () => {
    await page.fill('[data-testid=module-search]', target.code.toLowerCase());
    await page.press('[data-testid=module-search]', 'Enter');
    await page.waitForURL(new RegExp(`module=${target.id}`));
    await page.waitForSelector(`[data-testid=module-panel] h2:has-text("Module ${target.code}")`);
    // The flight to the module: over when the camera rests that close.
    await expect.poll(() => mapCamera(page), { timeout: 10_000 }).toMatchObject({ moving: false, zoom: expect.toSatisfy((z: number) => z > 20) });
    await mapIdle(page);
    await colourCountsWhen(page, { highlight: HIGHLIGHT }, (p) => p.highlight! > 200);
    await screenshot(page, 'map-search');
  });

  it('shows a module’s defects when it is clicked, and its code on hover', async () => {
    await page.click('[data-testid=module-panel] .close');
    await page.waitForSelector('[data-testid=module-panel]', { state: 'detached' });
    // The map widens when the panel closes: once it has, find the module where the map draws it.
    await page.waitForFunction(() => {
      const map = (window as unknown as { __calepinMap: { getCanvas(): HTMLCanvasElement; getContainer(): HTMLElement } }).__calepinMap;
      return Math.abs(map.getCanvas().clientWidth - map.getContainer().clientWidth) < 2;
    });
    await mapIdle(page);
    const box = (await page.locator('[data-testid=map]').boundingBox())!;
    const point = await page.evaluate(
      (lngLat) => (window as unknown as { __calepinMap: { project(p: [number, number]): { x: number; y: number } } }).__calepinMap.project(lngLat),
      target.centre,
    );
    const centre = { x: box.x + point.x, y: box.y + point.y };
    await page.mouse.move(centre.x - 40, centre.y - 40);
    await page.mouse.move(centre.x, centre.y, { steps: 4 });
    await page.waitForSelector(`[data-testid=tooltip]:has-text("${target.code}")`);
    await page.mouse.click(centre.x, centre.y);
    await page.waitForSelector(`[data-testid=module-panel] h2:has-text("Module ${target.code}")`);
    await page.waitForSelector('[data-testid=panel-defects] li');
    const defects = await page.locator('[data-testid=panel-defects] > li').count();
    expect(defects).toBe(target.defects);
    await expect(page.locator('[data-testid=module-panel] .badge').first().textContent()).resolves.toBe('Mort');
    await expect(page.locator('[data-testid=panel-string]').textContent()).resolves.toMatch(/^S\d+/);
    await screenshot(page, 'map-panel');
  });

  it('filters by status: the legend counts change and the other modules fade', async () => {
    await page.click('[data-testid=module-panel] .close');
    await page.click('button:has-text("Toute la centrale")');
    // The flight back: over when the camera rests with every module of the plant in view.
    const { rows: [extent] } = await e2e.db.pool.query(
      `select st_xmin(e) as w, st_ymin(e) as s, st_xmax(e) as e, st_ymax(e) as n
         from (select st_extent(geom) as e from modules where plant_id = $1 and deleted_at is null) x`, [rooftopId]);
    await expect.poll(() => mapCamera(page), { timeout: 10_000 }).toSatisfy(({ moving, bounds: [w, s, e, n] }) =>
      !moving && w! <= extent.w && s! <= extent.s && e! >= extent.e && n! >= extent.n);
    await mapIdle(page);
    const before = await colourCountsWhen(page, sixColours(), (p) => SIX.every((status) => p[status]! > 80));
    const dead = await count('dead');
    expect(await count('ok')).toBeGreaterThan(0);

    await page.click('[data-testid=legend] li[data-status=dead] button.only');
    await page.waitForURL(/status=dead/);
    await page.waitForFunction(() => document.querySelector('[data-testid=count-ok]')?.textContent === '0');
    expect(await count('dead')).toBe(dead);
    await expect(page.locator('[data-testid=legend-total]').textContent()).resolves.toBe(`${dead} modules affichés sur 242`);
    await mapIdle(page);
    // Under a loaded machine a tile may still be on its way when the map first says idle.
    await colourCountsWhen(page, sixColours(), (p) => p.dead! > before.dead! / 2, 15_000);
    // The others fade: read until the fade is over.
    await colourCountsWhen(page, sixColours(), (p) => p.ok! < before.ok! / 10);
    await screenshot(page, 'map-filter');

    // A string as well: its modules only, counted by the server.
    await page.click('[data-testid=legend] button:has-text("Tout afficher")');
    await page.waitForFunction(() => document.querySelector('[data-testid=count-ok]')?.textContent !== '0');
    const string = await page.locator('[data-testid=string-select] option').nth(2).getAttribute('value');
    await page.selectOption('[data-testid=string-select]', string!);
    const { rows } = await e2e.db.pool.query('select count(*)::int as n from modules where string_id = $1', [string]);
    await page.waitForFunction(
      (n) => document.querySelector('[data-testid=legend-total]')?.textContent?.startsWith(`${n} modules`),
      rows[0].n,
    );
    expect(rows[0].n).toBeGreaterThanOrEqual(24);
    await mapIdle(page);
    await screenshot(page, 'map-string');
    // The kept string is outlined and flown to; zoomed out, where the tiles carry tables and
    // not strings, it stays outlined over the faded plant (issue 13).
    await expect.poll(() => renderedCount(page, 'selection-line'), { timeout: 10_000 }).toBeGreaterThan(0);
    await page.evaluate(() => (window as unknown as { __calepinMap: { jumpTo(o: object): void } }).__calepinMap.jumpTo({ zoom: 15.5 }));
    await mapIdle(page);
    expect(await renderedCount(page, 'selection-line')).toBeGreaterThan(0);
    await screenshot(page, 'map-string-zoomed-out');
  });

  it('shows defects zoomed out too, as clusters in their worst severity', async () => {
    await page.selectOption('[data-testid=string-select]', '');
    await page.evaluate(() => (window as unknown as { __calepinMap: { jumpTo(o: object): void } }).__calepinMap.jumpTo({ zoom: 14 }));
    await mapIdle(page);
    // No module is drawn at z14: what has a severity colour is a cluster of defects (read until
    // they are on screen: under a CPU burner the first look after idle had none yet).
    await colourCountsWhen(page, { urgent: SEVERITY_COLORS.urgent, warning: SEVERITY_COLORS.warning }, (p) => p.urgent! + p.warning! > 20);
    await screenshot(page, 'map-defect-clusters');
  });
});

describe('what a client user may not open (issue 13)', () => {
  it('another company’s plant map: one 404 and a message, not one per list', async () => {
    const { rows } = await e2e.db.pool.query<{ id: string }>('select id from plants where name = $1', [DEMO_PLANTS.ground.name]);
    const notFound: string[] = [];
    const onResponse = (r: { status(): number; url(): string }) => { if (r.status() === 404) notFound.push(r.url()); };
    page.on('response', onResponse);
    try {
      await page.goto(`/plants/${rows[0]!.id}/map`);
      await page.locator('[role=alert]').waitFor();
      await page.waitForLoadState('networkidle');
      expect(notFound.map((u) => new URL(u).pathname)).toEqual([`/api/v1/plants/${rows[0]!.id}`]);
    } finally {
      page.off('response', onResponse);
    }
  });

  it('a staff page brings it to its plants, saying why', async () => {
    await page.goto('/planning');
    await page.waitForURL(/\/plants$/);
    await expect.poll(() => page.locator('[data-testid=refused-notice]').textContent())
      .toBe('La page /planning est réservée au personnel de la société de diagnostic : voici vos centrales à la place.');
    await screenshot(page, 'refused-page');
  });
});

describe('what a client user sees of an audit under review (issue 13)', () => {
  it('the last validated results, until the office validates the new audit', async () => {
    const open = async (p: Page) => {
      await p.goto(`/plants/${rooftopId}/map`);
      await mapIdle(p);
      await p.waitForFunction(() => document.querySelector('[data-testid=count-ok]')?.textContent !== '…');
      return { pixels: (await colourCounts(p, { string_open: STATUS_HEX.string_open })).string_open!, legend: await countOn(p, 'string_open') };
    };
    const countOn = async (p: Page, status: string) =>
      Number((await p.locator(`[data-testid=count-${status}]`).textContent())!.replace(/\s/g, ''));
    const before = await open(page);

    // The technicians' new EL audit comes in, not validated: string S5 open-circuit.
    const db = e2e.db.pool;
    const auditId: string = (await db.query(
      `insert into audits (plant_id, audit_type, status, started_at, performed_by)
       values ($1, 'el', 'done', now(), (select id from users where role = 'technician' limit 1)) returning id`, [rooftopId])).rows[0].id;
    const { rowCount: s5 } = await db.query(
      `insert into defects (plant_id, audit_id, module_id, defect_type, module_status, severity, geom, observed_at)
       select plant_id, $2, id, 'string_open', 'string_open', 'urgent', st_pointonsurface(geom), now()
         from modules where plant_id = $1 and code like 'S5-%'`, [rooftopId, auditId]);

    const office = await e2e.page('fr-FR');
    await login(office, 'manager');
    const officeView = await open(office);
    expect(officeView.legend).toBe(before.legend + s5!);
    expect(officeView.pixels).toBeGreaterThan(before.pixels + 1000);
    await screenshot(office, 'map-audit-under-review-office');

    const clientView = await open(page);
    expect(await page.locator('[data-testid=audit-select] option').first().textContent()).toBe('Actuels (derniers audits validés)');
    expect(clientView.legend).toBe(before.legend);
    expect(Math.abs(clientView.pixels - before.pixels)).toBeLessThan(200);
    await screenshot(page, 'map-audit-under-review-client');

    await db.query(`update audits set validated_at = now(), validated_by = (select id from users where role = 'manager' limit 1) where id = $1`, [auditId]);
    const validated = await open(page);
    expect(validated.legend).toBe(officeView.legend);
    expect(validated.pixels).toBeGreaterThan(before.pixels + 1000);
    await office.close();
  });
});
