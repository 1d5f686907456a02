import { resolve } from 'node:path';
import { parseEnv } from '@calepin/core/env';
import { z } from 'zod';

// Every setting comes from the environment; the README lists them all.
const Env = z.object({
  DATABASE_URL: z.string().min(1, { error: 'DATABASE_URL is required (npm start sets it for the local cluster)' }),
  JWT_SECRET: z.string().min(32, { error: 'JWT_SECRET must have at least 32 characters (the same as gis-server)' }),
  TILE_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  TILE_HOST: z.string().default('127.0.0.1'),
  TILE_PUBLIC_URL: z.url().optional(),
  TILE_CACHE_MB: z.coerce.number().min(0).max(65_536).default(256),
  TILE_DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(8),
  TILE_EVENTS_MAX: z.coerce.number().int().min(0).max(1_000_000).default(1000),
  TILE_EVENTS_HEARTBEAT_S: z.coerce.number().min(1).max(3600).default(15),
  CALEPIN_DATA_DIR: z.string().min(1).default('.data'),
  CALEPIN_FILES_DIR: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface TileConfig {
  databaseUrl: string;
  jwtSecret: string;
  port: number;
  host: string;
  /** The address clients reach this server at, for TileJSON `tiles` URLs; by default the request's own. */
  publicUrl: string | null;
  /** Upper bound of the in-memory tile cache, in bytes (0: no cache). */
  cacheBytes: number;
  dbPoolSize: number;
  logLevel: z.infer<typeof Env>['LOG_LEVEL'];
  /** Most open `GET /events` streams in this process (more get 503; 0 refuses them all). */
  eventsMax?: number;
  /** Seconds between the comment lines that keep an idle events stream open through proxies. */
  eventsHeartbeatSeconds?: number;
  /** gis-server's file store, where warped plans are (source `plans`); .data/files by default. */
  filesDir?: string;
}

export function loadTileConfig(env: NodeJS.ProcessEnv = process.env): TileConfig {
  const e = parseEnv(Env, env);
  return {
    databaseUrl: e.DATABASE_URL,
    jwtSecret: e.JWT_SECRET,
    port: e.TILE_PORT,
    host: e.TILE_HOST,
    publicUrl: e.TILE_PUBLIC_URL?.replace(/\/+$/, '') ?? null,
    cacheBytes: Math.round(e.TILE_CACHE_MB * 2 ** 20),
    dbPoolSize: e.TILE_DB_POOL_SIZE,
    logLevel: e.LOG_LEVEL,
    eventsMax: e.TILE_EVENTS_MAX,
    eventsHeartbeatSeconds: e.TILE_EVENTS_HEARTBEAT_S,
    filesDir: resolve(e.CALEPIN_FILES_DIR ?? `${e.CALEPIN_DATA_DIR}/files`),
  };
}
