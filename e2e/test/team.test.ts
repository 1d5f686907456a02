// Issue 17's proof, with real pages on real servers: four technicians of one mission on
// their tablets (each its own browser context), two on the in-process gis-server and two on
// a second instance (same database, Redis and file store), and the office on the mission
// page. They see each other (team bar, live panel), their GPS positions on each other's
// maps; a module one of them annotates is refused to another, with the holder's name, and
// given to the second once the first tablet stops renewing (asleep, still connected) and the
// lock's life is over; a defect saved on one tablet is drawn on the others' maps and on the
// office's plant map within seconds (the delay is printed); a chat message with a photo and
// a pinned module reaches the office and the team, and its pin zooms a tablet's map there;
// zones the lead gives show on each technician's tablet with the office's figures.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '@calepin/data-fixtures';
import { type E2e, apiJson, apiToken, login, mapCamera, mapIdle, screenshot, startE2e } from '../support';
import { cameraJpeg, drawnStatuses, fieldMapIdle, fieldPage, photoWith } from '../field-support';
import { openAt } from '../live';
import { type TestMission, makeMission } from '../../field/test/support';
import { type Instance, childInstance, testPrefix } from '../../test-support/realtime';

/** The module locks' life on both instances (60 s in the app), and how often an open form renews its lock (20 s). */
const LOCK_TTL_MS = 4_000;
const RENEW_MS = 1_000;

interface Tech {
  label: 'A' | 'B' | 'C' | 'D';
  id: string;
  name: string;
  email: string;
  password: string;
  /** The gis-server its pages are served by, hence the one its Socket.IO connects to. */
  origin: string;
  context: BrowserContext;
  page: Page;
}

interface Module { id: string; code: string; lon: number; lat: number }

type Feature = { properties: Record<string, unknown> };
type W = { __calepinMap: {
  querySourceFeatures(source: string): Feature[]; getFilter(layer: string): unknown; getZoom(): number;
  jumpTo(options: { center: [number, number]; zoom: number }): void;
} };

let e2e: E2e;
let other: Instance;
let mission: TestMission;
let reference: string;
let modules: Module[];
let office: Page;
const techs: Tech[] = [];
const started = Date.now();
const tech = (label: Tech['label']) => techs.find((t) => t.label === label)!;
const others = (t: Tech) => techs.filter((o) => o !== t);
const log = (what: string) => console.log(`[team] ${what} (${((Date.now() - started) / 1000).toFixed(1)} s into the file)`);

beforeAll(async () => {
  const prefix = testPrefix();
  e2e = await startE2e({ realtimePrefix: prefix, lockTtlMs: LOCK_TTL_MS });
  other = await childInstance(e2e.db.url, prefix, { filesDir: e2e.filesDir, lockTtlMs: LOCK_TTL_MS });
  mission = await makeMission(e2e.db.pool, { plant: 'rooftop', auditTypes: ['el'] });
  reference = (await e2e.db.pool.query('select reference from missions where id = $1', [mission.id])).rows[0].reference;
  modules = (await e2e.db.pool.query<Module>(
    `select id, code, st_x(st_centroid(geom)) as lon, st_y(st_centroid(geom)) as lat from modules
      where plant_id = $1 and deleted_at is null order by code`, [mission.plantId])).rows;

  // The team: the demo technician (the mission's lead) and three colleagues made through the API.
  const admin = await apiToken(e2e.base, 'admin');
  const lead = (await e2e.db.pool.query<{ full_name: string; email: string }>('select full_name, email from users where id = $1', [mission.technicianId])).rows[0]!;
  const people = [
    { label: 'A', id: mission.technicianId, name: lead.full_name, email: lead.email, password: DEMO_PASSWORD, origin: e2e.base },
    { label: 'B', name: 'Damien Petit', origin: other.url },
    { label: 'C', name: 'Léa Roux', origin: other.url },
    { label: 'D', name: 'Hugo Lefèvre', origin: e2e.base },
  ] as const;
  for (const p of people) {
    let id: string = 'id' in p ? p.id : '';
    let email: string = 'email' in p ? p.email : `${p.label.toLowerCase()}-${Date.now()}@example.fr`;
    const password = 'password' in p ? p.password : 'a-long-password';
    if (!id) {
      id = (await apiJson<{ id: string }>(e2e.base, admin, 'POST', '/users', { email, role: 'technician', fullName: p.name, password, locale: 'fr' })).id;
      await e2e.db.pool.query('insert into mission_members (mission_id, user_id) values ($1, $2)', [mission.id, id]);
    }
    email = email.toLowerCase();
    const context = await e2e.browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 800 }, baseURL: p.origin, hasTouch: true });
    await context.addInitScript((ms) => { (window as { __calepinLockRenewMs?: number }).__calepinLockRenewMs = ms; }, RENEW_MS);
    techs.push({ label: p.label, id, name: p.name, email, password, origin: p.origin, context, page: await fieldPage(context) });
  }
  office = await e2e.page('fr-FR');
}, 120_000);

