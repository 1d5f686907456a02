// The typed client's types are generated from gis-server's route declarations: this fails
// when a route changed and `npm run api:types` was not run (the diff says where).
import { readFile } from 'node:fs/promises';
import { expect, test } from 'vitest';
import { API_TYPES_FILE, apiTypesSource } from '../../scripts/api-types';

test('map-kit/src/api/openapi.gen.ts is what npm run api:types writes from the routes today', async () => {
  const written = await readFile(API_TYPES_FILE, 'utf8');
  expect(written, 'the API changed: run npm run api:types').toBe(await apiTypesSource());
});
