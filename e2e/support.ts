// Browser tests as a person would use Calepin: a real gis-server and tile-server on
// 127.0.0.1 (each test file with its own database), the built web app (web/dist), and
// Debian's Chromium driven by playwright-core (SwiftShader WebGL, no GPU, no network).
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { vi } from 'vitest';
import { type Browser, type Page, chromium } from 'playwright-core';
import { type MapStatus, type Role, STATUS_COLORS } from '@calepin/core';
import { DEMO_PASSWORD, DEMO_USERS } from '@calepin/data-fixtures';
import { type Config, DEFAULT_WEB_DIR, type Realtime, attachRealtime, createApp } from '@calepin/gis-server';
import { createTileServer } from '@calepin/tile-server';
import { TEST_SECRET, testConfig } from '../test-support/app';
import { type TestDatabase, testDatabase } from '../test-support/db';

// A browser test walks a whole screen: 15–20 s on a quiet machine, up to 40 s under a CPU
// burner on both cores (issue 19), which the 60 s default left too little room. Set here, as
// every browser test file imports this before its tests are declared.
vi.setConfig({ testTimeout: 120_000 });

export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
/** Headless, software WebGL (SwiftShader), nothing reaching out. */
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-quic', '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
];
export const SCREENSHOTS = new URL('./screenshots/', import.meta.url).pathname;

export interface E2e {
  db: TestDatabase;
  /** http://127.0.0.1:<port> of gis-server. */
  base: string;
  /** The file store both servers share. */
  filesDir: string;
  browser: Browser;
  /** A fresh page (own cookies and storage) in a browser language. */
  page(locale?: 'fr-FR' | 'en-US'): Promise<Page>;
  close(): Promise<void>;
}

/**
 * `realtimePrefix`: Socket.IO at /rt on the local Redis (REDIS_URL), its keys under this prefix.
 * `lockTtlMs`: the life of its module locks (60 s in the app), with real-time.
 * `config`: any other setting of the server (a signing certificate, an SMTP server…).
 */
export async function startE2e(
  options: { accessTokenTtl?: number; realtimePrefix?: string; lockTtlMs?: number; config?: Partial<Config> } = {},
): Promise<E2e> {
  if (!existsSync(join(DEFAULT_WEB_DIR, 'index.html'))) {
    throw new Error('web/dist is not built: run the tests with npm test (it builds the web app), or npm run build:web');
  }
  const db = await testDatabase();
  // One file store for both servers: tile-server reads the plans' warped COGs from it.
  const filesDir = await mkdtemp(join(tmpdir(), 'calepin-e2e-files-'));
  const tiles = createTileServer(
    {
      databaseUrl: db.url, jwtSecret: TEST_SECRET, port: 0, host: '127.0.0.1', publicUrl: null,
      cacheBytes: 32 * 2 ** 20, dbPoolSize: 4, logLevel: 'silent', filesDir,
    },
    { log: pino({ level: 'silent' }) },
  );
  const tileUrl = await tiles.listen();
  const app = createApp(
    testConfig(db.url, {
      tileServerUrl: tileUrl, filesDir,
      ...(options.accessTokenTtl ? { accessTokenTtl: options.accessTokenTtl } : {}),
      ...options.config,
    }),
    { log: pino({ level: 'silent' }) },
  );
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let realtime: Realtime | null = null;
  if (options.realtimePrefix !== undefined) {
    const config = { ...app.deps.config, redisUrl: process.env.REDIS_URL ?? null, redisPrefix: options.realtimePrefix };
    realtime = attachRealtime(server, { ...app.deps, config }, { lockTtlMs: options.lockTtlMs });
  }
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
    // playwright gives every launch a fresh, temporary --user-data-dir of its own.
  });
  await mkdir(SCREENSHOTS, { recursive: true });
  return {
    db,
    base,
    filesDir,
    browser,
    async page(locale = 'fr-FR') {
      const context = await browser.newContext({ locale, viewport: { width: 1280, height: 820 }, baseURL: base });
      const page = await context.newPage();
      page.setDefaultTimeout(30_000);
      page.on('pageerror', (error) => console.error(`[browser] ${error.message}`));
      return page;
    },
    async close() {
      await browser.close().catch(() => undefined);
      await realtime?.close();
      await new Promise((resolve) => {
        server.close(resolve);
        server.closeAllConnections();
      });
      await tiles.close();
      await app.close();
      await db.drop();
      await rm(filesDir, { recursive: true, force: true });
    },
  };
}

