// The administrator's account screens (issue 13): make a technician's account, find it in
// the list, disable it, and the technician cannot log in any more.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type E2e, login, screenshot, startE2e } from '../support';

let e2e: E2e;
let page: Page;
const email = `lea.martin.${Date.now()}@calepin.test`;

beforeAll(async () => {
  e2e = await startE2e();
  page = await e2e.page('en-US');
  await login(page, 'admin');
});
afterAll(() => e2e?.close());

describe('user accounts', () => {
  it('an administrator makes a technician’s account; the form says what is wrong first', async () => {
    await page.click('[data-testid=nav-users]');
    await page.waitForSelector('[data-testid=users-table]');
    await page.click('[data-testid=user-new]');
    await page.fill('input[name=fullName]', 'Léa Martin');
    await page.fill('input[name=email]', email);
    await page.selectOption('select[name=role]', 'technician');
    await page.fill('input[name=password]', 'short');
    await page.click('[data-testid=user-form] button[type=submit]');
    await expect.poll(() => page.locator('[data-testid=user-form] .field-error').allTextContents()).toEqual([expect.stringMatching(/10/)]);
    await page.fill('input[name=password]', 'a-long-enough-password');
    await page.click('[data-testid=user-form] button[type=submit]');
    await page.waitForURL(/\/admin\/users\/[0-9a-f-]{36}$/);
    await screenshot(page, 'user-form');
    const { rows } = await e2e.db.pool.query('select role, full_name from users where email = $1', [email]);
    expect(rows).toEqual([{ role: 'technician', full_name: 'Léa Martin' }]);
  });

  it('finds it in the list, disables it, and its owner can no longer log in', async () => {
    await page.goto('/admin/users');
    await page.fill('[data-testid=user-search]', 'Léa');
    await expect.poll(() => page.locator('[data-testid=user-row]').allTextContents()).toEqual([expect.stringContaining(email)]);
    await screenshot(page, 'users');
    await page.click('[data-testid=user-row]');
    await page.check('[data-testid=user-disabled]');
    await page.click('[data-testid=user-form] button[type=submit]');
    await page.waitForSelector('[data-testid=user-form] .ok-text');
    const res = await fetch(`${e2e.base}/api/v1/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: 'a-long-enough-password' }),
    });
    expect(res.status).toBe(401);
  });
});
