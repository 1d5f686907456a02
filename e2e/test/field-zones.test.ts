// Work zones on the tablet (issue 17): the mission's lead draws a zone corner by corner on
// the map, names it and gives it to a teammate and themself; it is pushed to the server and
// drawn on the map, tinted as the lead's own. When the teammate records results in it (from
// another device, through sync), the tablet's progress moves within seconds, without a
// reload: the live `changes` event makes the tablet pull. The tablet counts what the server
// counts (GET /missions/{id}/progress).
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { MissionProgress } from '@calepin/core';
import { type E2e, apiJson, apiToken, onScreen, screenshot, startE2e } from '../support';
import { downloadFromList, fieldContext, fieldMapIdle, fieldPage, loginField, teammateOn } from '../field-support';
import { type TestMission, makeMission } from '../../field/test/support';
import { type Instance, type LiveClient, childInstance, testPrefix } from '../../test-support/realtime';

let e2e: E2e;
let other: Instance;
let mission: TestMission;
let context: BrowserContext;
let page: Page;
let teammate: LiveClient;
type W = { __calepinMap: { querySourceFeatures(source: string): { properties: Record<string, unknown> }[]; fitBounds(b: number[][], o: object): void } };

beforeAll(async () => {
  const prefix = testPrefix();
  e2e = await startE2e({ realtimePrefix: prefix });
  other = await childInstance(e2e.db.url, prefix);
  mission = await makeMission(e2e.db.pool, { plant: 'rooftop', auditTypes: ['el'] });
  context = await fieldContext(e2e, { locale: 'fr-FR' });
  page = await fieldPage(context);
}, 300_000);
afterAll(async () => {
  teammate?.close();
  await context?.close();
  await other?.close();
  await e2e?.close();
});

