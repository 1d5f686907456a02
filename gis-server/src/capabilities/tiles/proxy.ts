import { type IncomingMessage, request } from 'node:http';
import type Koa from 'koa';
import type { Logger } from 'pino';
import type { AppState } from '../../http/context';
import { ApiError } from '../../http/errors';

const PREFIX = '/tiles';
const FORWARDED_REQUEST = ['authorization', 'accept-encoding', 'if-none-match', 'accept-language'];
const FORWARDED_RESPONSE = [
  'content-type', 'content-encoding', 'content-length', 'etag', 'cache-control', 'vary', 'www-authenticate', 'x-tile-cache',
  'x-accel-buffering', 'retry-after',
];

/**
 * Same-origin access to the tile-server: /tiles/{source}/{z}/{x}/{y} here is
 * /{source}/{z}/{x}/{y} there, bytes untouched (gzip, ETag and 304 pass through). The
 * web app needs no second origin; QGIS and other clients may use either address.
 */
export function tileProxy(tileServerUrl: string, log: Logger): Koa.Middleware<AppState> {
  const upstream = new URL(tileServerUrl);
  return async (ctx, next) => {
    if (ctx.path !== PREFIX && !ctx.path.startsWith(`${PREFIX}/`)) return next();
    if (!['GET', 'HEAD', 'OPTIONS'].includes(ctx.method)) {
      throw new ApiError(405, 'method_not_allowed', { key: 'e.method_not_allowed', params: { method: ctx.method } });
    }
    const headers: Record<string, string> = {
      'x-forwarded-host': ctx.host,
      'x-forwarded-proto': ctx.protocol,
      'x-forwarded-prefix': PREFIX,
    };
    for (const name of FORWARDED_REQUEST) {
      const value = ctx.get(name);
      if (value) headers[name] = value;
    }
    const path = ctx.url.slice(PREFIX.length) || '/';
    const response = await new Promise<IncomingMessage>((resolve, reject) => {
      const req = request(
        { protocol: upstream.protocol, hostname: upstream.hostname, port: upstream.port, method: ctx.method, path, headers },
        resolve,
      );
      req.setTimeout(30_000, () => req.destroy(new Error('tile-server did not answer in 30 s')));
      req.on('error', reject);
      req.end();
    }).catch((error: unknown) => {
      log.warn({ err: error, url: ctx.url }, 'tile-server unreachable');
      throw new ApiError(502, 'tiles_unavailable', { key: 'e.tiles_unavailable' });
    });
    ctx.status = response.statusCode ?? 502;
    for (const name of FORWARDED_RESPONSE) {
      const value = response.headers[name];
      if (value !== undefined) ctx.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    ctx.respond = false;
    ctx.res.writeHead(ctx.status, ctx.response.headers as Record<string, string>);
    // A long answer (the /tiles/events stream) ends upstream as soon as the browser goes.
    ctx.res.once('close', () => response.destroy());
    response.pipe(ctx.res);
  };
}
