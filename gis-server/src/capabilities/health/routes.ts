import { z } from 'zod';
import { ApiError } from '../../http/errors';
import { type RouteSpec, defineRoute } from '../../http/route';

const Health = z
  .object({
    status: z.literal('ok'),
    version: z.string(),
    database: z.string().describe('PostgreSQL version'),
    postgis: z.string().describe('PostGIS version'),
    demo: z.boolean().describe('Demo mode: demo users can log in'),
  })
  .meta({ id: 'Health' });

const version = process.env.npm_package_version ?? '0.1.0';

export const healthRoutes: RouteSpec[] = [
  defineRoute({
    method: 'get',
    path: '/health',
    tag: 'health',
    summary: 'Is the server up, and its database?',
    roles: 'public',
    response: Health,
    errors: [503],
    async handler({ deps }) {
      try {
        const { rows } = await deps.db.query<{ database: string; postgis: string }>(
          `select current_setting('server_version') as database, postgis_lib_version() as postgis`,
        );
        const row = rows[0] as { database: string; postgis: string };
        return { status: 'ok', version, database: row.database, postgis: row.postgis, demo: deps.config.demo };
      } catch (error) {
        deps.log.error({ err: error }, 'health check: database unreachable');
        throw new ApiError(503, 'unavailable', { key: 'e.unavailable' });
      }
    },
  }),
];
