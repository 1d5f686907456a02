// Issue 13: no security headers anywhere, and authenticated answers without Cache-Control
// (QGIS kept one account's answers and showed them in another account's layer).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '@calepin/data-fixtures';
import { type TestApp, bearer, testApp } from '../../test-support/app';
import { DEFAULT_BASEMAPS } from '@calepin/core';
import { contentSecurityPolicy, templateOrigin } from '../src/http/security-headers';

const wms = { label: 'WMS', url: 'http://localhost:8081/wms?bbox={bbox-epsg-3857}', attribution: null, maxzoom: 19, defaultWithin: null };

let t: TestApp;

beforeAll(async () => {
  t = await testApp({ config: { basemaps: [...DEFAULT_BASEMAPS, { ...wms, id: 'wms' }] } });
});
afterAll(() => t.close());

const directives = (csp: string) => Object.fromEntries(csp.split(/;\s*/).map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));

describe('security headers', () => {
  it('the web app, the API and the OGC services carry CSP, nosniff, a referrer policy and no framing', async () => {
    for (const path of ['/', '/plants/123', '/api/v1/health', '/ogc/wfs?service=WFS&request=GetCapabilities', '/api/v1/nowhere']) {
      const response = await t.http.get(path).set('Accept', 'text/html');
      expect(response.headers['x-content-type-options'], path).toBe('nosniff');
      expect(response.headers['referrer-policy'], path).toBe('strict-origin-when-cross-origin');
      expect(response.headers['x-frame-options'], path).toBe('DENY');
      const csp = directives(response.headers['content-security-policy'] as string);
      expect(csp['frame-ancestors'], path).toEqual(["'none'"]);
      expect(csp['script-src'], path).toEqual(["'self'"]);
      expect(csp['object-src'], path).toEqual(["'none'"]);
    }
  });

  it('lets the browser fetch the configured basemaps, each host once, and nothing else outside', async () => {
    const csp = directives((await t.http.get('/')).headers['content-security-policy'] as string);
    expect(csp['img-src']).toContain('https://data.geopf.fr');
    expect(csp['connect-src']).toEqual(["'self'", 'blob:', 'https://data.geopf.fr', 'http://localhost:8081']);
    expect(csp['worker-src']).toEqual(["'self'", 'blob:']);
    expect(directives(contentSecurityPolicy([]))['connect-src']).toEqual(["'self'", 'blob:']);
  });

  it('reads a basemap template’s host, placeholders included', () => {
    expect(templateOrigin('https://{s}.tile.example.org/{z}/{x}/{y}.png')).toBe('https://*.tile.example.org');
    expect(templateOrigin('http://localhost:8081/wms?bbox={bbox-epsg-3857}')).toBe('http://localhost:8081');
    expect(templateOrigin('https://tiles-{s}.example.org/{z}/{x}/{y}.png')).toBe('https:');
  });

  it('HSTS only over TLS: behind a trusted proxy that says https, never on plain http', async () => {
    expect((await t.http.get('/api/v1/health')).headers['strict-transport-security']).toBeUndefined();
    expect((await t.http.get('/api/v1/health').set('X-Forwarded-Proto', 'https')).headers['strict-transport-security']).toBeUndefined();
    const proxied = await testApp({ config: { trustProxy: true } });
    try {
      const plain = await proxied.http.get('/api/v1/health').set('X-Forwarded-Proto', 'http');
      expect(plain.headers['strict-transport-security']).toBeUndefined();
      const tls = await proxied.http.get('/api/v1/health').set('X-Forwarded-Proto', 'https');
      expect(tls.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    } finally {
      await proxied.close();
    }
  });
});

describe('what caches may keep', () => {
  it('login, refresh and token answers are never stored', async () => {
    const login = await t.http.post('/api/v1/auth/login').send({ email: 'manager@calepin.test', password: DEMO_PASSWORD });
    expect(login.headers['cache-control']).toBe('private, no-store');
    const refresh = await t.http.post('/api/v1/auth/refresh').send({ refreshToken: login.body.refreshToken });
    expect(refresh.headers['cache-control']).toBe('private, no-store');
    const wrong = await t.http.post('/api/v1/auth/login').send({ email: 'manager@calepin.test', password: 'wrong-password' });
    expect(wrong.headers['cache-control']).toBe('private, no-store');
  });

  it('every authenticated answer is private and not stored: API, OGC, errors', async () => {
    const token = await t.token('client');
    const requests: [string, ReturnType<typeof t.http.get>][] = [
      ['plants', t.http.get('/api/v1/plants').set(bearer(token))],
      ['me', t.http.get('/api/v1/auth/me').set(bearer(token))],
      ['OGC API', t.http.get('/ogc/features/collections').set(bearer(token))],
      ['WFS', t.http.get('/ogc/wfs?service=WFS&request=GetCapabilities').set(bearer(token))],
      ['WFS, Basic', t.http.get('/ogc/wfs?service=WFS&request=GetCapabilities')
        .set('Authorization', `Basic ${Buffer.from(`client@calepin.test:${DEMO_PASSWORD}`).toString('base64')}`)],
      ['404', t.http.get('/api/v1/plants/00000000-0000-4000-8000-000000000000').set(bearer(token))],
      ['401', t.http.get('/api/v1/plants').set(bearer('forged'))],
    ];
    for (const [name, request] of requests) {
      const response = await request;
      expect([name, response.headers['cache-control']]).toEqual([name, 'private, no-store']);
    }
  });

  it('public answers keep their own caching', async () => {
    expect((await t.http.get('/api/v1/health')).headers['cache-control']).toBeUndefined();
    const index = await t.http.get('/').set('Accept', 'text/html');
    expect(index.headers['cache-control']).toBe('no-cache');
  });

  it('a document is revalidated with its SHA-256 as ETag, and only ever confirmed to someone who may read it', async () => {
    const manager = await t.token('manager');
    const plant = (await t.db.pool.query(`select id from plants where name = 'Centrale au sol de Saint-Lys'`)).rows[0].id;
    const doc = await t.http.post(`/api/v1/plants/${plant}/documents?filename=contract.txt`).set(bearer(manager))
      .set('Content-Type', 'text/plain').send('a contract');
    expect(doc.status).toBe(201);
    const first = await t.http.get(`/api/v1/plants/${plant}/documents/${doc.body.id}/file`).set(bearer(manager));
    expect(first.headers['cache-control']).toBe('private, no-cache');
    expect(first.headers.etag).toBe(`"${doc.body.sha256}"`);
    const again = await t.http.get(`/api/v1/plants/${plant}/documents/${doc.body.id}/file`).set(bearer(manager))
      .set('If-None-Match', first.headers.etag as string);
    expect(again.status).toBe(304);
    // The client user of another company revalidating a copy it should never have had.
    const other = await t.http.get(`/api/v1/plants/${plant}/documents/${doc.body.id}/file`).set(bearer(await t.token('client')))
      .set('If-None-Match', first.headers.etag as string);
    expect(other.status).toBe(404);
  });
});
