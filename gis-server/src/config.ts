import { parseEnv } from '@calepin/core/env';
import { z } from 'zod';

// Every setting comes from the environment; the README lists them all.
const Env = z.object({
  DATABASE_URL: z.string().min(1, { error: 'DATABASE_URL is required (npm start sets it for the local cluster)' }),
  JWT_SECRET: z.string().min(32, { error: 'JWT_SECRET must have at least 32 characters' }),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default('127.0.0.1'),
  CALEPIN_DEMO: z.enum(['0', '1', 'true', 'false']).default('0'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ACCESS_TOKEN_TTL: z.coerce.number().int().min(30).max(86_400).default(900),
  REFRESH_TOKEN_TTL: z.coerce.number().int().min(300).max(90 * 86_400).default(30 * 86_400),
  LOGIN_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(10_000).default(10),
  LOGIN_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(900),
  BODY_LIMIT: z.string().regex(/^\d+(kb|mb)$/i).default('2mb'),
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  TILE_SERVER_URL: z.url().default('http://127.0.0.1:3000'),
});

export interface Config {
  databaseUrl: string;
  jwtSecret: string;
  port: number;
  host: string;
  demo: boolean;
  logLevel: z.infer<typeof Env>['LOG_LEVEL'];
  accessTokenTtl: number;
  refreshTokenTtl: number;
  loginMaxAttempts: number;
  loginWindowSeconds: number;
  bodyLimit: string;
  dbPoolSize: number;
  /** Where gis-server finds the tile-server it proxies under /tiles. */
  tileServerUrl: string;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const e = parseEnv(Env, env);
  return {
    databaseUrl: e.DATABASE_URL,
    jwtSecret: e.JWT_SECRET,
    port: e.PORT,
    host: e.HOST,
    demo: e.CALEPIN_DEMO === '1' || e.CALEPIN_DEMO === 'true',
    logLevel: e.LOG_LEVEL,
    accessTokenTtl: e.ACCESS_TOKEN_TTL,
    refreshTokenTtl: e.REFRESH_TOKEN_TTL,
    loginMaxAttempts: e.LOGIN_MAX_ATTEMPTS,
    loginWindowSeconds: e.LOGIN_WINDOW_SECONDS,
    bodyLimit: e.BODY_LIMIT,
    dbPoolSize: e.DB_POOL_SIZE,
    tileServerUrl: e.TILE_SERVER_URL,
  };
}
