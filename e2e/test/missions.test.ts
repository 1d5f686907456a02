// Missions and planning as a coordinator works: a mission order created in the form, booked
// by dragging it onto a technician's day on the board, a conflict seen while dragging and
// refused on dropping, the week map and the notification bell.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_PLANTS } from '@calepin/data-fixtures';
import { type E2e, apiJson, apiToken, login, screenshot, startE2e } from '../support';

let e2e: E2e;
let rooftopId: string;
const pad = (n: number) => String(n).padStart(2, '0');
const day = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
// A Monday ten weeks ahead: nothing of the demo is booked there.
const monday = (() => {
  const d = new Date();
  d.setDate(d.getDate() + 70 - ((d.getDay() + 6) % 7));
  return d;
})();

beforeAll(async () => {
  e2e = await startE2e();
  const { rows } = await e2e.db.pool.query<{ id: string; name: string }>('select id, name from plants');
  rooftopId = rows.find((r) => r.name === DEMO_PLANTS.rooftop.name)!.id;
});
afterAll(() => e2e?.close());

/** Drags from one point to another with the mouse, in small steps (pointer events all the way). */
async function drag(page: Page, from: { x: number; y: number }, to: { x: number; y: number }) {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: 8 });
  await page.mouse.move(to.x, to.y, { steps: 8 });
}

