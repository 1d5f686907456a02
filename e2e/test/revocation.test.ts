// A logout revokes every access token of the user at once (issue 13), on every device.
// The map left open on another device must not break: the tile-server ends its live stream
// (`expired`), the page renews its token with its own refresh token, and edits still show.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD, DEMO_PLANTS } from '@calepin/data-fixtures';
import { type Target, apiPost, apiToken, colourAt, isOk, openAt, recordLiveEvents } from '../live';
import { type E2e, emailOf, login, startE2e } from '../support';

let e2e: E2e;
let plantId: string;
let page: Page;

beforeAll(async () => {
  e2e = await startE2e();
  const { rows } = await e2e.db.pool.query<{ id: string }>('select id from plants where name = $1', [DEMO_PLANTS.rooftop.name]);
  plantId = rows[0]!.id;
  page = await e2e.page('en-US');
  await recordLiveEvents(page);
  await login(page, 'client');
});
afterAll(() => e2e?.close());

describe('a logout on another device', () => {
  it('ends this map’s stream, which comes back with a renewed token; edits still show', async () => {
    const { rows } = await e2e.db.pool.query(
      `select id, code, array[st_x(st_pointonsurface(geom)), st_y(st_pointonsurface(geom))] as centre
         from modules where plant_id = $1 and status = 'ok' order by code limit 1`,
      [plantId],
    );
    const target = rows[0] as Target;
    await openAt(page, plantId, target);
    const readyCount = () => page.evaluate(() => (window as unknown as { __liveReady: number[] }).__liveReady.length);
    const before = await readyCount();

    // The same account on a phone: logs in, then out.
    const phone = await fetch(`${e2e.base}/api/v1/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: emailOf('client'), password: DEMO_PASSWORD }),
    }).then((r) => r.json() as Promise<{ refreshToken: string }>);
    const logout = await fetch(`${e2e.base}/api/v1/auth/logout`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ refreshToken: phone.refreshToken }),
    });
    expect(logout.status).toBe(204);

    await expect.poll(readyCount, { timeout: 20_000, interval: 250 }).toBeGreaterThan(before);
    await page.waitForSelector('[data-testid=map][data-live=true]');
    expect(await page.locator('[data-testid=who]').count()).toBe(1); // still logged in here

    const reply = await apiPost(e2e.base, await apiToken(e2e.base, 'manager'), `/plants/${plantId}/layout/delete`, { modules: [target.id] });
    expect(reply.status).toBe(200);
    await expect.poll(async () => isOk(await colourAt(page, target.centre)), { timeout: 10_000, interval: 100 }).toBe(false);
  }, 90_000);
});
