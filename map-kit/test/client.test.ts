// The typed client against a real gis-server on 127.0.0.1 (its own test database with the
// demo data): URLs, the token renewed on a 401, the server's errors as ApiErrors.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEMO_PASSWORD, DEMO_PLANTS } from '@calepin/data-fixtures';
import { type TestApp, testApp } from '../../test-support/app';
import { ApiError, TokenStore, createApiClient, fillPath, queryKeys, withQuery } from '../src/api/index';

let app: TestApp;
let server: Server;
let base: string;

beforeAll(async () => {
  app = await testApp();
  server = await new Promise<Server>((resolve) => {
    const s = app.app.listen(0, '127.0.0.1', () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await app.close();
});

function client(baseUrl = base) {
  const stored = new Map<string, string>();
  const storage = { getItem: (k: string) => stored.get(k) ?? null, setItem: (k: string, v: string) => void stored.set(k, v), removeItem: (k: string) => void stored.delete(k) };
  const tokens = new TokenStore({ baseUrl, storage, language: () => 'fr' });
  const api = createApiClient({ baseUrl, tokens, language: () => 'fr', messages: { http: (s) => `HTTP ${s}`, network: () => 'pas de réseau' } });
  return { api, tokens };
}

describe('the typed API client', () => {
  test('fills the path, leaves out empty query values, joins lists', () => {
    expect(fillPath('/plants/{plantId}/map/modules/{moduleId}', { plantId: 'a/b', moduleId: 'm' })).toBe('/plants/a%2Fb/map/modules/m');
    expect(() => fillPath('/plants/{plantId}', {})).toThrow(/plantId/);
    expect(withQuery('/x', { a: 1, b: undefined, c: '', d: null, e: ['ok', 'dead'] })).toBe('/x?a=1&e=ok%2Cdead');
  });

  test('logs in, reads with path and query, and renews a refused access token once', async () => {
    const { api, tokens } = client();
    tokens.set(await api.post('/auth/login', { body: { email: 'manager@calepin.test', password: DEMO_PASSWORD } }));
    const page = await api.get('/plants', { query: { q: 'Toiture', limit: 5 } });
    expect(page.items.map((p) => p.name)).toEqual([DEMO_PLANTS.rooftop.name]);
    const plantId = page.items[0]?.id as string;

    // An access token the server refuses (as after a restart with another secret): one renewal, one retry.
    const session = tokens.current as NonNullable<typeof tokens.current>;
    (session as { accessToken: string }).accessToken = 'not-a-token';
    const plant = await api.get('/plants/{plantId}', { path: { plantId } });
    expect(plant.id).toBe(plantId);
    expect(tokens.accessToken).not.toBe('not-a-token');
    await expect(api.post('/auth/logout', { body: { refreshToken: tokens.current?.refreshToken as string } })).resolves.toBeUndefined();
  });

  test('the server’s field errors and a network failure are ApiErrors', async () => {
    const { api, tokens } = client();
    tokens.set(await api.post('/auth/login', { body: { email: 'admin@calepin.test', password: DEMO_PASSWORD } }));
    const refused = await api.get('/clients', { query: { limit: 100_000 } }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ApiError);
    expect((refused as ApiError).status).toBe(400);
    expect(Object.keys((refused as ApiError).fieldErrors())).toEqual(['limit']);
    const offline = client('http://127.0.0.1:9/api/v1').api;
    await expect(offline.get('/health')).rejects.toMatchObject({ status: 0, code: 'network', message: 'pas de réseau' });
  });

  test('query keys: a shorter key is the prefix of the longer ones it invalidates', () => {
    expect(queryKeys.plans()).toEqual(['plans']);
    expect(queryKeys.plans('p')).toEqual(['plans', 'p']);
    expect(queryKeys.module('p', 'm', undefined)).toEqual(['module', 'p', 'm']);
    expect(queryKeys.layout('p', 'tables').slice(0, 2)).toEqual(queryKeys.layout('p'));
  });
});
