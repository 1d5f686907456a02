import { bodyParser } from '@koa/bodyparser';
import Router from '@koa/router';
import Koa from 'koa';
import pino, { type Logger } from 'pino';
import { type Config, DEFAULT_FIELD_DIR } from './config';
import { type Db, createPool } from './db';
import type { AppState, Deps } from './http/context';
import { errors, locale, requestLog } from './http/middleware';
import { mountRoutes } from './http/route';
import { BasicAuth } from './capabilities/auth/basic';
import { LoginLimiter } from './capabilities/auth/rate-limit';
import { authenticate } from './capabilities/auth/middleware';
import { TokenService } from './capabilities/auth/tokens';
import { serveWeb } from './capabilities/web/static';
import { serveField } from './capabilities/web/field';
import { tileProxy } from './capabilities/tiles/proxy';
import { ogcRouter } from './capabilities/ogc';
import { apiRoutes } from './routes';
import { createJobs } from './jobs';

export interface App {
  koa: Koa<AppState>;
  deps: Deps;
  close(): Promise<void>;
}

/** Builds the gis-server application; the caller decides where it listens. */
export function createApp(config: Config, options: { db?: Db; log?: Logger } = {}): App {
  const log = options.log ?? pino({ level: config.logLevel, redact: ['req.headers.authorization'] });
  const db = options.db ?? createPool(config.databaseUrl, config.dbPoolSize);
  // A dropped idle connection must not crash the server: the pool replaces it.
  db.on('error', (error) => log.warn({ err: error }, 'idle database connection lost'));
  const loginLimiter = new LoginLimiter(config.loginMaxAttempts, config.loginWindowSeconds * 1000);
  const base = {
    db,
    config,
    log,
    tokens: new TokenService(config.jwtSecret, config.accessTokenTtl, config.refreshTokenTtl),
    loginLimiter,
    basicAuth: new BasicAuth(db, loginLimiter, config.demo),
  };
  const deps: Deps = { ...base, jobs: createJobs(base) };

  const api = new Router<AppState>({ prefix: '/api/v1' });
  mountRoutes(api, apiRoutes, deps);

  const ogc = ogcRouter(deps);

  const koa = new Koa<AppState>({ proxy: process.env.TRUST_PROXY === '1' });
  koa.silent = true;
  koa
    .use(locale())
    .use(requestLog(log))
    .use(errors(log, config.uploadLimitBytes))
    .use(tileProxy(config.tileServerUrl, log))
    .use(authenticate(deps.tokens))
    .use(bodyParser({ enableTypes: ['json'], jsonLimit: config.bodyLimit, encoding: 'utf-8' }))
    .use(api.routes())
    .use(api.allowedMethods())
    .use(ogc.routes())
    .use(ogc.allowedMethods())
    // The field app at /field/ (field/dist), then the web app at / (web/dist): after the API
    // and OGC so that neither ever shadows a server path.
    .use(serveField(config.fieldDir ?? DEFAULT_FIELD_DIR))
    .use(serveWeb(config.webDir));

  return {
    koa,
    deps,
    async close() {
      await deps.jobs.stop();
      if (!options.db) await db.end();
    },
  };
}
