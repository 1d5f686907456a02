import type Koa from 'koa';
import type { AppState, Deps } from '../../http/context';
import { ApiError } from '../../http/errors';

const CHALLENGE = 'Basic realm="Calepin", charset="UTF-8"';

/**
 * Authentication the way QGIS and GDAL send it: a Bearer token (already read by the app's
 * middleware) or HTTP Basic with e-mail and password. Anonymous callers get 401 with a
 * Basic challenge, which makes QGIS ask for credentials.
 */
export function ogcAuth(deps: Deps): Koa.Middleware<AppState> {
  return async (ctx, next) => {
    if (!ctx.state.user) {
      const basic = /^Basic\s+(\S+)$/i.exec(ctx.get('authorization'));
      if (basic?.[1]) {
        ctx.state.user = await deps.basicAuth.user(basic[1], ctx.ip);
      } else {
        throw new ApiError(401, 'unauthorized', { key: 'e.ogc_unauthorized', headers: { 'WWW-Authenticate': CHALLENGE } });
      }
    }
    await next();
  };
}

/** A request body as text, at most `limit` bytes (WFS transactions and XML requests). */
export async function readText(ctx: Koa.Context, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      throw new ApiError(413, 'payload_too_large', { key: 'e.payload_too_large', params: { limit: `${Math.round(limit / 1024)} KiB` } });
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