async function centre(page: Page, selector: string) {
  const box = (await page.locator(selector).boundingBox())!;
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** A point on a technician's lane: the middle of the day `index` of the board. */
async function laneDay(page: Page, technician: string, index: number) {
  const box = (await page.locator(`[data-testid="lane-${technician}"]`).boundingBox())!;
  return { x: box.x + 150 * index + 75, y: box.y + box.height / 2 };
}

describe('missions and planning', () => {
  it('creates a mission, books it by drag, and sees a conflict before it is refused', async () => {
    const page = await e2e.page('fr-FR');
    await login(page, 'manager');
    await page.goto('/missions/new');
    await page.selectOption('select[name=plantId]', rooftopId);
    await page.fill('input[name=title]', 'Audit EL de nuit — toiture');
    await page.check('input[name=audit-el]');
    await page.getByRole('checkbox', { name: 'Chloé Bernard' }).check();
    await page.fill('input[name=estimatedHours]', '6');
    // The plant's areas and the checklist templates, to name in the order.
    await page.getByRole('checkbox', { name: 'Z1 — Bloc 1' }).check();
    await page.getByRole('checkbox', { name: 'Audit EL nocturne (v1)' }).check();
    await expect(page.locator('[data-testid=choices-planIds]').textContent()).resolves.toContain('Cette centrale n’a pas de plan.');
    // The safety text follows the audit types (night work for EL, height for a roof).
    await expect.poll(() => page.inputValue('textarea[name=safetyInstructions]')).toContain('Travail de nuit');
    expect(await page.inputValue('textarea[name=safetyInstructions]')).toContain('Travail en hauteur');
    await screenshot(page, 'mission-form');
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-testid=mission]');
    const reference = (await page.locator('h1').textContent())!.split(' — ')[0]!;
    expect(reference).toMatch(/^OM-\d{4}-\d{3}$/);
    const saved = await apiJson<{ zoneIds: string[]; checklistTemplateIds: string[] }>(
      e2e.base, await apiToken(e2e.base, 'manager'), 'GET', `/missions/${page.url().split('/').pop()}`);
    expect([saved.zoneIds.length, saved.checklistTemplateIds.length]).toEqual([1, 1]);
    await expect.poll(() => page.locator('[data-testid=mission-zones]').textContent()).toBe('Z1 — Bloc 1');
    await expect.poll(() => page.locator('[data-testid=activity]').textContent()).toContain('Ce serveur ne produit pas les ordres de mission');
    await expect(page.locator('[data-testid=mission-status]').textContent()).resolves.toBe('Brouillon');

    // A second EL mission, made through the API, to collide with.
    const token = await apiToken(e2e.base, 'manager');
    const other = await apiJson<{ reference: string }>(e2e.base, token, 'POST', '/missions', {
      plantId: rooftopId, title: 'Contre-audit EL', auditTypes: ['el'], estimatedHours: 5,
    });

    await page.goto(`/planning?from=${day(monday)}`);
    await page.waitForSelector(`[data-testid="to-book-${reference}"]`);
    await drag(page, await centre(page, `[data-testid="to-book-${reference}"]`), await laneDay(page, 'Chloé Bernard', 2));
    await page.waitForSelector('[data-testid=bar-draft]');
    await page.mouse.up();
    await expect.poll(() => page.locator('[data-testid=drop-result]').textContent()).toBe('Enregistré');
    await expect.poll(() => page.locator('[data-testid="lane-Chloé Bernard"] .bar').count()).toBe(1);
    await screenshot(page, 'planning-board');

    // The other mission dropped on the same night: the conflict shows while dragging…
    await drag(page, await centre(page, `[data-testid="to-book-${other.reference}"]`), await laneDay(page, 'Chloé Bernard', 2));
    await expect.poll(() => page.locator('[data-testid=conflicts]').textContent(), { timeout: 20_000 }).toContain(`Chloé Bernard est déjà sur ${reference}`);
    await expect(page.locator('[data-testid=bar-draft].conflict').count()).resolves.toBe(1);
    await screenshot(page, 'planning-conflict');
    // …and the server refuses it, naming the conflict.
    await page.mouse.up();
    await expect.poll(() => page.locator('[data-testid=drop-result]').textContent()).toMatch(/^Refusé : start: Chloé Bernard est déjà sur OM-/);
    await expect.poll(() => page.locator('[data-testid="lane-Chloé Bernard"] .bar').count()).toBe(1);

    // Stretching the booked night to cover the estimate, then planning the mission.
    const bar = page.locator('[data-testid="lane-Chloé Bernard"] .bar').first();
    const stretch = (await bar.locator('.stretch').boundingBox())!;
    await drag(page, { x: stretch.x + 3, y: stretch.y + stretch.height / 2 }, { x: stretch.x + 3 + 150 / 24, y: stretch.y + stretch.height / 2 });
    await page.mouse.up();
    await expect.poll(() => page.locator('[data-testid=drop-result]').textContent()).toBe('Enregistré');

    await page.goto('/missions');
    await page.click(`text=${reference}`);
    await page.waitForSelector('[data-testid=slots]');
    await page.getByRole('button', { name: 'Planifier' }).click();
    await expect.poll(() => page.locator('[data-testid=mission-status]').textContent()).toBe('Planifiée');
    await screenshot(page, 'mission');

    await page.goto(`/planning/week?week=${day(monday)}`);
    await page.waitForSelector('[data-testid=map][data-ready=true]');
    await expect.poll(() => page.locator('[data-testid=routes]').textContent()).toContain('Chloé Bernard');
    await screenshot(page, 'week-map');
    await page.context().close();
    // A whole working session in a browser: some twenty page loads and saves.
  }, 240_000);

  it('reads in English: the form with the plant’s choices, and the board', async () => {
    const page = await e2e.page('en-US');
    await login(page, 'manager');
    await page.goto('/missions/new');
    await page.selectOption('select[name=plantId]', rooftopId);
    await page.check('input[name=audit-thermography]');
    await page.getByRole('checkbox', { name: 'Z1 — Bloc 1' }).waitFor();
    await expect.poll(() => page.inputValue('textarea[name=safetyInstructions]')).toContain('height');
    await screenshot(page, 'mission-form-en');
    await page.goto(`/planning?from=${day(monday)}`);
    await page.waitForSelector('[data-testid="lane-Chloé Bernard"] .bar');
    await screenshot(page, 'planning-board-en');
    await page.context().close();
  });

  it('tells the technician in the bell', async () => {
    const page = await e2e.page('fr-FR');
    await login(page, 'technician');
    await page.waitForSelector('[data-testid=bell-count]');
    await page.click('[data-testid=bell] > button');
    await expect(page.locator('[data-testid=bell] .panel').textContent()).resolves.toContain('Vous êtes sur la mission OM-');
    await screenshot(page, 'notifications');
    await page.context().close();
  });
});
