import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import {
  MAX_PERSONAL_TOKENS, type PersonalToken, PersonalTokenCreate, PersonalTokenCreated, PersonalTokens, ROLES, Uuid,
} from '@calepin/core';
import { PERSONAL_TOKEN_PREFIX, hashToken } from '@calepin/core/tokens';
import { type Queryable, transaction } from '../../db';
import { ApiError, notFound } from '../../http/errors';
import { type RouteSpec, defineRoute } from '../../http/route';

const Params = z.object({ tokenId: Uuid });

const COLUMNS = `id, name, prefix, scope, created_at as "createdAt", expires_at as "expiresAt", last_used_at as "lastUsedAt"`;

type Row = Omit<PersonalToken, 'createdAt' | 'expiresAt' | 'lastUsedAt'> & { createdAt: Date; expiresAt: Date | null; lastUsedAt: Date | null };
const toToken = (row: Row): PersonalToken => ({
  ...row,
  createdAt: row.createdAt.toISOString(),
  expiresAt: row.expiresAt?.toISOString() ?? null,
  lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
});

async function liveTokens(db: Queryable, userId: string): Promise<PersonalToken[]> {
  const { rows } = await db.query<Row>(
    `select ${COLUMNS} from personal_tokens
      where user_id = $1 and revoked_at is null and (expires_at is null or expires_at > now())
      order by created_at desc, id`,
    [userId],
  );
  return rows.map(toToken);
}

/**
 * Personal access tokens: long-lived, named, revocable, read-only credentials for QGIS and
 * GDAL (WFS, OGC API, XYZ tile layers), which cannot renew a 15-minute access token. Each
 * user manages its own; they are sent as `Authorization: Bearer`, as the password of HTTP
 * Basic, or as `?token=`. A personal token cannot create another (it only reads).
 */
export const personalTokenRoutes: RouteSpec[] = [
  defineRoute({
    method: 'get',
    path: '/auth/tokens',
    tag: 'auth',
    summary: 'Your personal access tokens that still work (never the tokens themselves)',
    roles: ROLES,
    response: PersonalTokens,
    async handler({ user, deps }) {
      return { items: await liveTokens(deps.db, user.id) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/auth/tokens',
    tag: 'auth',
    summary: 'Create a personal access token (read-only); the answer is the only time it is shown',
    description:
      'For QGIS and GDAL: send it as `Authorization: Bearer <token>`, as the password of HTTP Basic (user name: your e-mail), ' +
      'or as `?token=` (XYZ tile layers). It reads what you may read, on the API, /ogc and /tiles; it never writes.',
    roles: ROLES,
    body: PersonalTokenCreate,
    status: 201,
    response: PersonalTokenCreated,
    errors: [409],
    async handler({ body, user, deps }) {
      const token = `${PERSONAL_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
      const row = await transaction(deps.db, async (tx) => {
        // One at a time per user, so that the limit holds under concurrent requests.
        await tx.query('select 1 from users where id = $1 for update', [user.id]);
        if ((await liveTokens(tx, user.id)).length >= MAX_PERSONAL_TOKENS) {
          throw new ApiError(409, 'personal_token_limit', { key: 'e.personal_token_limit', params: { max: MAX_PERSONAL_TOKENS } });
        }
        const { rows } = await tx.query<Row>(
          `insert into personal_tokens (user_id, name, prefix, token_hash, expires_at)
           values ($1, $2, $3, $4, case when $5::int is null then null else now() + make_interval(days => $5::int) end)
           returning ${COLUMNS}`,
          [user.id, body.name, token.slice(0, PERSONAL_TOKEN_PREFIX.length + 6), hashToken(token), body.expiresInDays],
        );
        return rows[0] as Row;
      });
      return { ...toToken(row), token };
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/auth/tokens/{tokenId}',
    tag: 'auth',
    summary: 'Revoke one of your personal access tokens; it stops working at once',
    roles: ROLES,
    params: Params,
    status: 204,
    async handler({ params, user, deps }) {
      const { rowCount } = await deps.db.query(
        'update personal_tokens set revoked_at = now() where id = $1 and user_id = $2 and revoked_at is null',
        [params.tokenId, user.id],
      );
      if (!rowCount) throw notFound();
      await deps.checker.forgetUser(user.id);
    },
  }),
];
