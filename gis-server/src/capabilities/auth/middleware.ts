import type Koa from 'koa';
import type { TokenChecker } from '@calepin/core/tokens';
import type { AppState } from '../../http/context';
import { presentedToken } from '../../http/credentials';
import { ApiError } from '../../http/errors';

/** Methods that only read: all a personal access token may do. */
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

// A Basic challenge makes QGIS ask for credentials again.
const invalidToken = (basic = false) =>
  new ApiError(401, 'token_invalid', {
    key: 'e.token_invalid',
    headers: { 'WWW-Authenticate': basic ? 'Basic realm="Calepin", charset="UTF-8"' : 'Bearer error="invalid_token"' },
  });

/**
 * Reads the request's credential (presentedToken) and checks it: signature, expiry and
 * revocation (core/src/tokens.ts). No credential: anonymous (routes decide). A bad,
 * expired or revoked token: 401 at once, so that clients know to refresh. Under /ogc,
 * Basic with e-mail and password is left to the OGC module (QGIS and GDAL send it);
 * elsewhere it is refused like any bad token. A personal access token only reads: any
 * other method is 403, except WFS POSTs, whose transactions the WFS refuses itself (its
 * reads may come as POST too).
 */
export function authenticate(checker: TokenChecker): Koa.Middleware<AppState> {
  return async (ctx, next) => {
    const authorization = ctx.get('authorization');
    const presented = presentedToken(authorization, ctx.query);
    if ('token' in ctx.query) {
      // Routes validate their query strictly: the credential is not one of their parameters.
      const { token: _token, ...rest } = ctx.query;
      ctx.query = rest;
    }
    if (presented) {
      const credential = await checker.check(presented.token);
      if (!credential) throw invalidToken(presented.basic);
      ctx.state.credential = credential;
      // A share link is nobody: only the routes that declare `share` read it, for its one
      // plant (http/route.ts); everything else sees an anonymous caller.
      if (credential.kind !== 'share') ctx.state.user = credential.user;
      if (credential.readOnly && !SAFE.has(ctx.method) && !(ctx.method === 'POST' && ctx.path === '/ogc/wfs')) {
        throw new ApiError(403, 'token_read_only', { key: 'e.token_read_only' });
      }
    } else if (authorization && !(ctx.path.startsWith('/ogc/') && /^Basic\s/i.test(authorization))) {
      throw invalidToken();
    }
    await next();
  };
}
