// Personal access tokens (issue 13, QGIS): long-lived, named, revocable, read-only;
// usable as Bearer, as the Basic password or as ?token= on the API and /ogc.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_PERSONAL_TOKENS } from '@calepin/core';
import { type TestApp, bearer, testApp } from '../../test-support/app';

let t: TestApp;
let manager: string;

beforeAll(async () => {
  t = await testApp();
  manager = await t.token('manager');
});
afterAll(() => t.close());

const create = (token: string, body: object) => t.http.post('/api/v1/auth/tokens').set(bearer(token)).send(body);
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('making and listing them', () => {
  it('shows a token once, then lists it by name and prefix, never again in full; no cache keeps it', async () => {
    const created = await create(manager, { name: 'QGIS on my laptop', expiresInDays: 90 });
    expect(created.status).toBe(201);
    expect(created.headers['cache-control']).toBe('private, no-store');
    expect(created.body.token).toMatch(/^cpat_[\w-]{43}$/);
    expect(created.body).toMatchObject({ name: 'QGIS on my laptop', scope: 'read', lastUsedAt: null });
    expect(created.body.token.startsWith(created.body.prefix)).toBe(true);
    const days = (Date.parse(created.body.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(89.9);
    const list = await t.http.get('/api/v1/auth/tokens').set(bearer(manager));
    expect(list.status).toBe(200);
    expect(list.headers['cache-control']).toBe('private, no-store');
    const listed = list.body.items.find((i: { id: string }) => i.id === created.body.id);
    expect(listed).toMatchObject({ name: 'QGIS on my laptop', prefix: created.body.prefix });
    expect(JSON.stringify(list.body)).not.toContain(created.body.token);
    const { rows } = await t.db.pool.query('select token_hash from personal_tokens where id = $1', [created.body.id]);
    expect(rows[0].token_hash.toString('utf8')).not.toContain(created.body.token);
  });

  it('each user sees and revokes only its own', async () => {
    const mine = await create(manager, { name: 'Mine alone' });
    const tech = await t.token('technician');
    const theirs = await t.http.get('/api/v1/auth/tokens').set(bearer(tech));
    expect(theirs.body.items.map((i: { id: string }) => i.id)).not.toContain(mine.body.id);
    expect((await t.http.delete(`/api/v1/auth/tokens/${mine.body.id}`).set(bearer(tech))).status).toBe(404);
  });

  it('refuses a name twice, an empty or multi-line name, a bad expiry, with the field named', async () => {
    await create(manager, { name: 'GDAL' });
    const twice = await create(manager, { name: 'gdal' });
    expect([twice.status, twice.body.error.field]).toEqual([409, 'name']);
    for (const [body, field] of [
      [{ name: '' }, 'name'],
      [{ name: 'two\nlines' }, 'name'],
      [{ name: 'x', expiresInDays: 0 }, 'expiresInDays'],
      [{ name: 'x', expiresInDays: 1.5 }, 'expiresInDays'],
    ] as const) {
      const refused = await create(manager, body);
      expect([JSON.stringify(body), refused.status, refused.body.error.field]).toEqual([JSON.stringify(body), 400, field]);
    }
  });

  it(`stops at ${MAX_PERSONAL_TOKENS} live tokens per user`, async () => {
    const admin = await t.token('admin');
    const existing = (await t.http.get('/api/v1/auth/tokens').set(bearer(admin))).body.items.length as number;
    for (let i = existing; i < MAX_PERSONAL_TOKENS; i++) expect((await create(admin, { name: `token ${i}` })).status).toBe(201);
    const refused = await create(admin, { name: 'one too many' });
    expect([refused.status, refused.body.error.code]).toEqual([409, 'personal_token_limit']);
  });
});

describe('using them', () => {
  it('reads the API as Bearer, as the Basic password and as ?token=, and records its last use', async () => {
    const { body } = await create(manager, { name: 'reader' });
    expect((await t.http.get('/api/v1/plants').set(bearer(body.token))).status).toBe(200);
    expect((await t.http.get('/api/v1/plants').set('Authorization', basic('manager@calepin.test', body.token))).status).toBe(200);
    const viaQuery = await t.http.get(`/api/v1/plants?token=${body.token}&limit=1`);
    expect(viaQuery.status).toBe(200);
    expect(viaQuery.body.items).toHaveLength(1);
    expect(viaQuery.headers['cache-control']).toBe('private, no-store');
    // Recorded beside the request, not before its answer: wait for it.
    await expect
      .poll(async () => (await t.db.pool.query('select last_used_at from personal_tokens where id = $1', [body.id])).rows[0].last_used_at)
      .not.toBeNull();
  });

  it('reads /ogc as the password of Basic (QGIS) and lists no transaction for an editor', async () => {
    const { body } = await create(manager, { name: 'QGIS' });
    const auth = basic('manager@calepin.test', body.token);
    const wfs = await t.http.get('/ogc/wfs?service=WFS&version=2.0.0&request=GetFeature&typeNames=calepin:plants&count=1').set('Authorization', auth);
    expect(wfs.status).toBe(200);
    expect(wfs.headers['cache-control']).toBe('private, no-store');
    const features = await t.http.get(`/ogc/features/collections/plants/items?limit=1&token=${body.token}`);
    expect(features.status).toBe(200);
    const caps = await t.http.get('/ogc/wfs?service=WFS&version=2.0.0&request=GetCapabilities').set('Authorization', auth);
    const asPassword = await t.http
      .get('/ogc/wfs?service=WFS&version=2.0.0&request=GetCapabilities')
      .set('Authorization', basic('manager@calepin.test', 'calepin-demo'));
    expect(asPassword.text).toContain('Transaction');
    expect(caps.text).not.toMatch(/name="Transaction"/);
  });

  it('never writes: 403 on the API (a token cannot make another) and on WFS-T', async () => {
    const { body } = await create(manager, { name: 'read only' });
    const plant = (await t.http.get('/api/v1/plants?limit=1').set(bearer(manager))).body.items[0];
    const patch = await t.http.patch(`/api/v1/plants/${plant.id}`).set(bearer(body.token)).send({ notes: 'changed' });
    expect([patch.status, patch.body.error.code]).toEqual([403, 'token_read_only']);
    const another = await create(body.token, { name: 'from a token' });
    expect(another.status).toBe(403);
    const transaction = await t.http
      .post('/ogc/wfs')
      .set('Authorization', basic('manager@calepin.test', body.token))
      .set('Content-Type', 'application/xml')
      .send(
        `<wfs:Transaction service="WFS" version="2.0.0" xmlns:wfs="http://www.opengis.net/wfs/2.0" xmlns:fes="http://www.opengis.net/fes/2.0">
          <wfs:Delete typeName="calepin:modules"><fes:Filter><fes:ResourceId rid="modules.00000000-0000-4000-8000-000000000000"/></fes:Filter></wfs:Delete>
        </wfs:Transaction>`,
      );
    expect(transaction.status).toBe(403);
    expect(transaction.text).toContain('OperationNotSupported');
  });

  it('sees what its user sees, with the user’s role of today', async () => {
    const client = await t.token('client');
    const { body } = await create(client, { name: 'client QGIS' });
    const all = await t.http.get('/api/v1/plants').set(bearer(manager));
    const own = await t.http.get('/api/v1/plants').set(bearer(body.token));
    expect(own.body.total).toBeGreaterThan(0);
    expect(own.body.total).toBeLessThan(all.body.total);
  });

  it('stops at once when revoked, when it expires, when its user is disabled; logout leaves it alone', async () => {
    const admin = bearer(await t.token('admin'));
    const email = 'qgis-user@calepin.test';
    const user = await t.http.post('/api/v1/users').set(admin).send({ email, role: 'technician', fullName: 'QGIS user', password: 'a-password-1' });
    const login = await t.http.post('/api/v1/auth/login').send({ email, password: 'a-password-1' });
    const session = login.body.accessToken as string;
    const [a, b, c] = await Promise.all(['a', 'b', 'c'].map(async (name) => (await create(session, { name })).body));
    const reads = async (token: string) => (await t.http.get('/api/v1/plants').set(bearer(token))).status;
    expect([await reads(a.token), await reads(b.token), await reads(c.token)]).toEqual([200, 200, 200]);

    expect((await t.http.delete(`/api/v1/auth/tokens/${a.id}`).set(bearer(session))).status).toBe(204);
    expect(await reads(a.token)).toBe(401);
    expect((await t.http.get('/api/v1/auth/tokens').set(bearer(session))).body.items.map((i: { name: string }) => i.name).sort()).toEqual(['b', 'c']);

    await t.db.pool.query(`update personal_tokens set expires_at = now() - interval '1 second' where id = $1`, [b.id]);
    await t.app.deps.checker.forgetUser(user.body.id); // as the revocation notice would
    expect(await reads(b.token)).toBe(401);

    expect((await t.http.post('/api/v1/auth/logout').send({ refreshToken: login.body.refreshToken })).status).toBe(204);
    expect(await reads(c.token)).toBe(200);
    await t.http.patch(`/api/v1/users/${user.body.id}`).set(admin).send({ disabled: true });
    expect(await reads(c.token)).toBe(401);
  });

  it('a made-up token is refused with a Basic challenge under /ogc', async () => {
    const refused = await t.http
      .get('/ogc/wfs?service=WFS&request=GetCapabilities')
      .set('Authorization', basic('someone', 'cpat_madeUpMadeUpMadeUpMadeUpMadeUpMadeUpMade'));
    expect(refused.status).toBe(401);
    expect(refused.headers['www-authenticate']).toMatch(/^Basic/);
  });
});
