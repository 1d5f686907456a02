// The field app in Chromium as a technician uses it: a tablet-sized context (landscape or
// portrait), the login, a mission made with SQL, photos with EXIF for the camera.
import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core';
import { DEMO_PASSWORD } from '@calepin/data-fixtures';
import { LiveClient } from '../test-support/realtime';
import type { E2e } from './support';
import { CHROMIUM, CHROMIUM_ARGS, apiJson, apiToken, emailOf } from './support';

export const LANDSCAPE = { width: 1280, height: 800 };
export const PORTRAIT = { width: 800, height: 1280 };

/**
 * A browser with a profile on disk, as a tablet's installed app has: its Origin Private File
 * System is files on disk. A test's context (`fieldContext`) is incognito, whose OPFS lives in
 * the browser process's memory and costs 20–40× more per write than a file (bench/RESULTS.md,
 * field). Closing the context closes its browser.
 */
export async function tabletContext(
  e2e: E2e, profileDir: string, options: { locale?: 'fr-FR' | 'en-US'; viewport?: { width: number; height: number } } = {},
): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM, args: CHROMIUM_ARGS,
    locale: options.locale ?? 'fr-FR', viewport: options.viewport ?? LANDSCAPE, baseURL: e2e.base, hasTouch: true,
  });
}

export async function fieldContext(
  e2e: E2e, options: { locale?: 'fr-FR' | 'en-US'; viewport?: { width: number; height: number }; position?: [number, number] } = {},
): Promise<BrowserContext> {
  const context = await (e2e.browser as Browser).newContext({
    locale: options.locale ?? 'fr-FR', viewport: options.viewport ?? LANDSCAPE, baseURL: e2e.base, hasTouch: true,
    permissions: options.position ? ['geolocation'] : [],
    geolocation: options.position ? { longitude: options.position[0], latitude: options.position[1], accuracy: 4 } : undefined,
  });
  return context;
}

/** What the browser refused under the field app's Content-Security-Policy, every page of the run. */
export const cspViolations: string[] = [];
/** The map's tile errors in the console (an empty tile once failed so, its buffer already sent): every page of the run. */
export const tileErrors: string[] = [];

export async function fieldPage(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  page.on('pageerror', (error) => console.error(`[field] ${error.message}`));
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
    if (message.type() === 'error' && /DataCloneError|already detached/i.test(message.text())) tileErrors.push(message.text());
  });
  return page;
}

export async function loginField(page: Page, role: 'technician' | 'manager' = 'technician'): Promise<void> {
  await page.goto('/field/');
  await page.fill('input[name=email]', emailOf(role));
  await page.fill('input[name=password]', DEMO_PASSWORD);
  await page.click('button[type=submit]');
  await page.waitForSelector('[data-testid=who]');
}

/** Downloads a mission from the list and waits until it can be opened. */
export async function downloadFromList(page: Page, reference: string): Promise<void> {
  const row = page.locator(`[data-testid="mission-${reference}"]`);
  await row.locator('button.primary').click();
  await row.locator('button.primary', { hasText: /Ouvrir|Open/ }).waitFor({ timeout: 240_000 });
}

/** Waits until the field map has its layers and every tile in view drawn. */
export async function fieldMapIdle(page: Page): Promise<void> {
  await page.waitForSelector('[data-testid=map][data-ready=true]');
  await page.evaluate(() => new Promise<void>((resolve, reject) => {
    const map = (window as unknown as { __calepinMap: unknown }).__calepinMap as { loaded(): boolean; areTilesLoaded(): boolean; once(e: string, f: () => void): void; triggerRepaint(): void };
    const timer = setTimeout(() => reject(new Error('the field map was not idle within 60 s')), 60_000);
    map.once('idle', () => {
      clearTimeout(timer);
      resolve();
    });
    map.triggerRepaint();
  }));
}

/**
 * A JPEG as a camera writes it: pixels encoded by the browser, then an EXIF segment (APP1, a
 * TIFF IFD with the camera's make) spliced in after the start marker, so that the test can
 * check the bytes travel untouched.
 */
