// The field app live (docs/realtime.md): a teammate connected to another gis-server
// instance shows above the map; the module they are annotating cannot be opened for a
// defect — the tablet says who has it — until they let it go; then the tablet holds it. The
// teammate's position and the module they hold are drawn on the tablet's map in their colour;
// the tablet tells its own GPS position and goes idle without input.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type E2e, screenshot, startE2e } from '../support';
import { downloadFromList, fieldContext, fieldMapIdle, fieldPage, loginField, teammateOn } from '../field-support';
import { type TestMission, makeMission } from '../../field/test/support';
import { type Instance, type LiveClient, childInstance, testPrefix } from '../../test-support/realtime';

let e2e: E2e;
let other: Instance;
let mission: TestMission;
let context: BrowserContext;
let page: Page;
let teammate: LiveClient;
let damienId: string;
/** What the test reads of the field map (`window.__calepinMap`); types only, so usable inside page.evaluate. */
type Feature = { properties: Record<string, unknown> };
type W = { __calepinMap: {
  querySourceFeatures(source: string): Feature[]; queryRenderedFeatures(options: { layers: string[] }): Feature[];
  getFilter(layer: string): unknown; getPaintProperty(layer: string, name: string): unknown; jumpTo(options: { center: [number, number]; zoom: number }): void;
} };
/** The tablet goes idle after this long without input here (two minutes in the app). */
const IDLE_MS = 4_000;

beforeAll(async () => {
  const prefix = testPrefix();
  e2e = await startE2e({ realtimePrefix: prefix });
  other = await childInstance(e2e.db.url, prefix);
  mission = await makeMission(e2e.db.pool, { plant: 'rooftop', auditTypes: ['el'] });
  context = await fieldContext(e2e, { locale: 'fr-FR' });
  await context.addInitScript((ms) => { (window as { __calepinIdleAfterMs?: number }).__calepinIdleAfterMs = ms; }, IDLE_MS);
  page = await fieldPage(context);
}, 300_000);
afterAll(async () => {
  teammate?.close();
  await context?.close();
  await other?.close();
  await e2e?.close();
});

