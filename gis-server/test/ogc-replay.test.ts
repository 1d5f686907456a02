// GetCapabilities given again whole, before Koa (issue 21: QGIS and GDAL ask it at every
// connection). What a QGIS user would notice if it went wrong: another account's layers or
// rights, the wrong language, an extent or CRS that no longer holds, a disabled account or a
// revoked token still answered. The replayed answer must be the stack's, byte for byte.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEMO_PASSWORD } from '@calepin/data-fixtures';
import request, { type Response } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, bearer, testApp } from '../../test-support/app';

let t: TestApp;
let server: Server;
// One listening server: supertest on a handler listens anew at each request, and the Host
// (its port) is part of what an answer depends on.
let http: ReturnType<typeof request>;
beforeAll(async () => {
  t = await testApp();
  server = await new Promise<Server>((resolve) => {
    const s = t.app.listen(0, '127.0.0.1', () => resolve(s));
  });
  http = request(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});
afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await t?.close();
});

const CAPABILITIES = '/ogc/wfs?SERVICE=WFS&VERSION=1.1.0&REQUEST=GetCapabilities';
const basic = (email: string, password = DEMO_PASSWORD) => `Basic ${Buffer.from(`${email}:${password}`).toString('base64')}`;
const ask = (authorization: string, headers: Record<string, string> = {}, path = CAPABILITIES) =>
  http.get(path).set({ Authorization: authorization, ...headers });
/** The answer as written on the wire, the Date aside. */
const wire = (r: Response) => ({
  status: r.status,
  headers: (r as unknown as { res: { rawHeaders: string[] } }).res.rawHeaders.join('\n').replace(/\nDate\n[^\n]+/, ''),
  body: r.text,
});

/** The answer to `request`, and whether it came from the replay. */
async function served(request: () => Promise<Response>): Promise<[Response, boolean]> {
  const before = t.app.replays.served;
  const response = await request();
  return [response, t.app.replays.served > before];
}

