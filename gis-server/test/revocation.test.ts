// Issue 13: an access token kept working after logout, after its user was disabled or
// deleted (up to its 15-minute life). Each is replayed here against the API and /ogc.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '@calepin/data-fixtures';
import { type TestApp, bearer, testApp } from '../../test-support/app';

let t: TestApp;
let admin: Record<string, string>;
let count = 0;

beforeAll(async () => {
  t = await testApp();
  admin = bearer(await t.token('admin'));
});
afterAll(() => t.close());

/** A fresh technician account, logged in: its id, its tokens and password. */
async function account(role: 'technician' | 'manager' = 'technician') {
  const email = `revoked-${++count}@calepin.test`;
  const password = 'a-password-1';
  const created = await t.http.post('/api/v1/users').set(admin).send({ email, role, fullName: `Revoked ${count}`, password });
  expect(created.status).toBe(201);
  const login = await t.http.post('/api/v1/auth/login').send({ email, password });
  expect(login.status).toBe(200);
  return { id: created.body.id as string, email, password, access: login.body.accessToken as string, refresh: login.body.refreshToken as string };
}

const plants = (token: string) => t.http.get('/api/v1/plants').set(bearer(token));
const basic = (email: string, password: string) => `Basic ${Buffer.from(`${email}:${password}`).toString('base64')}`;

describe('an access token stops working at once', () => {
  it('after logout, on every device of the user; the other devices renew with their refresh tokens', async () => {
    const a = await account();
    const other = await t.http.post('/api/v1/auth/login').send({ email: a.email, password: a.password });
    expect((await plants(a.access)).status).toBe(200);
    expect((await t.http.post('/api/v1/auth/logout').send({ refreshToken: a.refresh })).status).toBe(204);
    const after = await plants(a.access);
    expect([after.status, after.body.error.code]).toEqual([401, 'token_invalid']);
    expect((await plants(other.body.accessToken)).status).toBe(401);
    const renewed = await t.http.post('/api/v1/auth/refresh').send({ refreshToken: other.body.refreshToken });
    expect(renewed.status).toBe(200);
    expect((await plants(renewed.body.accessToken)).status).toBe(200);
  });

  it('after the account is disabled, on the API and on /ogc', async () => {
    const a = await account();
    expect((await t.http.get('/ogc/features/collections').set(bearer(a.access))).status).toBe(200);
    expect((await t.http.patch(`/api/v1/users/${a.id}`).set(admin).send({ disabled: true })).status).toBe(200);
    expect((await plants(a.access)).status).toBe(401);
    expect((await t.http.get('/ogc/features/collections').set(bearer(a.access))).status).toBe(401);
    // Enabled again: the old token stays dead (its generation has passed), a new login works.
    expect((await t.http.patch(`/api/v1/users/${a.id}`).set(admin).send({ disabled: false })).status).toBe(200);
    expect((await plants(a.access)).status).toBe(401);
    const login = await t.http.post('/api/v1/auth/login').send({ email: a.email, password: a.password });
    expect((await plants(login.body.accessToken)).status).toBe(200);
  });

  it('after the account is deleted', async () => {
    const a = await account();
    expect((await t.http.delete(`/api/v1/users/${a.id}`).set(admin)).status).toBe(204);
    expect((await plants(a.access)).status).toBe(401);
  });

  it('after a change of role: the token claimed the old one', async () => {
    const a = await account('manager');
    expect((await t.http.patch(`/api/v1/users/${a.id}`).set(admin).send({ role: 'technician' })).status).toBe(200);
    const refused = await t.http.post('/api/v1/clients').set(bearer(a.access)).send({ name: 'Promoted Ltd' });
    expect(refused.status).toBe(401);
  });

  it('after a change made to the database by another server: the notice reaches this one', async () => {
    const a = await account();
    expect((await plants(a.access)).status).toBe(200);
    // As another gis-server instance or an admin script would: straight in the database.
    const heard = new Promise<void>((resolve) => {
      const checker = t.app.deps.checker;
      const original = checker.notified.bind(checker);
      checker.notified = async (payload) => {
        await original(payload);
        if (payload.includes(a.id)) resolve();
      };
    });
    await t.db.pool.query('update users set disabled_at = now() where id = $1', [a.id]);
    await heard;
    expect((await plants(a.access)).status).toBe(401);
  });
});

describe('HTTP Basic on /ogc (QGIS, GDAL)', () => {
  it('a remembered e-mail and password stop working at once when the account is disabled or its password changes', async () => {
    const a = await account();
    const capabilities = () => t.http.get('/ogc/wfs?service=WFS&request=GetCapabilities').set('Authorization', basic(a.email, a.password));
    expect((await capabilities()).status).toBe(200);
    expect((await capabilities()).status).toBe(200); // remembered now
    await t.http.patch(`/api/v1/users/${a.id}`).set(admin).send({ password: 'another-password-2' });
    expect((await capabilities()).status).toBe(401);
    const b = await account();
    const asB = () => t.http.get('/ogc/wfs?service=WFS&request=GetCapabilities').set('Authorization', basic(b.email, b.password));
    expect((await asB()).status).toBe(200);
    await t.http.patch(`/api/v1/users/${b.id}`).set(admin).send({ disabled: true });
    expect((await asB()).status).toBe(401);
  });

  it('the demo accounts keep working for everyone else', async () => {
    const response = await t.http
      .get('/ogc/wfs?service=WFS&request=GetCapabilities')
      .set('Authorization', basic('manager@calepin.test', DEMO_PASSWORD));
    expect(response.status).toBe(200);
  });
});
