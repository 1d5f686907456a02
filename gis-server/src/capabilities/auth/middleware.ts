import type Koa from 'koa';
import type { AppState } from '../../http/context';
import { ApiError } from '../../http/errors';
import type { TokenService } from './tokens';

/**
 * Reads `Authorization: Bearer <token>`. No header: anonymous (routes decide). A header
 * with a bad or expired token: 401 at once, so that clients know to refresh. Under /ogc,
 * `Basic` credentials are left to the OGC module (QGIS and GDAL send them); elsewhere
 * they are an invalid token like any other.
 */
export function authenticate(tokens: TokenService): Koa.Middleware<AppState> {
  return async (ctx, next) => {
    const header = ctx.get('authorization');
    if (header && !(ctx.path.startsWith('/ogc/') && /^Basic\s/i.test(header))) {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      const user = match?.[1] ? await tokens.verifyAccess(match[1]) : null;
      if (!user) {
        throw new ApiError(401, 'token_invalid', {
          key: 'e.token_invalid',
          headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' },
        });
      }
      ctx.state.user = user;
    }
    await next();
  };
}