/** Asks until `done` holds (a change notification crosses PostgreSQL), at most 5 s. */
async function until(request: () => Promise<Response>, done: (r: Response) => boolean): Promise<Response> {
  for (let i = 0; ; i++) {
    const response = await request();
    if (done(response) || i >= 100) return response;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('GetCapabilities asked again', () => {
  it('is answered from memory with the bytes and headers the stack wrote', async () => {
    const tech = basic('tech@calepin.test');
    const [first, replayedFirst] = await served(() => ask(tech));
    const [second, replayedSecond] = await served(() => ask(tech));
    expect([first.status, replayedFirst, replayedSecond]).toEqual([200, false, true]);
    expect(wire(second)).toEqual(wire(first));
    expect(second.headers['cache-control']).toBe('private, no-store');
    expect(second.headers['content-security-policy']).toContain("default-src 'self'");
    // Other versions, languages and requests are answered by the stack first, then remembered too.
    const [french, replayedFrench] = await served(() => ask(tech, { 'Accept-Language': 'fr-FR,fr;q=0.9' }));
    expect([replayedFrench, french.headers['content-language'], french.text.includes('Centrales photovoltaïques')]).toEqual([false, 'fr', true]);
    expect((await served(() => ask(tech, { 'Accept-Language': 'fr-FR,fr;q=0.9' })))[1]).toBe(true);
    const v2 = '/ogc/wfs?SERVICE=WFS&VERSION=2.0.0&REQUEST=GetCapabilities';
    expect((await served(() => ask(tech, {}, v2)))[1]).toBe(false);
    expect((await served(() => ask(tech, {}, v2)))[1]).toBe(true);
  });

  it('gives each account its own document: rights, plants, CRSs', async () => {
    const manager = basic('manager@calepin.test');
    const client = basic('client@calepin.test');
    for (const who of [manager, client, manager, client]) await ask(who);
    const [asManager, fromMemoryM] = await served(() => ask(manager));
    const [asClient, fromMemoryC] = await served(() => ask(client));
    expect([fromMemoryM, fromMemoryC]).toEqual([true, true]);
    // The manager edits the layout layers; the client reads only.
    expect(asManager.text).toContain('<wfs:Operation>Insert</wfs:Operation>');
    expect(asClient.text).not.toContain('<wfs:Operation>Insert</wfs:Operation>');
  });

  it('is computed again when the layers change (a plant in another CRS appears in the document)', async () => {
    const admin = basic('admin@calepin.test');
    await ask(admin);
    expect((await served(() => ask(admin)))[1]).toBe(true);
    const urn = 'urn:ogc:def:crs:EPSG::32630';
    expect((await ask(admin)).text).not.toContain(urn);
    const { rows } = await t.db.pool.query<{ id: string }>('select id from plants where deleted_at is null order by id limit 1');
    await t.db.pool.query('update plants set srid = 32630 where id = $1', [rows[0]?.id]);
    const after = await until(() => ask(admin), (r) => r.text.includes(urn));
    expect(after.text).toContain(urn);
  });

  it('never answers a wrong password, a disabled account or a changed password', async () => {
    const admin = bearer(await t.token('admin'));
    const created = await t.http.post('/api/v1/users').set(admin).send({ email: 'replayed@calepin.test', role: 'technician', fullName: 'Replayed', password: 'a-password-1' });
    expect(created.status).toBe(201);
    const right = basic('replayed@calepin.test', 'a-password-1');
    await ask(right);
    expect((await served(() => ask(right)))[1]).toBe(true);
    expect((await ask(basic('replayed@calepin.test', 'a-password-2'))).status).toBe(401);
    // Changed through the API of this server: at once; through another server (SQL here), at its notice.
    await t.http.patch(`/api/v1/users/${created.body.id}`).set(admin).send({ disabled: true });
    const [disabled, fromMemory] = await served(() => ask(right));
    expect([disabled.status, fromMemory]).toEqual([401, false]);
    await t.http.patch(`/api/v1/users/${created.body.id}`).set(admin).send({ disabled: false });
    await ask(right);
    expect((await served(() => ask(right)))[1]).toBe(true);
    await t.db.pool.query(`update users set token_generation = token_generation + 1, disabled_at = now() where id = $1`, [created.body.id]);
    expect((await until(() => ask(right), (r) => r.status === 401)).status).toBe(401);
  });

  it('answers tokens too, and stops when one is revoked', async () => {
    const tech = await t.token('technician');
    const created = await t.http.post('/api/v1/auth/tokens').set(bearer(tech)).send({ name: 'QGIS replay' });
    expect(created.status).toBe(201);
    // QGIS's Basic authentication with a personal access token as the password.
    const pat = basic('anyone', created.body.token);
    await ask(pat);
    const [again, fromMemory] = await served(() => ask(pat));
    expect([again.status, fromMemory]).toEqual([200, true]);
    // A read-only token: no editing offered, as the stack says.
    expect(again.text).not.toContain('<wfs:Operation>Insert</wfs:Operation>');
    expect((await t.http.delete(`/api/v1/auth/tokens/${created.body.id}`).set(bearer(tech))).status).toBe(204);
    const [revoked, replayed] = await served(() => ask(pat));
    expect([revoked.status, replayed]).toEqual([401, false]);
  });

  it('is only for GET: HEAD and POST go to the stack', async () => {
    const tech = basic('tech@calepin.test');
    await ask(tech);
    const before = t.app.replays.served;
    const head = await http.head(CAPABILITIES).set('Authorization', tech);
    const post = await http
      .post('/ogc/wfs')
      .set('Authorization', tech)
      .type('application/x-www-form-urlencoded')
      .send('SERVICE=WFS&VERSION=1.1.0&REQUEST=GetCapabilities');
    expect([head.status, post.status, t.app.replays.served]).toEqual([200, 200, before]);
  });
});