describe('the field app with a teammate on another instance', () => {
  it('shows the teammate and refuses a module they are annotating, until they release it', async () => {
    const damien = await teammateOn(e2e, other, mission.id, 'Damien Petit');
    damienId = damien.id;
    teammate = damien.live;
    const { rows: [target] } = await e2e.db.pool.query<{ id: string; code: string }>(
      'select id, code from modules where plant_id = $1 and deleted_at is null order by code limit 1', [mission.plantId]);
    expect((await teammate.ask('lock:take', { missionId: mission.id, moduleId: target!.id })).ok).toBe(true);

    const { rows: [{ reference }] } = await e2e.db.pool.query('select reference from missions where id = $1', [mission.id]);
    await loginField(page);
    await downloadFromList(page, reference);
    await page.locator(`[data-testid="mission-${reference}"] button.primary`).click();
    await fieldMapIdle(page);
    await page.waitForSelector(`[data-testid="team-${damien.id}"][data-state="active"]`);

    await page.fill('[data-testid=module-search]', target!.code);
    await page.waitForSelector(`#module-hits option[value="${target!.code}"]`, { state: 'attached' });
    await page.press('[data-testid=module-search]', 'Enter');
    await page.waitForSelector(`[data-testid=module-code]:has-text("${target!.code}")`);
    await page.click('[data-testid=new-defect]');
    const refused = await page.waitForSelector('[data-testid=lock-refused]');
    expect(await refused.textContent()).toContain('Damien Petit');
    expect(await page.locator('[data-testid=panel-defect]').count()).toBe(0);
    await screenshot(page, 'field-live-lock-refused');

    expect((await teammate.ask('lock:release', { missionId: mission.id, moduleId: target!.id })).ok).toBe(true);
    await page.click('[data-testid=new-defect]');
    await page.waitForSelector('[data-testid=panel-defect]');
    const held = await teammate.event<{ moduleId: string; reason: string; holder: string }>('lock',
      (d, e) => d.moduleId === target!.id && d.reason === 'taken' && e.by?.userId !== damien.id);
    expect(held.data.holder).toBe(mission.technicianId);
    expect((await teammate.ask('lock:take', { missionId: mission.id, moduleId: target!.id })).code).toBe('locked');
  });

  it("draws the teammate's position and the module they hold in their colour; tells the tablet's own position; idles", async () => {
    const { rows: [other] } = await e2e.db.pool.query<{ id: string; lon: number; lat: number }>(
      `select id, st_x(st_centroid(geom)) as lon, st_y(st_centroid(geom)) as lat from modules
        where plant_id = $1 and deleted_at is null order by code offset 3 limit 1`, [mission.plantId]);
    const colour = (await teammate.event<{ userId: string; colour: string }>('presence', (d) => d.userId === damienId)).data.colour;
    expect((await teammate.ask('position', { missionId: mission.id, lon: other!.lon, lat: other!.lat, accuracy: 6 })).ok).toBe(true);
    expect((await teammate.ask('lock:take', { missionId: mission.id, moduleId: other!.id })).ok).toBe(true);

    await page.waitForFunction(({ id, colour }) => {
      const map = (window as unknown as W).__calepinMap;
      const dot = map.querySourceFeatures('live-team').find((f) => f.properties.part === 'dot' && f.properties.userId === id);
      return dot?.properties.colour === colour;
    }, { id: damienId, colour });
    await page.waitForFunction((moduleId) => JSON.stringify((window as unknown as W).__calepinMap.getFilter('live-locks')).includes(moduleId), other!.id);
    expect(JSON.stringify(await page.evaluate(() => (window as unknown as W).__calepinMap.getPaintProperty('live-locks', 'line-color')))).toContain(colour);
    // Seen on the map, where the teammate stands: the held module outlined and the dot drawn there.
    await page.evaluate(({ lon, lat }) => (window as unknown as W).__calepinMap.jumpTo({ center: [lon, lat], zoom: 21 }), other!);
    await fieldMapIdle(page);
    expect(await page.evaluate((moduleId) => (window as unknown as W).__calepinMap.queryRenderedFeatures({ layers: ['live-locks'] })
      .some((f) => f.properties.id === moduleId), other!.id)).toBe(true);
    expect(await page.evaluate(() => (window as unknown as W).__calepinMap.queryRenderedFeatures({ layers: ['live-team-dot'] }).length)).toBe(1);
    await screenshot(page, 'field-live-team-on-map');

    // The teammate idle: pale in the team list. Released: no outline left.
    expect((await teammate.ask('presence', { missionId: mission.id, state: 'idle' })).ok).toBe(true);
    await page.waitForSelector(`[data-testid="team-${damienId}"][data-state="idle"]`);
    expect((await teammate.ask('lock:release', { missionId: mission.id, moduleId: other!.id })).ok).toBe(true);
    await page.waitForFunction((moduleId) => !JSON.stringify((window as unknown as W).__calepinMap.getFilter('live-locks')).includes(moduleId), other!.id);

    // The tablet's GPS, once the technician turns it on (and the browser allows it): heard by the teammate.
    await context.grantPermissions(['geolocation']);
    await context.setGeolocation({ longitude: other!.lon, latitude: other!.lat, accuracy: 5 });
    await page.click('button[aria-pressed]:has-text("GPS")');
    const heard = (await teammate.wait('position', (p: { userId: string }) => p.userId === mission.technicianId)) as { lon: number; accuracy: number };
    expect(heard.lon).toBeCloseTo(other!.lon, 6);
    expect(heard.accuracy).toBe(5);

    // No input for a while: the tablet is idle for the team, active again at the next touch.
    await page.mouse.move(180, 280);
    const mark = teammate.events('presence').at(-1)?.id ?? 0;
    const idle = await teammate.event<{ userId: string; state: string }>('presence',
      (d, e) => e.id > mark && d.userId === mission.technicianId && d.state === 'idle');
    await page.mouse.move(200, 300);
    await page.mouse.move(220, 320);
    await teammate.event<{ userId: string; state: string }>('presence',
      (d, e) => e.id > idle.id && d.userId === mission.technicianId && d.state === 'active');
  });
});
