import { afterAll, beforeAll, it } from 'vitest';
import { DEMO_PLANTS } from '@calepin/data-fixtures';
import { type E2e, login, mapIdle, screenshot, startE2e } from '../support';

let e2e: E2e;
beforeAll(async () => { e2e = await startE2e(); });
afterAll(() => e2e?.close());

it('looks', async () => {
  const { rows } = await e2e.db.pool.query<{ id: string }>('select id from plants where name = $1', [DEMO_PLANTS.rooftop.name]);
  const page = await e2e.page('fr-FR');
  await login(page, 'manager');
  await page.goto(`/plants/${rows[0]!.id}`);
  await page.waitForSelector('[data-testid=plans]');
  await page.waitForTimeout(1500);
  await page.screenshot({ path: 'e2e/screenshots/look-plant.png', fullPage: true });
  await page.goto(`/plants/${rows[0]!.id}/map`);
  await mapIdle(page);
  await screenshot(page, 'look-map');
}, 120_000);