afterAll(async () => {
  for (const t of techs) await t.context.close().catch(() => undefined);
  await other?.close();
  await e2e?.close();
});

/** Logs in on the tablet, downloads the mission's package and opens its map. */
async function openMission(t: Tech): Promise<void> {
  const { page } = t;
  await page.goto('/field/');
  await page.fill('input[name=email]', t.email);
  await page.fill('input[name=password]', t.password);
  await page.click('button[type=submit]');
  await page.waitForSelector('[data-testid=who]');
  const row = page.locator(`[data-testid="mission-${reference}"]`);
  await row.locator('button.primary').click();
  await row.locator('button.primary', { hasText: 'Ouvrir' }).waitFor({ timeout: 240_000 });
  await row.locator('button.primary').click();
  await fieldMapIdle(page);
}

async function openModule(page: Page, code: string): Promise<void> {
  await page.fill('[data-testid=module-search]', code);
  await page.waitForSelector(`#module-hits option[value="${code}"]`, { state: 'attached' });
  await page.press('[data-testid=module-search]', 'Enter');
  await page.waitForSelector(`[data-testid=module-code]:has-text("${code}")`);
}

/** Whether a colleague's GPS dot is in the map's team source, in that colour. */
const dotOf = (page: Page, userId: string) => page.evaluate((id) => (window as unknown as W).__calepinMap.querySourceFeatures('live-team')
  .find((f) => f.properties.part === 'dot' && f.properties.userId === id)?.properties.colour ?? null, userId);

/** The modules outlined as held by someone else on a field map. */
const outlined = (page: Page) => page.evaluate(() => JSON.stringify((window as unknown as W).__calepinMap.getFilter('live-locks')));