export const emailOf = (role: Role) => {
  const user = DEMO_USERS.find((u) => u.role === role);
  if (!user) throw new Error(`no demo user with role ${role}`);
  return user.email;
};

export async function login(page: Page, role: Role): Promise<void> {
  await page.goto('/login');
  await page.fill('input[name=email]', emailOf(role));
  await page.fill('input[name=password]', DEMO_PASSWORD);
  await page.click('button[type=submit]');
  await page.waitForSelector('[data-testid=who]');
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
}

/** The MapLibre maps of the app, by the window handle each sets for these tests. */
export type MapHandle = '__calepinMap' | '__calepinPlanMap' | '__calepinTargetMap' | '__calepinDrawMap';

/**
 * Waits until a map has loaded its style and every tile in view, and painted them, its
 * camera at rest: its `idle` event after a repaint. Throws, saying so, when that does not
 * happen within the page's timeout (it used to give up silently after 15 s, and the test
 * then read a map not drawn yet: the live test's flake). A wait of Playwright's, so an
 * expect.poll around it is never hung by a map that stays busy.
 */
export async function mapIdle(page: Page, handle: MapHandle = '__calepinMap'): Promise<void> {
  // The plant map is ready once its layers are in; the others once they exist on the page
  // (a handle left by a map of a previous screen has lost its container).
  if (handle === '__calepinMap') await page.waitForSelector('[data-testid=map][data-ready=true]');
  await page.waitForFunction((h) => {
    const map = (window as unknown as Record<string, { getContainer(): HTMLElement } | undefined>)[h];
    return map?.getContainer().isConnected === true;
  }, handle);
  const flag = `${handle}Idle`;
  await page.evaluate(([h, f]) => {
    const w = window as unknown as Record<string, unknown>;
    const map = w[h] as { once(e: string, f: () => void): void; triggerRepaint(): void };
    w[f] = false;
    map.once('idle', () => {
      w[f] = true;
    });
    map.triggerRepaint();
  }, [handle, flag] as const);
  try {
    await page.waitForFunction((f) => (window as unknown as Record<string, unknown>)[f] === true, flag);
  } catch (error) {
    const state = await page.evaluate((h) => {
      const map = (window as unknown as Record<string, { loaded(): boolean; isMoving(): boolean; areTilesLoaded(): boolean }>)[h]!;
      return { loaded: map.loaded(), moving: map.isMoving(), tilesLoaded: map.areTilesLoaded() };
    }, handle).catch(() => null);
    throw new Error(`the map ${handle} never came to rest with its tiles drawn (${JSON.stringify(state)}): ${(error as Error).message}`);
  }
}

/**
 * Waits until the page has drawn the frames it had asked for: two animation frames, the
 * first running every drawing scheduled before it (the 3D view draws on demand that way).
 */
export async function framesDrawn(page: Page): Promise<void> {
  await page.evaluate(() => new Promise<void>((done) => requestAnimationFrame(() => requestAnimationFrame(() => done()))));
}

/** A camera state of a map: where it rests. */
export async function mapCamera(page: Page, handle: MapHandle = '__calepinMap') {
  return page.evaluate((h) => {
    const map = (window as unknown as Record<string, { getZoom(): number; isMoving(): boolean; getBounds(): { toArray(): number[][] } }>)[h]!;
    return { zoom: map.getZoom(), moving: map.isMoving(), bounds: map.getBounds().toArray().flat() };
  }, handle);
}

