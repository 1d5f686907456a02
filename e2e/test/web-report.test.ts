// The interactive web report in Chromium (issue 18): a client user walks it in French —
// the audits in time, the map coloured by an audit, a module's defects and history, the
// difference map against the earlier audit, the d3 charts, the Excel download; then a
// manager makes a share link on the report page, and someone without an account walks
// the same report through it in English (tiles and downloads included) until the manager
// revokes it. Screenshots: e2e/screenshots/web-report-*.png.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PLANTS } from '@calepin/data-fixtures';
import { laterAudit } from '../../test-support/audit-history';
import { type E2e, STATUS_HEX, apiJson, apiToken, colourCounts, login, mapIdle, onScreen, screenshot, startE2e } from '../support';

let e2e: E2e;
let plantId: string;
let reportId: string;
let auditId: string;
let beforeId: string;
/** A module dead in the later audit (string S5), with its centre. */
let target: { id: string; code: string; centre: [number, number] };

beforeAll(async () => {
  e2e = await startE2e();
  const pool = e2e.db.pool;
  const before = (await pool.query(
    `select a.id, a.plant_id, a.performed_by from audits a join plants p on p.id = a.plant_id where p.name = $1 and a.audit_type = 'el'`,
    [DEMO_PLANTS.rooftop.name])).rows[0];
  beforeId = before.id;
  plantId = before.plant_id;
  auditId = await laterAudit(pool, plantId, { id: beforeId, performedBy: before.performed_by });
  reportId = (await pool.query(
    `insert into reports (plant_id, audit_id, title, language) values ($1, $2, 'Audit EL 2026', 'fr') returning id`, [plantId, auditId])).rows[0].id;
  target = (await pool.query(
    `select m.id, m.code, array[st_x(st_pointonsurface(m.geom)), st_y(st_pointonsurface(m.geom))] as centre
       from modules m where m.plant_id = $1 and m.code like 'S5-%' order by m.code limit 1`, [plantId])).rows[0];
}, 120_000);
afterAll(() => e2e?.close());

/** Walks the report: two audits, the map drawn, a module clicked, its history read. */
async function walk(page: Page, words: { history: string; dead: string }) {
  await page.waitForSelector('[data-testid=web-report-timeline]');
  expect(await page.locator('[data-testid=timeline-audit]').count()).toBe(2);
  await mapIdle(page);
  // Coloured by the later audit: its dead string is on screen in the status red.
  await expect.poll(async () => (await colourCounts(page, { dead: STATUS_HEX.dead })).dead).toBeGreaterThan(200);
  await page.evaluate((c) => (window as unknown as { __calepinMap: { jumpTo(o: object): void } }).__calepinMap.jumpTo({ center: c, zoom: 21 }), target.centre);
  await mapIdle(page);
  const at = await onScreen(page, target.centre);
  await page.mouse.click(at.x, at.y);
  await page.waitForSelector(`[data-testid=module-panel] h2:has-text("${target.code}")`);
  await page.waitForSelector('[data-testid=module-history] li >> nth=1');
  const history = await page.locator('[data-testid=module-history]').textContent();
  expect(history).toContain(words.dead);
  expect(await page.locator('[data-testid=module-panel]').textContent()).toContain(words.history);
  // The d3 charts: one bar per inverter, the loss line.
  await page.waitForSelector('[data-testid=chart-inverter] rect');
  expect(await page.locator('[data-testid=chart-severity] rect').count()).toBe(3);
}

