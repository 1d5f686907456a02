import { SignJWT } from 'jose';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { TokenChecker } from '@calepin/core/tokens';
import { tokenOf } from '../src/auth';

const SECRET = 'a-secret-of-the-tests-that-is-long-enough';
const USER = crypto.randomUUID();
const sign = (expiresInSeconds: number, gen = 0) =>
  new SignJWT({ sub: USER, role: 'manager', cid: null, email: 'm@calepin.test', name: 'M', locale: 'fr', gen })
    .setProtectedHeader({ alg: 'HS256' }).setIssuer('calepin').setAudience('calepin').setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + expiresInSeconds)
    .sign(new TextEncoder().encode(SECRET));

/** A checker over a fake users table: this unit test is about the checker's memory, not SQL. */
function checker(generation: { value: number | null }) {
  const queries: string[] = [];
  const query = async (sql: string) => {
    queries.push(sql);
    return { rows: generation.value === null ? [] : [{ generation: generation.value }] };
  };
  return { queries, checker: new TokenChecker(SECRET, query, { ttlMs: 10_000 }) };
}

describe('token checker', () => {
  afterEach(() => vi.useRealTimers());

  test('a remembered token stops being accepted when it expires', async () => {
    const { checker: c } = checker({ value: 0 });
    const token = await sign(60);
    expect((await c.check(token))?.user.role).toBe('manager');
    expect((await c.check(token))?.user.role).toBe('manager');
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 61_000 });
    expect(await c.check(token)).toBeNull();
  });

  test("the print browser's service token is read-only and asks for no account", async () => {
    const { queries, checker: c } = checker({ value: null });
    const service = await new SignJWT({ sub: USER, role: 'admin', cid: null, email: 'print@calepin.invalid', name: 'Calepin', locale: 'en', gen: 0, svc: 'print' })
      .setProtectedHeader({ alg: 'HS256' }).setIssuer('calepin').setAudience('calepin').setIssuedAt()
      .setExpirationTime(Math.floor(Date.now() / 1000) + 120)
      .sign(new TextEncoder().encode(SECRET));
    expect(await c.check(service)).toMatchObject({ kind: 'service', readOnly: true });
    expect(queries).toEqual([]);
    // The same claims without `svc` need an account, and there is none.
    expect(await c.check(await sign(60))).toBeNull();
  });

  test('a forged token is refused however often it is sent', async () => {
    const { checker: c } = checker({ value: 0 });
    const forged = `${(await sign(60)).slice(0, -4)}AAAA`;
    expect(await c.check(forged)).toBeNull();
    expect(await c.check(forged)).toBeNull();
  });

  test('the generation is asked once per cache life, and a revocation notice is heard at once', async () => {
    const generation = { value: 0 as number | null };
    const { checker: c, queries } = checker(generation);
    const token = await sign(60);
    await Promise.all([c.check(token), c.check(token), c.check(token)]);
    expect(queries).toHaveLength(1);
    generation.value = 1;
    expect(await c.check(token)).not.toBeNull(); // remembered: the notice has not come yet
    await c.notified(JSON.stringify({ user: USER }));
    expect(await c.check(token)).toBeNull();
    expect(await c.check(await sign(60, 1))).not.toBeNull();
  });

  test('without a notice, a revocation holds within the cache life', async () => {
    const generation = { value: 0 as number | null };
    const { checker: c } = checker(generation);
    const token = await sign(600);
    expect(await c.check(token)).not.toBeNull();
    generation.value = null; // the account was disabled
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 10_001 });
    expect(await c.check(token)).toBeNull();
  });
});

describe('a checker told it hears revocations', () => {
  test('keeps the generation up to heldMs while the proofs are younger than the cache life', async () => {
    let now = Date.now();
    const queries: string[] = [];
    const c = new TokenChecker(SECRET, async (sql) => {
      queries.push(sql);
      return { rows: [{ generation: 0 }] };
    }, { ttlMs: 10_000, heldMs: 60_000, now: () => now });
    const token = await sign(600);
    const at = async (ms: number, proofAgo: number | null) => {
      now += ms;
      if (proofAgo !== null) c.heardUntil(now - proofAgo);
      await c.check(token);
      return queries.length;
    };
    expect(await at(0, null)).toBe(1);
    expect(await at(15_000, 1_000)).toBe(1); // past the cache life, heard 1 s ago: kept
    expect(await at(10_000, 9_000)).toBe(1);
    expect(await at(5_000, null)).toBe(2); // the last proof is 14 s old: asked again
    expect(await at(20_000, 500)).toBe(2);
    expect(await at(41_000, 500)).toBe(3); // held 61 s unused: heldMs bounds it even while heard
    c.lost();
    expect(await at(1_000, null)).toBe(4); // a lost connection forgets at once
    expect(await at(11_000, null)).toBe(5); // and holds no longer than the cache life until the next proof
  });
});

describe('a held answer in use', () => {
  test('is asked again in the background at half heldMs: the request does not wait for it', async () => {
    let now = Date.now();
    let generation = 0;
    const pending: Array<() => void> = [];
    let hang = false;
    const c = new TokenChecker(SECRET, async () => {
      const rows = [{ generation }];
      if (hang) await new Promise<void>((resolve) => pending.push(resolve));
      return { rows };
    }, { ttlMs: 10_000, heldMs: 60_000, now: () => now });
    const token = await sign(600);
    const heard = () => c.heardUntil(now - 500);
    expect(await c.check(token)).not.toBeNull();
    // 31 s later, still heard: accepted at once from what is held, asked again behind it.
    now += 31_000;
    heard();
    hang = true;
    expect(await c.check(token)).not.toBeNull();
    expect(c.heldGeneration(USER)).toBe(0);
    expect(pending).toHaveLength(1);
    // A revocation heard while that query runs: its answer, read before, is not kept.
    generation = 1;
    await c.notified(JSON.stringify({ user: USER }));
    pending.shift()?.();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(c.heldGeneration(USER)).toBeUndefined();
    hang = false;
    expect(await c.check(token)).toBeNull();
    expect(c.heldGeneration(USER)).toBe(1);
  });

  test('stays held while used, without a request ever asking the database', async () => {
    let now = Date.now();
    let queries = 0;
    const c = new TokenChecker(SECRET, async () => {
      queries++;
      return { rows: [{ generation: 0 }] };
    }, { ttlMs: 10_000, heldMs: 60_000, now: () => now });
    expect(await c.generation(USER)).toBe(0);
    // Used every 20 s for ten minutes: renewed behind the uses, never found stale.
    for (let i = 0; i < 30; i++) {
      now += 20_000;
      c.heardUntil(now - 500);
      expect(c.heldGeneration(USER)).toBe(0);
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    expect(queries).toBeGreaterThan(5);
    expect(queries).toBeLessThan(20);
  });
});

describe('the token of a request', () => {
  const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  test('Bearer, then Basic with a personal token as the password, then ?token=', () => {
    const none = new URLSearchParams();
    expect(tokenOf('Bearer abc', new URLSearchParams('token=def'))).toBe('abc');
    expect(tokenOf(basic('me@calepin.test', 'cpat_secret'), none)).toBe('cpat_secret');
    expect(tokenOf(basic('me@calepin.test', 'a password'), new URLSearchParams('token=def'))).toBe('def');
    expect(tokenOf(undefined, none)).toBeNull();
  });
});
