import { LoginRequest, ROLES, RefreshRequest, SessionUser, TokenResponse } from '@calepin/core';
import type { Deps } from '../../http/context';
import { ApiError } from '../../http/errors';
import { type RouteSpec, defineRoute } from '../../http/route';
import { sqlFile, transaction } from '../../db';
import { verifyPassword } from '../../access/passwords';
import { type AccountRow, activeUser, mayLogIn, sessionUser } from './session';

const userByEmail = sqlFile(import.meta.url, 'users.sql');

const invalidCredentials = () => new ApiError(401, 'invalid_credentials', { key: 'e.invalid_credentials' });
const invalidRefresh = () => new ApiError(401, 'refresh_invalid', { key: 'e.refresh_invalid' });

async function tokenResponse(deps: Deps, user: SessionUser, generation: number, refreshToken: string): Promise<TokenResponse> {
  return {
    accessToken: await deps.tokens.issueAccess(user, generation),
    tokenType: 'Bearer',
    expiresIn: deps.tokens.accessTtl,
    refreshToken,
    refreshExpiresIn: deps.tokens.refreshTtl,
    user,
  };
}

export const authRoutes: RouteSpec[] = [
  defineRoute({
    method: 'post',
    path: '/auth/login',
    tag: 'auth',
    summary: 'Log in with e-mail and password',
    description:
      'Returns a short-lived access token and a refresh token. Failed attempts are rate-limited per e-mail and address (429 with Retry-After).',
    roles: 'public',
    body: LoginRequest,
    response: TokenResponse,
    errors: [401, 429],
    async handler({ body, ctx, deps }) {
      const email = body.email.toLowerCase();
      const keys = [`login:${email}|${ctx.ip}`, `ip:${ctx.ip}`];
      const wait = deps.loginLimiter.retryAfter(keys);
      if (wait > 0) {
        throw new ApiError(429, 'rate_limited', {
          key: 'e.rate_limited',
          params: { seconds: wait },
          headers: { 'Retry-After': String(wait) },
        });
      }
      const { rows } = await deps.db.query(userByEmail, [email]);
      const row = rows[0] as (AccountRow & { passwordHash: string }) | undefined;
      const ok = await verifyPassword(row?.passwordHash, body.password);
      if (!row || !ok || !mayLogIn(row, deps.config.demo)) {
        deps.loginLimiter.fail(keys);
        throw invalidCredentials();
      }
      deps.loginLimiter.succeed(keys[0] as string);
      await deps.db.query('update users set last_login_at = now() where id = $1', [row.id]);
      const refresh = await deps.tokens.issueRefresh(deps.db, row.id);
      return tokenResponse(deps, sessionUser(row), row.generation, refresh.token);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/auth/refresh',
    tag: 'auth',
    summary: 'Exchange a refresh token for new tokens',
    description: 'Each refresh token works once; reusing one revokes every token rotated from the same login.',
    roles: 'public',
    body: RefreshRequest,
    response: TokenResponse,
    errors: [401],
    async handler({ body, deps }) {
      const result = await transaction(deps.db, async (client) => {
        const rotated = await deps.tokens.rotateRefresh(client, body.refreshToken);
        if (!rotated) return null;
        const account = await activeUser(client, rotated.userId, deps.config.demo);
        return account ? { ...account, token: rotated.token } : null;
      });
      if (!result) throw invalidRefresh();
      return tokenResponse(deps, result.user, result.generation, result.token);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/auth/logout',
    tag: 'auth',
    summary: 'Log out: revoke a refresh token and every token rotated from it, and end the user\'s access tokens at once',
    description:
      'Every access token of the user stops working at once, on every device (their token generation is bumped); ' +
      'other sessions renew theirs with their refresh tokens. Personal access tokens are not affected.',
    roles: 'public',
    body: RefreshRequest,
    status: 204,
    async handler({ body, deps }) {
      const userId = await deps.tokens.revoke(deps.db, body.refreshToken);
      if (userId) await deps.checker.forgetUser(userId);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/auth/me',
    tag: 'auth',
    summary: 'The logged-in user',
    roles: ROLES,
    response: SessionUser,
    async handler({ user }) {
      return user;
    },
  }),
];
