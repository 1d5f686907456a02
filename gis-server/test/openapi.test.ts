import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRoutes } from '@calepin/gis-server';
import { type TestApp, testApp } from '../../test-support/app';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

describe('GET /api/v1/openapi.json', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const response = await t.http.get('/api/v1/openapi.json');
    expect(response.status).toBe(200);
    const validator = new Validator();
    const result = await validator.validate(response.body);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('describes every route with its roles, inputs, response and errors', async () => {
    const { body } = await t.http.get('/api/v1/openapi.json');
    for (const route of apiRoutes) {
      const operation = body.paths[route.path]?.[route.method];
      expect(operation, `${route.method} ${route.path}`).toBeDefined();
      expect(operation.description).toMatch(/Roles: /);
      if (route.roles !== 'public') expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['401', '403']));
      if (route.body) expect(operation.requestBody.content['application/json'].schema).toBeDefined();
    }
    expect(Object.keys(body.components.schemas)).toEqual(
      expect.arrayContaining(['Plant', 'PlantCreate', 'Client', 'ModuleModel', 'Error', 'ModuleCollection', 'TokenResponse']),
    );
  });

  it('documents the validation the server applies (generated from the same schemas)', async () => {
    const { body } = await t.http.get('/api/v1/openapi.json');
    const client = body.components.schemas.ClientCreate;
    expect(client.required).toEqual(['name']);
    expect(client.additionalProperties).toBe(false);
    expect(client.properties.siret.anyOf?.[0]?.pattern ?? client.properties.siret.pattern).toBe('^\\d{14}$');
  });
});
