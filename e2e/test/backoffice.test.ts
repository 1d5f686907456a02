// The back-office in a real browser: login per role, clients and plants created and edited
// (boundary drawn with the mouse), documents, and what a client user may not reach.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_PLANTS } from '@calepin/data-fixtures';
import { type E2e, login, mapIdle, screenshot, startE2e } from '../support';

let e2e: E2e;
let groundId: string;
let rooftopId: string;

beforeAll(async () => {
  e2e = await startE2e();
  const { rows } = await e2e.db.pool.query<{ id: string; name: string }>('select id, name from plants');
  groundId = rows.find((r) => r.name === DEMO_PLANTS.ground.name)!.id;
  rooftopId = rows.find((r) => r.name === DEMO_PLANTS.rooftop.name)!.id;
});
afterAll(() => e2e?.close());

/** Clicks at a fraction of an element's box (0..1 on each axis). */
async function clickAt(page: Page, selector: string, fx: number, fy: number) {
  await page.locator(selector).scrollIntoViewIfNeeded();
  const box = (await page.locator(selector).boundingBox())!;
  await page.mouse.click(box.x + box.width * fx, box.y + box.height * fy);
  // The click drawn on the map before the next one.
  await mapIdle(page, '__calepinDrawMap');
}

/** Draws a closed polygon through the given fractions of the drawing map. */
async function drawPolygon(page: Page, corners: [number, number][]) {
  await page.click('[data-testid=draw-polygon]');
  for (const [fx, fy] of corners) await clickAt(page, '[data-testid=draw-map]', fx, fy);
  // Clicking the first corner again closes the polygon.
  await clickAt(page, '[data-testid=draw-map]', corners[0]![0], corners[0]![1]);
}

describe('login', () => {
  it('lands each role on its first screen, in French for a French browser', async () => {
    const page = await e2e.page('fr-FR');
    await page.goto('/');
    await page.waitForURL(/\/login/);
    await expect(page.locator('button[type=submit]').textContent()).resolves.toBe('Se connecter');
    await screenshot(page, 'login');

    // A wrong password: the server's message, in French.
    await page.fill('input[name=email]', 'manager@calepin.test');
    await page.fill('input[name=password]', 'not-the-password');
    await page.click('button[type=submit]');
    await expect(page.locator('[role=alert]').first().textContent()).resolves.toContain('mot de passe incorrect');

    for (const [role, landing, label] of [
      ['admin', '/dashboard', 'Administrateur'],
      ['manager', '/dashboard', 'Gestionnaire'],
      ['technician', '/dashboard', 'Technicien'],
      ['client', '/plants', 'Client'],
    ] as const) {
      const p = await e2e.page('fr-FR');
      await login(p, role);
      await p.waitForURL(`**${landing}`);
      await expect(p.locator('[data-testid=who]').textContent()).resolves.toContain(label);
      if (landing === '/dashboard') {
        // Real figures from the database: the demo has 2 plants and 9,458 modules.
        await p.waitForSelector('[data-testid=kpi-modules]');
        await expect(p.locator('[data-testid=kpi-plants] .kpi-value').textContent()).resolves.toBe('2');
        await expect(p.locator('[data-testid=kpi-modules] .kpi-value').textContent()).resolves.toMatch(/^9\s458$/);
        if (role === 'manager') await screenshot(p, 'dashboard');
      }
      await p.context().close();
    }
    await page.context().close();
  });

  it('switches to English in the header, and an English browser starts in English', async () => {
    const page = await e2e.page('en-US');
    await login(page, 'manager');
    await page.waitForSelector('[data-testid=kpi-modules]');
    await expect(page.locator('h1').textContent()).resolves.toBe('Dashboard');
    await page.selectOption('[data-testid=lang]', 'fr');
    await expect(page.locator('h1').textContent()).resolves.toBe('Tableau de bord');
    await page.context().close();
  });
});