export async function cameraJpeg(page: Page, seed: number): Promise<Buffer> {
  const base64 = await page.evaluate((s) => {
    const canvas = document.createElement('canvas');
    canvas.width = 640;
    canvas.height = 480;
    const context = canvas.getContext('2d') as CanvasRenderingContext2D;
    const image = context.createImageData(640, 480);
    let x = s * 2654435761 >>> 0 || 1;
    for (let i = 0; i < image.data.length; i++) {
      x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
      image.data[i] = i % 4 === 3 ? 255 : x & 0xff;
    }
    context.putImageData(image, 0, 0);
    return canvas.toDataURL('image/jpeg', 0.85).split(',')[1] as string;
  }, seed);
  const jpeg = Buffer.from(base64, 'base64');
  const make = Buffer.from(`Calepin Test Cam ${seed}\0`, 'latin1');
  const tiff = Buffer.alloc(8 + 2 + 12 + 4);
  tiff.write('II*\0', 0, 'latin1');
  tiff.writeUInt32LE(8, 4);
  tiff.writeUInt16LE(1, 8);
  tiff.writeUInt16LE(0x010f, 10); // Make
  tiff.writeUInt16LE(2, 12); // ASCII
  tiff.writeUInt32LE(make.length, 14);
  tiff.writeUInt32LE(tiff.length, 18);
  tiff.writeUInt32LE(0, 22);
  const body = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff, make]);
  const header = Buffer.from([0xff, 0xe1, 0, 0]);
  header.writeUInt16BE(body.length + 2, 2);
  return Buffer.concat([jpeg.subarray(0, 2), header, body, jpeg.subarray(2)]);
}

/** Takes a photo through the app's camera input with these bytes (the file chooser a tablet's camera answers). */
export async function photoWith(page: Page, trigger: string, jpeg: Buffer, name = 'IMG_0001.jpg'): Promise<void> {
  const chooser = page.waitForEvent('filechooser');
  await page.click(trigger);
  await (await chooser).setFiles({ name, mimeType: 'image/jpeg', buffer: jpeg });
}

/** Pixels of the map's canvas near a colour (within 16 per channel), counted in the browser from a screenshot. */
export async function mapPixels(page: Page, colour: string): Promise<number> {
  const png = await page.locator('[data-testid=map] canvas').screenshot();
  return page.evaluate(async ({ data, hex }) => {
    const image = new Image();
    image.src = `data:image/png;base64,${data}`;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = image.width;
    canvas.height = image.height;
    const c = canvas.getContext('2d') as CanvasRenderingContext2D;
    c.drawImage(image, 0, 0);
    const d = c.getImageData(0, 0, image.width, image.height).data;
    const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (Math.abs(d[i]! - r) < 16 && Math.abs(d[i + 1]! - g) < 16 && Math.abs(d[i + 2]! - b) < 16) n++;
    return n;
  }, { data: png.toString('base64'), hex: colour });
}

/** The statuses of a module in the map's decoded tiles (what is drawn, not what is stored). */
export async function drawnStatuses(page: Page, moduleId: string): Promise<unknown[]> {
  return page.evaluate((id) => ((window as unknown as { __calepinMap: unknown }).__calepinMap as { querySourceFeatures(s: string, o: object): { properties: Record<string, unknown> }[] })
    .querySourceFeatures('plant-tiles', { sourceLayer: 'modules' }).filter((f) => f.properties.id === id).map((f) => f.properties.status), moduleId);
}

/** The screen in both orientations: `<name>-landscape` and `<name>-portrait`, back in landscape after. */
export async function bothOrientations(page: Page, name: string, shot: (page: Page, name: string) => Promise<void>): Promise<void> {
  const hasMap = await page.locator('[data-testid=map][data-ready=true]').count() > 0;
  for (const [suffix, size] of [['landscape', LANDSCAPE], ['portrait', PORTRAIT]] as const) {
    await page.setViewportSize(size);
    if (hasMap) await fieldMapIdle(page);
    await shot(page, `${name}-${suffix}`);
  }
  await page.setViewportSize(LANDSCAPE);
}

/**
 * A new technician on the mission's team, connected to the real-time layer of another
 * server instance and in the mission's room: the teammate the tablet under test sees.
 */
export async function teammateOn(
  e2e: E2e, other: { url: string }, missionId: string, fullName: string,
): Promise<{ id: string; live: LiveClient }> {
  const admin = await apiToken(e2e.base, 'admin');
  const email = `${fullName.toLowerCase().replace(/[^a-z]+/g, '-')}-${Date.now()}@example.fr`;
  const user = await apiJson<{ id: string }>(e2e.base, admin, 'POST', '/users', { email, role: 'technician', fullName, password: 'a-long-password', locale: 'fr' });
  await e2e.db.pool.query('insert into mission_members (mission_id, user_id) values ($1, $2)', [missionId, user.id]);
  const login = await fetch(`${other.url}/api/v1/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: 'a-long-password' }),
  });
  const live = await LiveClient.connect(other.url, ((await login.json()) as { accessToken: string }).accessToken);
  const joined = await live.ask('mission:join', { missionId });
  if (!joined.ok) throw new Error(`the teammate could not join the mission: ${JSON.stringify(joined)}`);
  return { id: user.id, live };
}