describe('the web report', () => {
  it('a client walks it in French: timeline, map, module history, difference map, charts, Excel', async () => {
    const page = await e2e.page('fr-FR');
    await page.setViewportSize({ width: 1400, height: 1000 });
    await login(page, 'client');
    await page.goto(`/plants/${plantId}`);
    await page.click('[data-testid=open-web-report]');
    await page.waitForURL(`**/plants/${plantId}/report`);
    await walk(page, { history: 'Historique de ce module', dead: 'Mort' });
    await screenshot(page, 'web-report-fr');

    // The legend counts the audit's modules per status and filters the map.
    const counts = await apiJson<{ total: number; counts: Record<string, number> }>(
      e2e.base, await apiToken(e2e.base, 'client'), 'GET', `/plants/${plantId}/map/status-counts?audit=${auditId}`);
    const legend = page.locator('.web-report-legend [data-testid=legend]');
    expect(await legend.locator('[data-testid=count-dead]').textContent()).toBe(String(counts.counts.dead));
    await legend.locator('li[data-status=dead] input').uncheck();
    await expect.poll(async () => (await colourCounts(page, { dead: STATUS_HEX.dead })).dead).toBeLessThan(20);
    expect(await legend.locator('[data-testid=legend-total]').textContent()).toContain(String(counts.total - (counts.counts.dead ?? 0)));
    await legend.locator('li[data-status=dead] button.only').click();
    await expect.poll(async () => (await colourCounts(page, { dead: STATUS_HEX.dead })).dead).toBeGreaterThan(200);
    await screenshot(page, 'web-report-legend-fr');
    await legend.locator('button.link:not(.only)').click();
    expect(await legend.locator('input:not(:checked)').count()).toBe(0);

    await page.check('[data-testid=compare-difference]');
    await page.waitForSelector('[data-testid=change-counts]');
    const comparison = await apiJson<{ counts: Record<string, number> }>(e2e.base, await apiToken(e2e.base, 'client'), 'GET', `/audits/${auditId}/comparison?with=${beforeId}`);
    expect(await page.locator('[data-change=new] strong').textContent()).toBe(String(comparison.counts.new));
    expect(await page.locator('[data-change=repaired] strong').textContent()).toBe(String(comparison.counts.repaired));
    await mapIdle(page);
    await expect.poll(async () => (await colourCounts(page, { new: '#dc2626', repaired: '#16a34a' })).new).toBeGreaterThan(200);
    await page.locator('[data-testid=web-report-compare]').scrollIntoViewIfNeeded();
    await screenshot(page, 'web-report-difference-fr');

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=download-xlsx]')]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    await page.locator('[data-testid=web-report-charts]').scrollIntoViewIfNeeded();
    await screenshot(page, 'web-report-charts-fr');
    await page.close();
  });

  it('someone without an account walks it in English through a share link, until it is revoked', async () => {
    const office = await e2e.page('en-US');
    await office.setViewportSize({ width: 1300, height: 1000 });
    await login(office, 'manager');
    await office.goto(`/reports/${reportId}`);
    await office.fill('[data-testid=share-label]', 'Plant owner');
    await office.fill('[data-testid=share-days]', '14');
    await office.click('[data-testid=share-create]');
    const link = (await office.locator('[data-testid=share-link]').textContent()) as string;
    expect(link).toMatch(/\/shared\/cshr_[A-Za-z0-9_-]{43}$/);
    await office.waitForSelector('[data-testid=share-list] li[data-state=active]');
    await office.locator('[data-testid=report-shares]').scrollIntoViewIfNeeded();
    await screenshot(office, 'web-report-shares-en');

    const page = await e2e.page('en-US');
    await page.setViewportSize({ width: 1400, height: 1000 });
    await page.goto(link);
    await page.waitForSelector('[data-testid=shared-title]');
    await walk(page, { history: 'History of this module', dead: 'Dead' });
    await screenshot(page, 'web-report-shared-en');
    // The plant in 3D, read with the link's token.
    await page.click('[data-testid=web-report-view-3d]');
    await page.waitForSelector('[data-testid=view3d][data-loaded=true]', { timeout: 60_000 });
    expect(Number(await page.getAttribute('[data-testid=view3d]', 'data-modules'))).toBeGreaterThan(100);
    // Coloured by the chosen audit: the target is dead in the later one, was OK in the earlier.
    const drawnAs = () => page.evaluate((id) => (window as unknown as { __calepin3d: { statusOf(id: string): string | null } }).__calepin3d.statusOf(id), target.id);
    await expect.poll(drawnAs).toBe('dead');
    await screenshot(page, 'web-report-shared-3d-en');
    await page.click('[data-testid=timeline-audit] >> nth=0');
    await expect.poll(drawnAs).toBe('ok');
    await page.click('[data-testid=timeline-audit] >> nth=1');
    await expect.poll(drawnAs).toBe('dead');
    await page.click('[data-testid=web-report-view-map]');
    await page.waitForSelector('.web-report-map [data-testid=map][data-ready=true]');
    await page.check('[data-testid=compare-sideBySide]');
    await page.waitForSelector('[data-testid=web-report-side] [data-testid=map][data-ready=true] >> nth=1');
    await screenshot(page, 'web-report-side-en');
    const [csv] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=download-defects]')]);
    expect(csv.suggestedFilename()).toMatch(/-defects\.csv$/);

    await office.click('[data-testid=share-revoke]');
    await office.waitForSelector('[data-testid=share-list] li[data-state=revoked]');
    await page.reload();
    await page.waitForSelector('[data-testid=shared-gone]');
    expect(await page.locator('[data-testid=shared-gone]').textContent()).toContain('This link no longer opens anything.');
    await office.close();
    await page.close();
  });
});
