// An in-process gis-server on a test database, called through supertest (no port).
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import request from 'supertest';
import type { Role } from '@calepin/core';
import { DEMO_PASSWORD, DEMO_USERS } from '@calepin/data-fixtures';
import { type Config, DEFAULT_WEB_DIR, createApp } from '@calepin/gis-server';
import { type TestDatabase, testDatabase } from './db';

export const TEST_SECRET = 'test-secret-test-secret-test-secret-0123';

export function testConfig(url: string, overrides: Partial<Config> = {}): Config {
  return {
    databaseUrl: url,
    jwtSecret: TEST_SECRET,
    port: 0,
    host: '127.0.0.1',
    demo: true,
    logLevel: 'silent',
    accessTokenTtl: 900,
    refreshTokenTtl: 3600,
    loginMaxAttempts: 1000,
    loginWindowSeconds: 900,
    bodyLimit: '2mb',
    dbPoolSize: 4,
    filesDir: join(tmpdir(), `calepin-test-files-${process.pid}`),
    webDir: DEFAULT_WEB_DIR,
    uploadLimitBytes: 5 * 1024 * 1024,
    // Tests reach no network: no basemap but the plain background, no geocoder, unless a test brings a stand-in.
    basemaps: [],
    geocoderUrl: null,
    tileServerUrl: 'http://127.0.0.1:9',
    jobConcurrency: {},
    publicUrl: 'http://calepin.test',
    smtpUrl: null,
    mailFrom: 'Calepin <calepin@calepin.test>',
    company: { name: 'Calepin Diagnostics', details: null },
    planningSpeedKmh: 60,
    chromiumPath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    printMaxPages: 2,
    // Off: a test that reads the mission order PDF turns it on (mission-order.test.ts); the
    // others do not wait for Chromium to draw one on every change.
    printOrders: false,
    ...overrides,
  };
}

export interface TestApp {
  db: TestDatabase;
  http: ReturnType<typeof request>;
  /** The app's own handle, for tests that need its dependencies. */
  app: ReturnType<typeof createApp>;
  /** An access token of the demo user of this role. */
  token(role: Role): Promise<string>;
  close(): Promise<void>;
}

/** An app on its own database (or on `database`, when another server of the test shares it). */
export async function testApp(options: { template?: string; config?: Partial<Config>; database?: TestDatabase } = {}): Promise<TestApp> {
  const db = options.database ?? (await testDatabase(options.template));
  const app = createApp(testConfig(db.url, options.config), { log: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }) });
  const http = request(app.handler);
  const tokens = new Map<Role, string>();
  return {
    db,
    http,
    app,
    async token(role) {
      const known = tokens.get(role);
      if (known) return known;
      const user = DEMO_USERS.find((u) => u.role === role);
      if (!user) throw new Error(`no demo user with role ${role}`);
      const response = await http.post('/api/v1/auth/login').send({ email: user.email, password: DEMO_PASSWORD });
      if (response.status !== 200) throw new Error(`login as ${role} failed: ${response.status} ${response.text}`);
      tokens.set(role, response.body.accessToken);
      return response.body.accessToken;
    },
    async close() {
      await app.close();
      await db.drop();
    },
  };
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

/**
 * Polls a background job until it ends (completed or failed) and returns it; throws,
 * naming the job and its last state, when it has not ended within `seconds`.
 */
export async function waitJob(t: TestApp, headers: Record<string, string>, id: string, seconds = 150) {
  const until = Date.now() + seconds * 1000;
  for (;;) {
    const res = await t.http.get(`/api/v1/jobs/${id}`).set(headers);
    if (res.status !== 200) throw new Error(`job ${id}: ${res.status} ${res.text}`);
    if (res.body.state === 'completed' || res.body.state === 'failed') return res.body;
    if (Date.now() > until) throw new Error(`job ${id} still ${JSON.stringify(res.body)} after ${seconds} s`);
    await new Promise((r) => setTimeout(r, 300));
  }
}