const hex = (color: string) => [1, 3, 5].map((i) => parseInt(color.slice(i, i + 2), 16)) as [number, number, number];

/** A canvas as the screen shows it: its PNG screenshot, decoded by the browser into RGBA bytes. */
export async function canvasPixels(page: Page, selector: string): Promise<{ width: number; height: number; data: Buffer }> {
  const png = await page.locator(selector).screenshot();
  const decoded = await page.evaluate(async (data) => {
    const image = new Image();
    image.src = `data:image/png;base64,${data}`;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = image.width;
    canvas.height = image.height;
    const context = canvas.getContext('2d') as CanvasRenderingContext2D;
    context.drawImage(image, 0, 0);
    const bytes = context.getImageData(0, 0, image.width, image.height).data;
    let binary = '';
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return { width: image.width, height: image.height, rgba: btoa(binary) };
  }, png.toString('base64'));
  return { width: decoded.width, height: decoded.height, data: Buffer.from(decoded.rgba, 'base64') };
}

/**
 * How many pixels of the map, as the screen shows it, have each colour (within a small
 * tolerance, for antialiasing and opacity).
 */
export async function colourCounts(page: Page, colours: Record<string, string>): Promise<Record<string, number>> {
  const { data: pixels } = await canvasPixels(page, '[data-testid=map] canvas');
  const targets = Object.entries(colours).map(([name, colour]) => [name, hex(colour)] as const);
  const counts: Record<string, number> = Object.fromEntries(targets.map(([name]) => [name, 0]));
  for (let i = 0; i < pixels.length; i += 4) {
    for (const [name, [r, g, b]] of targets) {
      if (Math.abs(pixels[i]! - r) <= 14 && Math.abs(pixels[i + 1]! - g) <= 14 && Math.abs(pixels[i + 2]! - b) <= 14) {
        counts[name]! += 1;
        break;
      }
    }
  }
  return counts;
}

/**
 * Reads a map's colours until `settled` accepts them, and returns them; throws with the last
 * counts when it never does. A map says idle once its tiles are painted, but the app may still
 * apply a change after its React render (a filter, an opacity, a fade): one look right after
 * idle read a map not drawn yet on a machine under load (issue 19).
 */
export async function colourCountsWhen(
  page: Page,
  colours: Record<string, string>,
  settled: (counts: Record<string, number>) => boolean,
  timeout = 30_000,
): Promise<Record<string, number>> {
  const until = Date.now() + timeout;
  for (;;) {
    const counts = await colourCounts(page, colours);
    if (settled(counts)) return counts;
    if (Date.now() > until) throw new Error(`the map's colours never settled in ${timeout / 1000} s: last ${JSON.stringify(counts)}`);
    await page.waitForTimeout(500);
  }
}

export const STATUS_HEX = STATUS_COLORS as Record<MapStatus, string>;

/** An access token of a demo user, from the API (as another person's app would have). */
export async function apiToken(base: string, role: Role): Promise<string> {
  const reply = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: emailOf(role), password: DEMO_PASSWORD }),
  });
  return ((await reply.json()) as { accessToken: string }).accessToken;
}

/** A JSON call to the API with a bearer token; throws with the status and body on a refusal. */
export async function apiJson<T = Record<string, unknown>>(base: string, token: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${base}/api/v1${path}`, {
    method, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return (text ? JSON.parse(text) : {}) as T;
}

/** Where the plant map draws a point (page pixels). */
export async function onScreen(page: Page, lonLat: [number, number]): Promise<{ x: number; y: number }> {
  const box = (await page.locator('[data-testid=map]').boundingBox())!;
  const at = await page.evaluate(
    (c) => (window as unknown as { __calepinMap: { project(p: [number, number]): { x: number; y: number } } }).__calepinMap.project(c),
    lonLat,
  );
  return { x: box.x + at.x, y: box.y + at.y };
}
