// Bad input of every kind gets a 4xx with the one error shape, never a 500 or a hang.
import pino from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorBody } from '@calepin/core';
import { createApp } from '@calepin/gis-server';
import { type TestApp, bearer, testApp, testConfig } from '../../test-support/app';
import { urlFor } from '../../test-support/db';

let t: TestApp;
let admin: Record<string, string>;
beforeAll(async () => {
  t = await testApp();
  admin = bearer(await t.token('admin'));
});
afterAll(() => t.close());

function expectError(response: request.Response, status: number, code: string, field: string | null = null) {
  expect(response.status, response.text).toBe(status);
  expect(ErrorBody.parse(response.body)).toBeTruthy();
  expect(response.body.error).toMatchObject({ code, field });
}

describe('bad requests', () => {
  it('malformed JSON → 400 invalid_json', async () => {
    const response = await t.http.post('/api/v1/clients').set(admin).set('Content-Type', 'application/json').send('{"name": ');
    expectError(response, 400, 'invalid_json');
  });

  it('a body that is not JSON → 415', async () => {
    const response = await t.http.post('/api/v1/clients').set(admin).set('Content-Type', 'text/plain').send('name=x');
    expectError(response, 415, 'unsupported_media_type');
  });

  it('wrong types name the field and say why, in English or French', async () => {
    const en = await t.http.post('/api/v1/clients').set(admin).send({ name: 42 });
    expectError(en, 400, 'validation_failed', 'name');
    expect(en.body.error.message).toBe('name: must be text');
    const fr = await t.http.post('/api/v1/clients').set(admin).set('Accept-Language', 'fr').send({ name: 42 });
    expect(fr.body.error.message).toBe('name: doit être du texte');
  });

  it('a missing field, an unknown field, several problems at once', async () => {
    expectError(await t.http.post('/api/v1/clients').set(admin).send({}), 400, 'validation_failed', 'name');
    const unknown = await t.http.post('/api/v1/clients').set(admin).send({ name: 'X', colour: 'red' });
    expectError(unknown, 400, 'validation_failed', 'colour');
    const many = await t.http.post('/api/v1/clients').set(admin).send({ name: '', siret: '12', country: 'France' });
    expectError(many, 400, 'validation_failed', 'name');
    expect(many.body.error.details.map((d: { field: string }) => d.field)).toEqual(['name', 'siret', 'country']);
  });

  it('a JSON array, null or string instead of an object', async () => {
    for (const body of ['[]', 'null', '"x"', '12']) {
      const response = await t.http.post('/api/v1/clients').set(admin).set('Content-Type', 'application/json').send(body);
      expect([body, response.status]).toEqual([body, 400]);
    }
  });

  it('a huge body → 413 without reading it all', async () => {
    const huge = JSON.stringify({ name: 'x'.repeat(3 * 1024 * 1024) });
    expectError(await t.http.post('/api/v1/clients').set(admin).set('Content-Type', 'application/json').send(huge), 413, 'payload_too_large');
  });

  it('ids that are not UUIDs → 400; unknown routes → 404; wrong methods → 405', async () => {
    expectError(await t.http.get('/api/v1/plants/12').set(admin), 400, 'validation_failed', 'plantId');
    expectError(await t.http.get('/api/v1/nothing-here').set(admin), 404, 'route_not_found');
    const wrongMethod = await t.http.put('/api/v1/plants').set(admin).send({});
    expect(wrongMethod.status).toBe(405);
  });

  it('query parameters out of range', async () => {
    expectError(await t.http.get('/api/v1/clients?limit=0').set(admin), 400, 'validation_failed', 'limit');
    expectError(await t.http.get('/api/v1/clients?limit=abc').set(admin), 400, 'validation_failed', 'limit');
    expectError(await t.http.get('/api/v1/clients?offset=-1').set(admin), 400, 'validation_failed', 'offset');
  });
});

describe('unexpected errors', () => {
  it('become a 500 that exposes nothing, and are logged', async () => {
    const lines: string[] = [];
    const log = pino({ level: 'error' }, { write: (line: string) => lines.push(line) });
    // A server whose database does not exist: every query fails in an unplanned way.
    const broken = createApp(testConfig(urlFor('calepin_missing_database')), { log });
    try {
      const login = await request(broken.handler).post('/api/v1/auth/login').send({ email: 'a@b.c', password: 'x' });
      expect(login.status).toBe(500);
      expect(login.body).toEqual({ error: { code: 'internal', message: 'an unexpected error occurred; it has been logged', field: null } });
      expect(login.text).not.toMatch(/calepin_missing_database|postgres|stack/i);
      expect(lines.join('')).toMatch(/calepin_missing_database/);
      const health = await request(broken.handler).get('/api/v1/health');
      expect(health.status).toBe(503);
    } finally {
      await broken.close();
    }
  });
});
