import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { ErrorBody } from '@calepin/core';
import type { RouteSpec } from '../../http/route';

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'Bad request: the field and the reason are in the error body',
  401: 'Not authenticated, or the access token is invalid or expired',
  403: 'Authenticated, but this role may not do this',
  404: 'Not found, or not visible to the caller (another company’s plant)',
  409: 'Conflict with existing data (duplicate, or still in use)',
  413: 'Request body too large',
  415: 'Request body is not JSON',
  429: 'Too many attempts; see Retry-After',
  503: 'Database unreachable',
};

const PLANT_NOTE = 'A client user reaches only the plants of its own company: 404 for any other, as for one that does not exist.';

const BINARY = z.string().meta({ format: 'binary', description: 'The bytes of the file' });

/** Statuses a route can answer besides success, from what it declares. */
function errorStatuses(route: RouteSpec): number[] {
  const statuses = new Set<number>(route.errors ?? []);
  if (route.params || route.query || route.body) statuses.add(400);
  if (route.roles !== 'public') {
    statuses.add(401);
    statuses.add(403);
  }
  if (route.params) statuses.add(404);
  if (route.body) {
    statuses.add(413);
    statuses.add(415);
  }
  if (route.upload) statuses.add(413);
  return [...statuses].sort();
}

/** The OpenAPI 3.1 document, generated from the same declarations the router validates with. */
export function openApiDocument(routes: RouteSpec[], serverUrl = '/api/v1'): object {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  for (const route of routes) {
    const status = route.status ?? 200;
    const responses: Record<string, { description: string; content?: Record<string, { schema: z.ZodType }> }> = {
      [status]: route.response
        ? { description: 'Success', content: { 'application/json': { schema: route.response } } }
        : route.produces
          ? { description: 'The file', content: { [route.produces]: { schema: BINARY } } }
          : { description: 'Success, no content' },
    };
    for (const code of errorStatuses(route)) {
      responses[code] = {
        description: ERROR_DESCRIPTIONS[code] ?? 'Error',
        content: { 'application/json': { schema: ErrorBody } },
      };
    }
    const roles = route.roles === 'public' ? 'public' : route.roles.join(', ');
    registry.registerPath({
      method: route.method,
      path: route.path,
      summary: route.summary,
      description: [route.description, `Roles: ${roles}.`, route.plant && PLANT_NOTE].filter(Boolean).join('\n\n'),
      tags: [route.tag],
      security: route.roles === 'public' ? [] : [{ bearer: [] }],
      request: {
        params: route.params as z.ZodObject | undefined,
        query: route.query as z.ZodObject | undefined,
        body: route.body
          ? { required: true, content: { 'application/json': { schema: route.body } } }
          : route.upload?.form
            ? { required: true, description: route.upload.description, content: { 'multipart/form-data': { schema: formSchema(route.upload.form) } } }
          : route.upload
            ? { required: true, description: route.upload.description, content: { 'application/octet-stream': { schema: BINARY } } }
            : undefined,
      },
      responses,
    });
  }
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Calepin API',
      version: '1',
      description:
        'REST API of Calepin, the GIS platform for PV plant diagnostics. Geometries are GeoJSON in EPSG:4326. ' +
        'Every error has the shape {"error":{"code","message","field"}}; messages follow Accept-Language (fr, en).',
    },
    servers: [{ url: serverUrl }],
  });
}

/** The schema of a multipart/form-data body: file parts are binary strings, the others text. */
function formSchema(form: NonNullable<NonNullable<RouteSpec['upload']>['form']>) {
  const properties = Object.fromEntries(
    Object.entries(form.parts).map(([name, part]) => [
      name,
      part.file ? { type: 'string' as const, contentMediaType: 'application/octet-stream', description: part.description } : { type: 'string' as const, description: part.description },
    ]),
  );
  return { type: 'object' as const, properties, required: form.required };
}
