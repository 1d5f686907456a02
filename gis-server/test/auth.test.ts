import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, DEMO_USERS } from '@calepin/data-fixtures';
import { TEST_SECRET, type TestApp, bearer, testApp } from '../../test-support/app';

let t: TestApp;
const manager = DEMO_USERS.find((u) => u.role === 'manager') as { email: string };
const login = (email: string, password: string) => t.http.post('/api/v1/auth/login').send({ email, password });

beforeAll(async () => {
  t = await testApp({ config: { loginMaxAttempts: 3, loginWindowSeconds: 60 } });
});
afterAll(() => t.close());

describe('login', () => {
  it('returns tokens and the user for each demo role, with any e-mail case', async () => {
    for (const user of DEMO_USERS) {
      const response = await login(user.email.toUpperCase(), DEMO_PASSWORD);
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ tokenType: 'Bearer', expiresIn: 900, user: { email: user.email, role: user.role } });
      const me = await t.http.get('/api/v1/auth/me').set(bearer(response.body.accessToken));
      expect(me.body).toEqual(response.body.user);
    }
  });

  it('says the same thing for a wrong password and an unknown e-mail', async () => {
    const wrong = await t.http.post('/api/v1/auth/login').send({ email: 'admin@calepin.test', password: 'nope-nope' });
    const unknown = await t.http.post('/api/v1/auth/login').send({ email: 'nobody@calepin.test', password: 'nope-nope' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body.error.code).toBe('invalid_credentials');
  });

  it('stores passwords as argon2id hashes', async () => {
    const { rows } = await t.db.pool.query('select password_hash from users');
    expect(rows.every((r) => r.password_hash.startsWith('$argon2id$'))).toBe(true);
  });

  it('rate-limits failed attempts per e-mail with 429 and Retry-After, in French for French browsers', async () => {
    const email = 'tech@calepin.test';
    for (let i = 0; i < 3; i++) expect((await login(email, 'wrong-password')).status).toBe(401);
    const limited = await t.http
      .post('/api/v1/auth/login')
      .set('Accept-Language', 'fr-FR,fr;q=0.9,en;q=0.8')
      .send({ email, password: DEMO_PASSWORD });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.body.error.code).toBe('rate_limited');
    expect(limited.body.error.message).toMatch(/^trop de tentatives/);
    // Another account from the same address is not locked out.
    expect((await login(manager.email, DEMO_PASSWORD)).status).toBe(200);
  });
});

describe('tokens', () => {
  it('refuse a missing, forged, malformed or expired access token with 401', async () => {
    const forged = await new SignJWT({ sub: DEMO_USERS[0]?.email, role: 'admin' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('calepin')
      .setAudience('calepin')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('another-secret-another-secret-another'));
    const expired = await new SignJWT({ sub: '00000000-0000-4000-8000-000000000000', role: 'admin', cid: null, email: 'a', name: 'a', locale: 'fr' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('calepin')
      .setAudience('calepin')
      .setIssuedAt(Math.floor(Date.now() / 1000) - 7200)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 3600)
      .sign(new TextEncoder().encode(TEST_SECRET));
    const none = await t.http.get('/api/v1/plants');
    expect(none.status).toBe(401);
    expect(none.body.error.code).toBe('unauthorized');
    for (const header of [`Bearer ${forged}`, `Bearer ${expired}`, 'Bearer not-a-jwt', 'Basic YTpi']) {
      const response = await t.http.get('/api/v1/plants').set('Authorization', header);
      expect([header.slice(0, 12), response.status, response.body.error.code]).toEqual([header.slice(0, 12), 401, 'token_invalid']);
    }
  });

  it('rotate refresh tokens; reusing a rotated one revokes the whole family', async () => {
    const first = await login(manager.email, DEMO_PASSWORD);
    const second = await t.http.post('/api/v1/auth/refresh').send({ refreshToken: first.body.refreshToken });
    expect(second.status).toBe(200);
    expect(second.body.refreshToken).not.toBe(first.body.refreshToken);
    // Presented again at once: the page that rotated it was left before it got the answer.
    const again = await t.http.post('/api/v1/auth/refresh').send({ refreshToken: first.body.refreshToken });
    expect(again.status).toBe(200);
    expect(again.body.refreshToken).not.toBe(second.body.refreshToken);
    // Later than the grace: a leak.
    await t.db.pool.query(`update refresh_tokens set revoked_at = revoked_at - interval '1 minute' where replaced_by is not null and revoked_at > now() - interval '1 minute'`);
    const replay = await t.http.post('/api/v1/auth/refresh').send({ refreshToken: first.body.refreshToken });
    expect(replay.status).toBe(401);
    expect(replay.body.error.code).toBe('refresh_invalid');
    // The thief's replay also killed the legitimate successors.
    for (const live of [second, again]) {
      const successor = await t.http.post('/api/v1/auth/refresh').send({ refreshToken: live.body.refreshToken });
      expect(successor.status).toBe(401);
    }
  });

  it('a token rotated moments before a logout is not renewed by the grace', async () => {
    const first = await login(manager.email, DEMO_PASSWORD);
    const second = await t.http.post('/api/v1/auth/refresh').send({ refreshToken: first.body.refreshToken });
    expect((await t.http.post('/api/v1/auth/logout').send({ refreshToken: second.body.refreshToken })).status).toBe(204);
    expect((await t.http.post('/api/v1/auth/refresh').send({ refreshToken: first.body.refreshToken })).status).toBe(401);
  });

  it('end with logout', async () => {
    const session = await login(manager.email, DEMO_PASSWORD);
    expect((await t.http.post('/api/v1/auth/logout').send({ refreshToken: session.body.refreshToken })).status).toBe(204);
    const after = await t.http.post('/api/v1/auth/refresh').send({ refreshToken: session.body.refreshToken });
    expect(after.status).toBe(401);
  });
});

describe('accounts', () => {
  it('a disabled account cannot log in and its sessions end', async () => {
    const admin = bearer(await t.token('admin'));
    const created = await t.http
      .post('/api/v1/users')
      .set(admin)
      .send({ email: 'leaving@calepin.test', role: 'technician', fullName: 'Leaving', password: 'first-password-1' });
    expect(created.status).toBe(201);
    const session = await login('leaving@calepin.test', 'first-password-1');
    expect(session.status).toBe(200);
    expect((await t.http.patch(`/api/v1/users/${created.body.id}`).set(admin).send({ disabled: true })).status).toBe(200);
    expect((await login('leaving@calepin.test', 'first-password-1')).status).toBe(401);
    expect((await t.http.post('/api/v1/auth/refresh').send({ refreshToken: session.body.refreshToken })).status).toBe(401);
  });

  it('demo accounts cannot log in outside demo mode', async () => {
    const production = await testApp({ config: { demo: false } });
    try {
      const response = await production.http.post('/api/v1/auth/login').send({ email: manager.email, password: DEMO_PASSWORD });
      expect(response.status).toBe(401);
    } finally {
      await production.close();
    }
  });
});