describe('four technicians and the office on one mission, across two server instances', () => {
  it('each tablet shows the three others active; the office lists the four', async () => {
    await Promise.all(techs.map((t) => openMission(t)));
    log('four tablets opened the mission');
    await Promise.all(techs.flatMap((t) => others(t).map((o) => t.page.waitForSelector(`[data-testid="team-${o.id}"][data-state="active"]`))));
    for (const t of techs) {
      expect(await t.page.locator('[data-testid=team] li').count()).toBe(3);
      expect(await t.page.locator(`[data-testid="team-${t.id}"]`).count()).toBe(0);
    }
    // The names and colours are the same on every tablet, whichever instance it is on.
    const colours = await Promise.all(techs.map((t) => t.page.evaluate(() => Object.fromEntries([...document.querySelectorAll('[data-testid=team] li')]
      .map((li) => [li.getAttribute('data-testid'), (li.querySelector('.swatch') as HTMLElement).style.background])))));
    for (const o of techs) {
      const seen = new Set(colours.map((c) => c[`team-${o.id}`]).filter(Boolean));
      expect(seen.size).toBe(1);
    }
    expect(await tech('B').page.locator(`[data-testid="team-${tech('A').id}"]`).textContent()).toContain(tech('A').name);

    await login(office, 'manager');
    await office.goto(`/missions/${mission.id}`);
    for (const t of techs) {
      const row = office.locator(`[data-testid="presence-${t.id}"][data-state="active"]`);
      await row.waitFor();
      expect(await row.textContent()).toContain(t.name);
    }
  }, 300_000);

  it('two tablets with a GPS fix are drawn on the other maps, in their colours', async () => {
    const spots = { A: modules[2]!, B: modules[modules.length - 3]! };
    for (const label of ['A', 'B'] as const) {
      const t = tech(label);
      await t.context.grantPermissions(['geolocation']);
      await t.context.setGeolocation({ longitude: spots[label].lon, latitude: spots[label].lat, accuracy: 4 });
      await t.page.click('button[aria-pressed]:has-text("GPS")');
    }
    for (const label of ['A', 'B'] as const) {
      const t = tech(label);
      const colour = await tech('C').page.evaluate((id) => (document.querySelector(`[data-testid="team-${id}"] .swatch`) as HTMLElement).style.background, t.id);
      for (const seer of others(t)) {
        await expect.poll(() => dotOf(seer.page, t.id), { timeout: 15_000 }).not.toBeNull();
        // The swatch's colour as the browser writes it (rgb(…)) and the dot's (#rrggbb) name the same colour.
        const hex = await dotOf(seer.page, t.id) as string;
        expect(colour).toBe(`rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(', ')})`);
      }
    }
    // Nobody draws a dot of their own in the team layer (the tablet draws its own position itself).
    expect(await dotOf(tech('A').page, tech('A').id)).toBeNull();
    // The office's mission page has no map; its plant map does not draw the team (yet): nothing to check there.
  }, 120_000);

  it('a module being annotated is refused to a second technician with the holder’s name, and given once the lock expires', async () => {
    const [a, b] = [tech('A'), tech('B')];
    const target = modules[5]!;
    await openModule(a.page, target.code);
    await a.page.click('[data-testid=new-defect]');
    await a.page.waitForSelector('[data-testid=panel-defect]');

    // B, on the other instance, on the same module: refused, with A's name; A's module outlined on B's map.
    await openModule(b.page, target.code);
    await b.page.click('[data-testid=new-defect]');
    const refused = await b.page.waitForSelector('[data-testid=lock-refused]');
    expect(await refused.textContent()).toContain(a.name);
    expect(await b.page.locator('[data-testid=panel-defect]').count()).toBe(0);
    await expect.poll(() => outlined(b.page)).toContain(target.id);
    await office.locator(`[data-testid="presence-${a.id}"]`).getByText('annote 1 module(s)').waitFor();
    // Still A's after more than a lock's life: the open form renews it.
    await b.page.waitForTimeout(LOCK_TTL_MS + 1_000);
    await b.page.click('[data-testid=new-defect]');
    await b.page.waitForSelector('[data-testid=lock-refused]');
    expect(await b.page.locator('[data-testid=panel-defect]').count()).toBe(0);

    // A's tablet falls asleep with the form open: its page's script stops (paused in the
    // debugger: no timer runs, no renewal; CDP's "frozen" lifecycle state keeps timers
    // running in headless Chromium), its connection stays. After the lock's life, B gets the module.
    const cdp = await a.context.newCDPSession(a.page);
    await cdp.send('Debugger.enable');
    await cdp.send('Debugger.pause');
    const asleep = Date.now();
    const formOnB = () => b.page.locator('[data-testid=panel-defect]').count();
    try {
      await expect.poll(async () => {
        // Tapped again while refused (a tap that got the module replaces the button by the form).
        if (await formOnB() === 0) await b.page.locator('[data-testid=new-defect]').click({ timeout: 2_000 }).catch(() => undefined);
        return formOnB();
      }, { timeout: LOCK_TTL_MS + 15_000, interval: 500 }).toBe(1);
    } catch (error) {
      await cdp.send('Debugger.resume').catch(() => undefined);
      throw error;
    }
    const waited = Date.now() - asleep;
    log(`B got the module ${waited} ms after A's tablet fell asleep (lock life ${LOCK_TTL_MS} ms, renewed every ${RENEW_MS} ms)`);
    expect(waited).toBeGreaterThan(LOCK_TTL_MS - RENEW_MS - 500);
    // Expired, not dropped with a connection: the office still has A on the mission, and sees B annotating.
    expect(await office.locator(`[data-testid="presence-${a.id}"]`).getAttribute('data-state')).not.toBe('offline');
    await office.locator(`[data-testid="presence-${b.id}"]`).getByText('annote 1 module(s)').waitFor();

    // A wakes up and closes its form: that does not take the module from B (outlined on A's map in B's colour).
    await cdp.send('Debugger.resume');
    await cdp.send('Debugger.disable');
    await cdp.detach();
    // Its next renewal finds the lock gone and B holding the module: A's tablet says so, its form still open.
    expect(await (await a.page.waitForSelector('[data-testid=lock-refused]', { timeout: 10_000 })).textContent()).toContain(b.name);
    expect(await a.page.locator('[data-testid=panel-defect]').count()).toBe(1);
    await a.page.click('[data-testid=defect-form] button.close');
    await a.page.waitForSelector('[data-testid=panel-module]');
    await expect.poll(() => outlined(a.page)).toContain(target.id);
    await a.page.waitForTimeout(RENEW_MS * 2);
    expect(await b.page.locator('[data-testid=panel-defect]').count()).toBe(1);
    await a.page.click('[data-testid=new-defect]');
    expect(await (await a.page.waitForSelector('[data-testid=lock-refused]')).textContent()).toContain(b.name);

    // B closes the form without saving: the module is free for everyone.
    await b.page.click('[data-testid=defect-form] button.close');
    await expect.poll(() => outlined(a.page)).not.toContain(target.id);
    await office.locator(`[data-testid="presence-${b.id}"]`).getByText('annote 1 module(s)').waitFor({ state: 'detached' });
    for (const t of [a, b]) await t.page.click('[data-testid=panel-module] button.close');
  // Two lock lives waited, four tablets and the office on two instances: under a CPU burner it ran past 120 s.
  }, 300_000);

  it('a defect saved on one tablet is drawn on the three other maps and the office’s plant map within seconds', async () => {
    const [c, d] = [tech('C'), tech('D')];
    const target = modules[9]!;
    // The watchers look at the module (the map's module-level tiles).
    for (const t of others(c)) {
      await t.page.evaluate(({ lon, lat }) => (window as unknown as W).__calepinMap.jumpTo({ center: [lon, lat], zoom: 20 }), target);
      await fieldMapIdle(t.page);
      expect(await drawnStatuses(t.page, target.id)).toEqual(expect.arrayContaining(['pending']));
    }
    await openAt(office, mission.plantId, { id: target.id, code: target.code, centre: [target.lon, target.lat] });
    expect(await drawnStatuses(office, target.id)).not.toContain('dead');

    await openModule(c.page, target.code);
    await c.page.click('[data-testid=new-defect]');
    await c.page.click('[data-testid=status-dead]');
    await c.page.click('[data-testid=severity-urgent]');
    await c.page.fill('[data-testid=defect-description]', 'Module noir en EL');
    // Where the time goes: C's push, D's pull (request sent, answered), D's map drawing it.
    const marks: string[] = [];
    const mark = (what: string) => marks.push(`${what} +${Date.now() - saved} ms`);
    const onPush = (r: { url(): string }) => r.url().includes('/sync/push') && mark('C push sent');
    const onPushed = (r: { url(): string }) => r.url().includes('/sync/push') && mark('C push answered');
    const onPull = (r: { url(): string }) => r.url().includes('/changes?') && mark('D pull sent');
    const onPulled = (r: { url(): string }) => r.url().includes('/changes?') && mark('D pull answered');
    c.page.on('request', onPush);
    c.page.on('requestfinished', onPushed);
    d.page.on('request', onPull);
    d.page.on('requestfinished', onPulled);
    const syncState = await c.page.getAttribute('[data-testid=sync-badge]', 'data-state');
    const saved = Date.now();
    const pulls: Record<string, string[]> = {};
    for (const t of techs) {
      pulls[t.label] = [];
      t.page.on('request', (r) => { if (r.url().includes('/changes?')) pulls[t.label]!.push(`sent +${Date.now() - saved}`); });
      t.page.on('requestfinished', (r) => { if (r.url().includes('/changes?')) pulls[t.label]!.push(`answered +${Date.now() - saved}`); });
      t.page.on('requestfailed', (r) => { if (r.url().includes('/changes?')) pulls[t.label]!.push(`failed +${Date.now() - saved}`); });
    }
    await c.page.click('[data-testid=save-defect]');
    void c.page.waitForSelector('[data-testid=panel-module] .chip[data-status=dead]').then(() => mark('saved on C'), () => undefined);
    await d.page.waitForFunction((id) => ((window as unknown as { __calepinMap: { querySourceFeatures(s: string, o: object): Feature[] } }).__calepinMap
      .querySourceFeatures('plant-tiles', { sourceLayer: 'modules' }).some((f) => f.properties.id === id && f.properties.status === 'dead')),
    target.id, { polling: 50, timeout: 30_000 });
    const delay = Date.now() - saved;
    c.page.off('request', onPush);
    c.page.off('requestfinished', onPushed);
    d.page.off('request', onPull);
    d.page.off('requestfinished', onPulled);
    // Timed, not judged here (speed is the benchmarks' business): the goal is a second.
    log(`C's defect drawn on D's map ${delay} ms after C pressed save (goal 1 s): C's sync ${syncState} before, ${marks.join(', ')}`);
    for (const t of [tech('A'), tech('B')]) {
      const state = await t.page.getAttribute('[data-testid=sync-badge]', 'data-state');
      // Each tablet pulls and redraws on its own: on a loaded 2-core machine running four
      // SwiftShader tablets and another test file, seconds apart (5 s once was not enough in CI).
      await expect.poll(() => drawnStatuses(t.page, target.id), { timeout: 30_000 }).toContain('dead').catch(async (error: unknown) => {
        log(`${t.label}: sync ${state} then ${await t.page.getAttribute('[data-testid=sync-badge]', 'data-state')}; pulls ${JSON.stringify(pulls[t.label])}`);
        throw error;
      });
    }
    await expect.poll(() => drawnStatuses(office, target.id), { timeout: 30_000 }).toContain('dead');
    log(`and on A's, B's and the office's maps ${Date.now() - saved} ms after`);
    // On D's tablet it is a defect of the module, with its author's words.
    await openModule(d.page, target.code);
    await d.page.waitForSelector('[data-testid=panel-module] .chip[data-status=dead]');
    await d.page.locator('[data-testid=panel-module] [data-testid=defect-item]').filter({ hasText: 'Urgent' }).waitFor();
    await c.page.click('[data-testid=panel-module] button.close');
  }, 120_000);

  it('a chat message with a photo and a pin reaches the office and the team; the pin zooms a tablet’s map to its module', async () => {
    const d = tech('D');
    const pinned = modules[9]!;
    await office.goto(`/missions/${mission.id}`);
    await office.locator(`[data-testid="presence-${d.id}"]`).waitFor();

    // D selects the module (the one it saw turn red): the message is pinned to it.
    if (await d.page.locator(`[data-testid=module-code]:has-text("${pinned.code}")`).count() === 0) await openModule(d.page, pinned.code);
    await d.page.click('[data-testid=open-chat]');
    await d.page.fill('[data-testid=chat-input]', 'Module mort, verre fendu : photo');
    await photoWith(d.page, '[data-testid=chat-photo]', await cameraJpeg(d.page, 17));
    await d.page.waitForSelector('[data-testid=chat-photo][aria-pressed=true]');
    await d.page.check('[data-testid=chat-pin-module]');
    await d.page.click('[data-testid=chat-send]');
    const mine = d.page.getByTestId('chat-message').filter({ hasText: 'Module mort, verre fendu' });
    await mine.getByTestId('photo-thumb').waitFor();
    await mine.getByTestId('chat-waiting').waitFor({ state: 'detached', timeout: 30_000 });

    // The office: the message, its pin and its photo (served from the shared file store).
    const atOffice = office.getByTestId('chat-message').filter({ hasText: 'Module mort, verre fendu' });
    await atOffice.waitFor({ timeout: 15_000 });
    expect(await atOffice.textContent()).toContain(d.name);
    expect(await atOffice.getByTestId('chat-pin').textContent()).toContain(pinned.code);
    // Its photo, fetched with the office's token once the tablet's upload is in the shared file store.
    await expect.poll(() => atOffice.getByTestId('chat-photo-img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0).catch(() => false),
      { timeout: 30_000 }).toBe(true);

    // The team: on B's tablet (the other instance) the message arrives; tapping its pin zooms the map there.
    for (const t of [tech('A'), tech('B'), tech('C')]) {
      await t.page.click('[data-testid=open-chat]');
      const message = t.page.getByTestId('chat-message').filter({ hasText: 'Module mort, verre fendu' });
      await message.waitFor({ timeout: 15_000 });
      expect(await message.getByTestId('chat-pin').textContent()).toContain(pinned.code);
    }
    const b = tech('B');
    await b.page.evaluate(({ lon, lat }) => (window as unknown as W).__calepinMap.jumpTo({ center: [lon, lat], zoom: 17 }), modules[0]!);
    await fieldMapIdle(b.page);
    await b.page.getByTestId('chat-message').filter({ hasText: 'Module mort, verre fendu' }).getByTestId('chat-pin').click();
    await b.page.waitForFunction(() => (window as unknown as W).__calepinMap.getZoom() > 20.9);
    await fieldMapIdle(b.page);
    const [w, s, e, n] = (await mapCamera(b.page)).bounds as [number, number, number, number];
    expect(pinned.lon > w && pinned.lon < e && pinned.lat > s && pinned.lat < n).toBe(true);
    // And the photo shows on B's tablet once its pull has the message's photo row.
    await b.page.getByTestId('chat-message').filter({ hasText: 'Module mort, verre fendu' }).getByTestId('photo-thumb').waitFor({ timeout: 30_000 });
    // Read on the tablets: the office sees who read it.
    await atOffice.getByTestId('chat-read').waitFor({ timeout: 15_000 });

    await screenshot(b.page, 'team-tablet');
    await screenshot(office, 'team-office');
  }, 120_000);

  it('zones given by the lead: each technician sees theirs with its progress, the same figures as the office’s dashboard', async () => {
    const [c, d] = [tech('C'), tech('D')];
    // The lead (A) gives C the table of the module C found dead, and D another table: pushed as A's tablet would.
    const { rows: tables } = await e2e.db.pool.query<{ id: string; outline: { type: 'Polygon'; coordinates: number[][][] } }>(
      `select t.id, st_asgeojson(st_buffer(t.geom, 1e-7, 'join=mitre'), 12)::json as outline from tables t
        where t.id in ((select table_id from modules where id = $1), (select table_id from modules where id = $2))
        order by t.id = (select table_id from modules where id = $1) desc`, [modules[9]!.id, modules[modules.length - 1]!.id]);
    expect(tables).toHaveLength(2);
    const token = await apiToken(e2e.base, 'technician'); // A is the demo technician
    const zone = (name: string, table: (typeof tables)[number], who: Tech) => ({
      id: crypto.randomUUID(), table: 'mission_zones', key: { id: crypto.randomUUID() }, op: 'create', deviceTime: new Date().toISOString(),
      columns: { name: { new: name }, assignee_ids: { new: [who.id] }, geom: { new: table.outline } },
    });
    const push = await fetch(`${e2e.base}/api/v1/sync/push`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ protocol: 1, deviceId: 'lead-office-test', batchId: crypto.randomUUID(), missionId: mission.id,
        operations: [zone('Nord', tables[0]!, c), zone('Sud', tables[1]!, d)] }),
    });
    expect(((await push.json()) as { results: { status: string }[] }).results.map((r) => r.status)).toEqual(['applied', 'applied']);

    const manager = await apiToken(e2e.base, 'manager');
    const server = await apiJson<{ zones: { name: string; done: number; modules: number; defects: { urgent: number } }[] }>(e2e.base, manager, 'GET', `/missions/${mission.id}/progress`);
    const nord = server.zones.find((z) => z.name === 'Nord')!;
    expect(nord.done).toBeGreaterThanOrEqual(1);
    expect(nord.defects.urgent).toBe(1);
    // On C's and D's tablets (pulled on the live change): their own zone first, marked theirs, with the server's figures.
    for (const [t, mine] of [[c, 'Nord'], [d, 'Sud']] as const) {
      await t.page.click('[data-testid=open-zones]');
      const card = t.page.locator(`[data-testid="zone-${mine}"]`);
      await card.waitFor({ timeout: 15_000 });
      expect(await card.textContent()).toContain('Ma zone');
      const figures = server.zones.find((z) => z.name === mine)!;
      await expect.poll(() => card.locator('[data-testid=zone-progress]').getAttribute('data-done')).toBe(String(figures.done));
      expect(await card.locator('[data-testid=zone-progress]').getAttribute('data-modules')).toBe(String(figures.modules));
    }
    expect(await c.page.locator('[data-testid="zone-Nord"] [data-testid=zone-defects]').getAttribute('data-urgent')).toBe('1');
    // The office's dashboard: both zones, the same figures.
    await office.goto(`/missions/${mission.id}`);
    for (const z of server.zones) {
      const row = office.locator(`[data-testid=zones-table] tr[data-zone="${z.name}"]`);
      await row.waitFor();
      expect(await row.getAttribute('data-done')).toBe(String(z.done));
      expect(await row.getAttribute('data-modules')).toBe(String(z.modules));
    }
    await office.locator('[data-testid=zones-map]').scrollIntoViewIfNeeded().catch(() => undefined);
    await mapIdle(office);
    await screenshot(c.page, 'team-tablet-zones');
    await screenshot(office, 'team-office-dashboard');
  }, 120_000);
});
