import { SignJWT } from 'jose';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { TokenVerifier } from '../src/auth';

const SECRET = 'a-secret-of-the-tests-that-is-long-enough';
const sign = (expiresInSeconds: number) =>
  new SignJWT({ sub: crypto.randomUUID(), role: 'manager', cid: null, email: 'm@calepin.test', name: 'M', locale: 'fr' })
    .setProtectedHeader({ alg: 'HS256' }).setIssuer('calepin').setAudience('calepin').setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + expiresInSeconds)
    .sign(new TextEncoder().encode(SECRET));

describe('token verifier', () => {
  afterEach(() => vi.useRealTimers());

  test('a remembered token stops being accepted when it expires', async () => {
    const verifier = new TokenVerifier(SECRET);
    const token = await sign(60);
    expect((await verifier.verify(token))?.role).toBe('manager');
    expect((await verifier.verify(token))?.role).toBe('manager');
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 61_000 });
    expect(await verifier.verify(token)).toBeNull();
  });

  test('a forged token is refused however often it is sent', async () => {
    const verifier = new TokenVerifier(SECRET);
    const forged = `${(await sign(60)).slice(0, -4)}AAAA`;
    expect(await verifier.verify(forged)).toBeNull();
    expect(await verifier.verify(forged)).toBeNull();
  });
});
