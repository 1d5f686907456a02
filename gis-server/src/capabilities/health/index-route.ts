import { type RouteSpec, defineRoute } from '../../http/route';

/** GET /api/v1: where things are, for a person or a client discovering the API. */
export const indexRoutes: RouteSpec[] = [
  defineRoute({
    method: 'get',
    path: '/',
    tag: 'meta',
    summary: 'Links to the parts of this API',
    roles: 'public',
    async handler() {
      return {
        name: 'Calepin API',
        links: [
          { rel: 'service-desc', href: '/api/v1/openapi.json', type: 'application/vnd.oai.openapi+json;version=3.1' },
          { rel: 'status', href: '/api/v1/health', type: 'application/json' },
          { rel: 'login', href: '/api/v1/auth/login', type: 'application/json' },
        ],
      };
    },
  }),
];
