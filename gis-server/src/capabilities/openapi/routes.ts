import { type RouteSpec, defineRoute } from '../../http/route';
import { openApiDocument } from './document';

/** GET /openapi.json describes every route, itself included. */
export function openApiRoutes(all: () => RouteSpec[]): RouteSpec[] {
  let cached: object | undefined;
  return [
    defineRoute({
      method: 'get',
      path: '/openapi.json',
      tag: 'meta',
      summary: 'This API as an OpenAPI 3.1 document',
      roles: 'public',
      async handler() {
        cached ??= openApiDocument(all());
        return cached;
      },
    }),
  ];
}
