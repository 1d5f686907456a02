import { type RequestListener, type Server, createServer } from 'node:http';
import compose from 'koa-compose';
import { bodyParser } from '@koa/bodyparser';
import Router from '@koa/router';
import Koa from 'koa';
import pino, { type Logger } from 'pino';
import { type Config, DEFAULT_FIELD_DIR } from './config';
import { type Db, createPool } from './db';
import type { AppState, Deps } from './http/context';
import { errors, locale, requestLog } from './http/middleware';
import { securityHeaders } from './http/security-headers';
import { mountRoutes } from './http/route';
import { BasicAuth } from './capabilities/auth/basic';
import { LoginLimiter } from './capabilities/auth/rate-limit';
import { authenticate } from './capabilities/auth/middleware';
import { TokenService } from './capabilities/auth/tokens';
import { RevocationListener } from './capabilities/auth/revocations';
import { TokenChecker } from '@calepin/core/tokens';
import { serveWeb } from './capabilities/web/static';
import { serveField } from './capabilities/web/field';
import { serveGlyphs } from './capabilities/web/glyphs/serve';
import { tileProxy } from './capabilities/tiles/proxy';
import { ogcService } from './capabilities/ogc';
import type { Replays } from './capabilities/ogc/replay';
import { apiRoutes } from './routes';
import { createJobs } from './jobs';
import { fieldUploads } from './capabilities/files/uploads';
import { Mailer } from './mail/mailer';
import { PrintBrowser } from './print/browser';
import { Pusher } from './capabilities/notifications/push';

export interface App {
  koa: Koa<AppState>;
  /** The server's request listener: answers /ogc gives again whole (replay.ts), then Koa. */
  handler: RequestListener;
  /** What `handler` answers before Koa (its `served` count: tests, metrics). */
  replays: Replays;
  /** A server on `handler`, listening. */
  listen(port: number, host: string, listening?: () => void): Server;
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
  const checker = new TokenChecker(config.jwtSecret, (sql, params) => db.query(sql, params), {
    // When a personal token is read from the database: at most once per instance and cache life.
    onPersonalToken: (id) =>
      void db.query('update personal_tokens set last_used_at = now() where id = $1', [id]).catch((error: unknown) =>
        log.warn({ err: error }, 'last use of a personal token not recorded')),
  });
  const revocations = new RevocationListener(config.databaseUrl, checker, log);
  revocations.start();
  const base = {
    db,
    config,
    log,
    tokens: new TokenService(config.jwtSecret, config.accessTokenTtl, config.refreshTokenTtl),
    checker,
    loginLimiter,
    basicAuth: new BasicAuth(db, checker, loginLimiter, config.demo),
    print: new PrintBrowser({ executablePath: config.chromiumPath, maxPages: config.printMaxPages }, log),
    mailer: new Mailer(config.smtpUrl, config.mailFrom),
    pusher: config.push ? new Pusher(db, config.databaseUrl, config.push, log) : null,
  };
  base.pusher?.start();
  // The same object, so that the job handlers (given `base`) see the queue too: an order job queues mails.
  const deps: Deps = Object.assign(base, { jobs: createJobs(base) });

  const api = new Router<AppState>({ prefix: '/api/v1' });
  mountRoutes(api, apiRoutes, deps);

  const ogc = ogcService(deps);

  const koa = new Koa<AppState>({ proxy: config.trustProxy ?? false });
  koa.silent = true;
  const language = locale();
  const logged = requestLog(log);
  const headers = securityHeaders(config.basemaps.map((b) => b.url));
  const errorPath = errors(log, config.uploadLimitBytes);
  const credential = authenticate(checker);
  // /ogc has a stack of its own, the same first middlewares and then the OGC routes only:
  // QGIS and GDAL ask GetCapabilities at every connection, and the upload and JSON-body
  // middlewares and the API's routes were a third of that answer (0.2 of 0.65 ms). The OGC
  // service reads its own bodies (WFS XML); an unknown /ogc path is the usual 404. First,
  // `replays.record` keeps the answers `handler` gives again before Koa (GetCapabilities).
  const ogcRoutes: Koa.Middleware<AppState>[] = [ogc.router.routes() as Koa.Middleware<AppState>, ogc.router.allowedMethods() as Koa.Middleware<AppState>];
  const ogcStack = compose([ogc.replays.record, language, logged, headers, errorPath, credential, ...ogcRoutes]);
  const end = () => Promise.resolve();
  koa
    .use((ctx, next) => (ctx.path === '/ogc' || ctx.path.startsWith('/ogc/') ? ogcStack(ctx, end) : next()))
    .use(language)
    .use(logged)
    .use(headers)
    .use(errorPath)
    .use(tileProxy(config.tileServerUrl, log))
    .use(credential)
    // tus uploads of field photos and voice notes: raw bodies, before the JSON parser.
    .use(fieldUploads(deps))
    .use(bodyParser({ enableTypes: ['json'], jsonLimit: config.bodyLimit, encoding: 'utf-8' }))
    .use(api.routes())
    .use(api.allowedMethods())
    // The field app at /field/ (field/dist), then the web app at / (web/dist): after the API
    // so that neither ever shadows a server path.
    .use(serveGlyphs())
    .use(serveField(config.fieldDir ?? DEFAULT_FIELD_DIR))
    .use(serveWeb(config.webDir));

  const koaHandler = koa.callback();
  const handler: RequestListener = (req, res) => {
    const replayed = ogc.replays.answer(req, res);
    if (replayed === false) void koaHandler(req, res);
    else if (replayed !== true)
      void replayed.then((done) => {
        if (!done) void koaHandler(req, res);
      });
  };

  return {
    koa,
    handler,
    replays: ogc.replays,
    listen: (port, host, listening) => createServer(handler).listen(port, host, listening),
    deps,
    async close() {
      await deps.jobs.stop();
      await deps.pusher?.stop();
      await revocations.stop();
      await ogc.close();
      await deps.print.close();
      deps.mailer.close();
      if (!options.db) await db.end();
    },
  };
}
