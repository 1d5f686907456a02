// HTTP Basic for QGIS and GDAL (issue 21): argon2 once, then the pair is remembered while it
// is used — QGIS's GetCapabilities at each connection, minutes apart, pays no argon2 — and
// forgotten after 15 idle minutes, or at once when the account's generation moves.
import { TokenChecker } from '@calepin/core/tokens';
import { DEMO_PASSWORD } from '@calepin/data-fixtures';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/db';
import { BasicAuth } from '../src/capabilities/auth/basic';
import { LoginLimiter } from '../src/capabilities/auth/rate-limit';
import { TEST_SECRET, type TestApp, testApp } from '../../test-support/app';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t?.close());

describe('a Basic pair', () => {
  it('is remembered while used, forgotten after 15 idle minutes or a new generation', async () => {
    let now = Date.parse('2026-12-06T20:00:00Z');
    let verifications = 0;
    // The database, counting the reads of a password hash (each is an argon2 verification).
    const db = new Proxy(t.db.pool, {
      get(pool, name) {
        if (name !== 'query') return Reflect.get(pool, name);
        return (sql: string, values: unknown[]) => {
          if (/password_hash/.test(sql)) verifications++;
          return pool.query(sql, values);
        };
      },
    }) as Db;
    const checker = new TokenChecker(TEST_SECRET, (sql, params) => t.db.pool.query(sql, params), { ttlMs: 0, now: () => now });
    const basic = new BasicAuth(db, checker, new LoginLimiter(10, 60_000), true, undefined, () => now);
    const pair = Buffer.from(`tech@calepin.test:${DEMO_PASSWORD}`).toString('base64');

    expect((await basic.user(pair, '127.0.0.1')).role).toBe('technician');
    expect(verifications).toBe(1);
    // Used every 10 minutes for an hour: never verified again.
    for (let i = 0; i < 6; i++) {
      now += 10 * 60_000;
      await basic.user(pair, '127.0.0.1');
    }
    expect(verifications).toBe(1);
    // Fifteen idle minutes: verified again.
    now += 15 * 60_000 + 1;
    await basic.user(pair, '127.0.0.1');
    expect(verifications).toBe(2);
    // A logout elsewhere moves the generation: verified again at once.
    await t.db.pool.query(`update users set token_generation = token_generation + 1 where email = 'tech@calepin.test'`);
    await basic.user(pair, '127.0.0.1');
    expect(verifications).toBe(3);
  });
});