describe('clients and plants', () => {
  it('creates and edits a client, with the same validation as the server', async () => {
    const page = await e2e.page('fr-FR');
    await login(page, 'manager');
    await page.goto('/clients');
    await page.waitForSelector('[data-testid=clients-table]');
    await screenshot(page, 'clients');
    await page.click('text=Nouveau client');
    await page.fill('input[name=name]', 'Énergies du Lauragais');
    await page.fill('input[name=siret]', '1234');
    await page.click('button[type=submit]');
    // core's zod schema, in the browser: the field is marked before any request.
    await expect(page.locator('.field.invalid .field-error').textContent()).resolves.toBe('un numéro SIRET compte 14 chiffres');
    await page.fill('input[name=siret]', '');
    await page.fill('input[name=city]', 'Castelnaudary');
    await page.click('button[type=submit]');
    await page.waitForURL(/\/clients\/[0-9a-f-]{36}$/);
    await page.fill('input[name=city]', 'Villefranche-de-Lauragais');
    await page.click('button[type=submit]');
    await page.waitForSelector('text=Enregistré');
    await screenshot(page, 'client-form');
    const { rows } = await e2e.db.pool.query('select city, siret from clients where name = $1', ['Énergies du Lauragais']);
    expect(rows).toEqual([{ city: 'Villefranche-de-Lauragais', siret: null }]);

    // Search finds it.
    await page.goto('/clients');
    await page.fill('input[type=search]', 'lauragais');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=clients-table] tbody tr').length === 1);
    await page.context().close();
  });

  it('creates a plant with a boundary drawn on the map, shows the server’s field errors, then redraws it', async () => {
    const page = await e2e.page('fr-FR');
    await login(page, 'manager');
    const { rows } = await e2e.db.pool.query("select id from clients where name = 'Énergies du Lauragais'");
    const clientId = rows[0]?.id ?? (await e2e.db.pool.query("insert into clients (name) values ('Énergies du Lauragais') returning id")).rows[0].id;
    await page.goto(`/plants/new?clientId=${clientId}`);
    await page.fill('input[name=name]', 'Centrale de Baziège');
    await page.fill('input[name=peakKwp]', '1250');
    // A CRS in degrees is refused by the server (not by the form schema): its message lands on the field.
    await page.fill('input[name=srid]', '4326');
    // From France to a few hundred metres across: zoom in with the map's own buttons.
    await page.waitForSelector('[data-testid=draw-map] canvas');
    for (let i = 0; i < 9; i += 1) await page.click('[data-testid=draw-map] .maplibregl-ctrl-zoom-in');
    await mapIdle(page, '__calepinDrawMap'); // the zoom animations over, the tiles drawn
    await drawPolygon(page, [[0.3, 0.3], [0.7, 0.28], [0.72, 0.7], [0.32, 0.72]]);
    await expect(page.locator('[data-testid=boundary-summary]').textContent()).resolves.toMatch(/^1 polygone\(s\) · Surface/);
    await page.click('button[type=submit]');
    await expect(page.locator('.field.invalid .field-error').textContent()).resolves.toContain("n'est pas un SRC projeté");
    await screenshot(page, 'plant-form-drawn');
    await page.fill('input[name=srid]', '');
    await page.click('button[type=submit]');
    await page.waitForURL(/\/plants\/[0-9a-f-]{36}$/);
    const plantId = page.url().split('/').pop()!;
    const saved = await e2e.db.pool.query(
      `select srid, st_npoints(boundary) as points, st_area(boundary::geography) as area,
              st_contains(boundary, location) as inside from plants where id = $1`,
      [plantId],
    );
    // Lambert-93 suggested from the location; a 4-corner ring closed (5 points); location inside.
    expect(saved.rows[0]).toMatchObject({ srid: 2154, points: 5, inside: true });
    const firstArea = Number(saved.rows[0].area);
    expect(firstArea).toBeGreaterThan(1000);

    // Documents: attach a file, see it listed.
    await page.setInputFiles('[data-testid=document-file]', { name: 'plan-masse.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 plan') });
    await page.click('text=Joindre un fichier');
    await page.waitForSelector('[data-testid=documents] >> text=plan-masse.pdf');
    await screenshot(page, 'plant');

    // Edit: clear the boundary, draw a larger one, save.
    await page.click('text="Modifier"');
    await page.waitForSelector('[data-testid=draw-map] canvas');
    await mapIdle(page, '__calepinDrawMap'); // fitted to the saved boundary
    await page.click('[data-testid=draw-clear]');
    await page.click('[data-testid=draw-map] .maplibregl-ctrl-zoom-out');
    await mapIdle(page, '__calepinDrawMap');
    await drawPolygon(page, [[0.1, 0.1], [0.9, 0.1], [0.9, 0.9], [0.1, 0.9]]);
    await page.fill('input[name=name]', 'Centrale de Baziège (extension)');
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-testid=plant-name] >> text=Centrale de Baziège (extension)');
    const edited = await e2e.db.pool.query(
      'select st_area(boundary::geography) as area, st_numgeometries(boundary) as polygons from plants where id = $1',
      [plantId],
    );
    expect(edited.rows[0].polygons).toBe(1);
    expect(Number(edited.rows[0].area)).toBeGreaterThan(firstArea * 1.5);
    await page.context().close();
  });
});

describe('a client user', () => {
  it('sees only its company’s plant, read-only, and cannot reach another client’s plant by URL', async () => {
    const page = await e2e.page('fr-FR');
    await login(page, 'client');
    await page.waitForSelector('[data-testid=plants-table]');
    const names = await page.locator('[data-testid=plants-table] tbody tr td:first-child a').allTextContents();
    expect(names).toEqual([DEMO_PLANTS.rooftop.name]);
    await expect(page.locator('header nav a').allTextContents()).resolves.toEqual(['Centrales', 'Missions']);
    await screenshot(page, 'client-plants');
    // A reload keeps the session (the refresh token is exchanged for a new access token).
    await page.reload();
    await page.waitForSelector('[data-testid=plants-table]');
    await expect(page.locator('[data-testid=who]').textContent()).resolves.toContain('David Roux');

    await page.goto(`/plants/${rooftopId}`);
    await page.waitForSelector('text=Lecture seule');
    expect(await page.locator('text="Modifier"').count()).toBe(0);
    expect(await page.locator('[data-testid=document-file]').count()).toBe(0);

    // The other company's plant, its map, and the back-office: nothing.
    await page.goto(`/plants/${groundId}`);
    await page.waitForSelector('text=Introuvable, ou non visible avec votre compte.');
    expect(await page.locator(`text=${DEMO_PLANTS.ground.name}`).count()).toBe(0);
    await screenshot(page, 'client-forbidden');
    await page.goto(`/plants/${groundId}/map`);
    await page.waitForSelector('text=Introuvable, ou non visible avec votre compte.');
    await page.goto('/clients');
    await page.waitForURL('**/plants');
    await page.goto('/dashboard');
    await page.waitForURL('**/plants');
    await page.context().close();
  });
});