describe('work zones on the tablet', () => {
  it('are drawn by the lead, pushed, and count the team’s results as they come', async () => {
    const damien = await teammateOn(e2e, other, mission.id, 'Damien Petit');
    teammate = damien.live;
    // The first table of the plant: the zone is drawn around it.
    const { rows: [table] } = await e2e.db.pool.query<{ id: string; ring: [number, number][] }>(
      `select t.id, (st_asgeojson(st_exteriorring(st_orientedenvelope(st_buffer(t.geom::geography, 0.4)::geometry)))::json ->> 'coordinates')::json as ring
         from tables t where t.plant_id = $1 and t.deleted_at is null order by t.code collate natural_order limit 1`, [mission.plantId]);
    const modules = (await e2e.db.pool.query<{ id: string }>(
      'select id from modules where table_id = $1 and deleted_at is null order by code collate natural_order', [table!.id])).rows.map((r) => r.id);

    const { rows: [{ reference }] } = await e2e.db.pool.query('select reference from missions where id = $1', [mission.id]);
    await loginField(page);
    await downloadFromList(page, reference);
    await page.locator(`[data-testid="mission-${reference}"] button.primary`).click();
    await fieldMapIdle(page);

    await page.click('[data-testid=open-zones]');
    await page.waitForSelector('[data-testid=zones]');
    expect(await page.textContent('[data-testid=team-progress]')).toContain(`0 / `);
    await page.click('[data-testid=zone-draw]');
    // The map shows the table large enough to tap its corners.
    const corners = table!.ring.slice(0, 4);
    const lons = corners.map((c) => c[0]);
    const lats = corners.map((c) => c[1]);
    await page.evaluate((b) => (window as unknown as W).__calepinMap.fitBounds(b, { padding: 120, duration: 0 }),
      [[Math.min(...lons), Math.min(...lats)], [Math.max(...lons), Math.max(...lats)]]);
    await fieldMapIdle(page);
    for (const corner of corners) {
      const at = await onScreen(page, corner);
      await page.mouse.click(at.x, at.y);
    }
    await page.waitForSelector('[data-testid=zone-points]:has-text("4")');
    await screenshot(page, 'field-zone-drawing');
    await page.click('[data-testid=zone-finish]');
    await page.fill('[data-testid=zone-name]', 'Nord');
    await page.check(`[data-testid="assign-${mission.technicianId}"]`);
    await page.check(`[data-testid="assign-${damien.id}"]`);
    await screenshot(page, 'field-zone-form');
    await page.click('[data-testid=zone-save]');

    const card = page.locator('[data-testid="zone-Nord"]');
    await card.waitFor();
    expect(await card.textContent()).toMatch(/Ma zone/);
    expect(Number(await card.locator('[data-testid=zone-progress]').getAttribute('data-modules'))).toBe(modules.length);
    await page.waitForFunction(() => (window as unknown as W).__calepinMap.querySourceFeatures('mission-zones').some((f) => f.properties.name === 'Nord' && f.properties.mine));

    // Pushed: the server has it, with its team, and counts the same modules.
    const manager = await apiToken(e2e.base, 'manager');
    let server: MissionProgress | null = null;
    for (let i = 0; i < 60 && !server?.zones.length; i++) {
      server = await apiJson<MissionProgress>(e2e.base, manager, 'GET', `/missions/${mission.id}/progress`);
      if (!server.zones.length) await new Promise((r) => setTimeout(r, 500));
    }
    expect(server!.zones[0]).toMatchObject({ name: 'Nord', modules: modules.length, done: 0 });
    expect(server!.zones[0]!.assignees.map((a) => a.userId).sort()).toEqual([mission.technicianId, damien.id].sort());

    // The teammate records three results in the zone from another device: the tablet counts them, live.
    const techToken = await (async () => {
      const { rows: [u] } = await e2e.db.pool.query('select email from users where id = $1', [damien.id]);
      const r = await fetch(`${e2e.base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: u.email, password: 'a-long-password' }) });
      return ((await r.json()) as { accessToken: string }).accessToken;
    })();
    const started = Date.now();
    const push = await fetch(`${other.url}/api/v1/sync/push`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${techToken}` },
      body: JSON.stringify({
        protocol: 1, deviceId: 'damien-tablet', batchId: randomUUID(), missionId: mission.id,
        operations: modules.slice(0, 3).map((moduleId) => ({
          id: randomUUID(), table: 'audit_modules', key: { audit_id: mission.audits.el, module_id: moduleId }, op: 'create',
          deviceTime: new Date().toISOString(), columns: { inspected_at: { new: new Date().toISOString() } },
        })),
      }),
    });
    expect(push.status).toBe(200);
    await card.locator('[data-testid=zone-progress][data-done="3"]').waitFor({ timeout: 15_000 });
    console.log(`zone progress on the tablet ${Date.now() - started} ms after the teammate's push`);
    expect(await page.locator('[data-testid=team-progress] [data-testid=zone-progress]').getAttribute('data-done')).toBe('3');
    await fieldMapIdle(page);
    await screenshot(page, 'field-zones');
  });

  it('shows the plant in 3D from the package, offline, in the colours of the audit, and opens a tapped module', async () => {
    await context.setOffline(true);
    await page.click('[data-testid=open-3d]');
    await page.waitForSelector('[data-testid=view3d][data-loaded=true]', { timeout: 60_000 });
    const { rows: [{ n }] } = await e2e.db.pool.query('select count(*)::int as n from modules where plant_id = $1 and deleted_at is null', [mission.plantId]);
    expect(Number(await page.getAttribute('[data-testid=view3d]', 'data-modules'))).toBe(n);
    const { rows: [module] } = await e2e.db.pool.query<{ id: string; code: string }>(
      'select id, code from modules where plant_id = $1 and deleted_at is null order by code collate natural_order offset 40 limit 1', [mission.plantId]);
    const box = (await page.locator('.view3d-canvas').boundingBox())!;
    const at = await page.evaluate((id) => (window as unknown as { __calepin3d: { screenPosition(id: string): { x: number; y: number } | null } }).__calepin3d.screenPosition(id), module!.id);
    expect(at).not.toBeNull();
    await page.mouse.click(box.x + at!.x, box.y + at!.y);
    await page.waitForSelector(`[data-testid=module-code]:has-text("${module!.code}")`);
    await screenshot(page, 'field-3d');
    await page.click('[data-testid=view3d-close]');
    await page.waitForSelector('[data-testid=view3d]', { state: 'detached' });
    await context.setOffline(false);
  });
});
