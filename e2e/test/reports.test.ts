// A plant's reports in the back-office (issue 18): a manager makes a draft of an audit,
// follows its render job, downloads its PDF; in French and in English; a client user does
// not see drafts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PLANTS } from '@calepin/data-fixtures';
import { type E2e, login, screenshot, startE2e } from '../support';

let e2e: E2e;
let rooftopId: string;

beforeAll(async () => {
  e2e = await startE2e();
  const { rows } = await e2e.db.pool.query<{ id: string }>('select id from plants where name = $1', [DEMO_PLANTS.rooftop.name]);
  rooftopId = rows[0]!.id;
});
afterAll(() => e2e?.close());

describe('a plant’s reports', () => {
  it('makes a draft with its progress shown, then lists it with its PDF (fr), and reads in English', async () => {
    const page = await e2e.page('fr-FR');
    await login(page, 'manager');
    await page.goto(`/plants/${rooftopId}`);
    const card = page.locator('[data-testid=reports]');
    await expect(card.locator('h2').textContent()).resolves.toBe('Rapports');
    await card.getByText('Aucun rapport sur cette centrale', { exact: false }).waitFor();
    // The plans under the maps are asked here (the roof has none: nothing more is drawn).
    await card.locator('[data-testid=report-with-plans]').check();
    await card.locator('[data-testid=new-report] button[type=submit]').click();
    await page.waitForSelector('[data-testid=job-progress]');
    await card.scrollIntoViewIfNeeded();
    await screenshot(page, 'reports-rendering-fr');
    // The job ends: the list shows the draft with its PDF link.
    const link = card.locator('[data-testid=report-list] button.link');
    await link.waitFor({ timeout: 240_000 });
    const made = await e2e.db.pool.query<{ with_plans: boolean }>('select with_plans from reports where plant_id = $1', [rooftopId]);
    expect(made.rows.map((r) => r.with_plans)).toEqual([true]);
    await expect(card.locator('[data-testid=report-list]').textContent()).resolves.toContain('Brouillon');
    await expect(card.locator('[data-testid=report-list] a').getAttribute('href')).resolves.toMatch(/^\/reports\/[0-9a-f-]{36}$/);
    await card.scrollIntoViewIfNeeded();
    await screenshot(page, 'reports-fr');
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toMatch(/\.pdf$/);

    const en = await e2e.page('en-US');
    await login(en, 'manager');
    await en.goto(`/plants/${rooftopId}`);
    const enCard = en.locator('[data-testid=reports]');
    await enCard.locator('[data-testid=report-list]').waitFor();
    await expect(enCard.textContent()).resolves.toContain('Draft');
    await enCard.scrollIntoViewIfNeeded();
    await screenshot(en, 'reports-en');
  }, 300_000);

  it('shows a client user no draft', async () => {
    const page = await e2e.page('en-US');
    await login(page, 'client');
    await page.goto(`/plants/${rooftopId}`);
    const card = page.locator('[data-testid=reports]');
    await card.getByText('No report on this plant yet.').waitFor();
    await expect(card.locator('[data-testid=new-report]').count()).resolves.toBe(0);
  });
});
