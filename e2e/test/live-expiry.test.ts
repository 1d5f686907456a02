// Live changes outlive access tokens: with 8-second tokens, the tile-server ends each
// stream when its token expires, the page comes back with the renewed token, and edits
// made afterwards still show on the map.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_PLANTS } from '@calepin/data-fixtures';
import { type Target, apiPost, apiToken, colourAt, isOk, openAt, recordLiveEvents } from '../live';
import { type E2e, login, startE2e } from '../support';

const TTL = 8;
let e2e: E2e;
let plantId: string;
let page: Page;

beforeAll(async () => {
  e2e = await startE2e({ accessTokenTtl: TTL });
  const { rows } = await e2e.db.pool.query<{ id: string }>('select id from plants where name = $1', [DEMO_PLANTS.rooftop.name]);
  plantId = rows[0]!.id;
  page = await e2e.page('en-US');
  await recordLiveEvents(page);
  await login(page, 'client');
});
afterAll(() => e2e?.close());

describe('live changes and token expiry', () => {
  it('reopens the stream with the renewed token at each expiry, and edits still show', async () => {
    const { rows } = await e2e.db.pool.query(
      `select id, code, array[st_x(st_pointonsurface(geom)), st_y(st_pointonsurface(geom))] as centre
         from modules where plant_id = $1 and status = 'ok' order by code limit 1`,
      [plantId],
    );
    const target = rows[0] as Target;
    await openAt(page, plantId, target);
    const readyCount = () => page.evaluate(() => (window as unknown as { __liveReady: number[] }).__liveReady.length);
    const first = await readyCount();
    // Past two expiries: the stream was ended and opened again each time.
    await expect.poll(readyCount, { timeout: 3 * TTL * 1000, interval: 250 }).toBeGreaterThanOrEqual(first + 2);
    await page.waitForSelector('[data-testid=map][data-live=true]');
    expect(await page.locator('[data-testid=live-down]').count()).toBe(0);

    const token = await apiToken(e2e.base, 'manager');
    const started = Date.now();
    const reply = await apiPost(e2e.base, token, `/plants/${plantId}/layout/delete`, { modules: [target.id] });
    expect(reply.status).toBe(200);
    await expect.poll(async () => isOk(await colourAt(page, target.centre)), { timeout: 5000, interval: 50 }).toBe(false);
    console.log(`after ${await readyCount()} streams (token lifetime ${TTL} s), an edit was seen on a screenshot ${Date.now() - started} ms after the request (screenshots are slow here)`);
  }, 90_000);
});
