import { randomBytes, randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { type SessionUser, TOKEN_AUDIENCE, TOKEN_ISSUER, claimsOf } from '@calepin/core';
import { hashToken, tokenKey } from '@calepin/core/tokens';
import type { Queryable } from '../../db';

/** How long a rotated refresh token may still be presented by the browser that rotated it. */
export const ROTATION_GRACE_S = 20;

/** Short-lived access tokens (JWT, HS256) and rotating refresh tokens stored hashed. */
export class TokenService {
  private readonly key: Uint8Array;

  constructor(
    secret: string,
    readonly accessTtl: number,
    readonly refreshTtl: number,
  ) {
    this.key = tokenKey(secret);
  }

  /** An access token of the user at its current token generation (a bump revokes it: sql/migrations/035). */
  async issueAccess(user: SessionUser, generation: number): Promise<string> {
    return new SignJWT({ ...claimsOf(user, generation) })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(TOKEN_ISSUER)
      .setAudience(TOKEN_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${this.accessTtl}s`)
      .sign(this.key);
  }

  /**
   * A token for the server's own print browser, which reads tiles as `user` (no account: no
   * generation to check, read-only) for two minutes, the time to draw one map composite.
   */
  async issueService(user: SessionUser): Promise<string> {
    return new SignJWT({ ...claimsOf(user, 0), svc: 'print' })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(TOKEN_ISSUER)
      .setAudience(TOKEN_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime('120s')
      .sign(this.key);
  }

  /** A new refresh token; its family is shared by every token rotated from it. */
  async issueRefresh(db: Queryable, userId: string, familyId: string = randomUUID()): Promise<{ token: string; id: string }> {
    const token = randomBytes(32).toString('base64url');
    const { rows } = await db.query<{ id: string }>(
      `insert into refresh_tokens (user_id, family_id, token_hash, expires_at)
       values ($1, $2, $3, now() + make_interval(secs => $4)) returning id`,
      [userId, familyId, hashToken(token), this.refreshTtl],
    );
    return { token, id: (rows[0] as { id: string }).id };
  }

  /**
   * Exchanges a refresh token for a new one. Presenting a token that was already
   * rotated means it leaked: its whole family is revoked and null returned — except within
   * ROTATION_GRACE_S of its rotation, when it is the same browser that never received the
   * answer (a page left while its refresh was in flight, two tabs renewing at once: the
   * next page presented the old token and was logged out — the CSP e2e, under load). Then
   * it gets a token of the same family; a token revoked by a logout never does.
   */
  async rotateRefresh(db: Queryable, token: string): Promise<{ userId: string; token: string } | null> {
    const { rows } = await db.query<{ id: string; user_id: string; family_id: string; revoked: boolean; expired: boolean; justRotated: boolean }>(
      `select id, user_id, family_id, revoked_at is not null as revoked, expires_at <= now() as expired,
              replaced_by is not null and revoked_at > now() - make_interval(secs => $2) as "justRotated"
         from refresh_tokens where token_hash = $1 for update`,
      [hashToken(token), ROTATION_GRACE_S],
    );
    const row = rows[0];
    if (!row) return null;
    if (row.expired) return null;
    if (row.revoked) {
      if (row.justRotated && !(await this.familyRevoked(db, row.family_id))) {
        return { userId: row.user_id, token: (await this.issueRefresh(db, row.user_id, row.family_id)).token };
      }
      await this.revokeFamily(db, row.family_id);
      return null;
    }
    const next = await this.issueRefresh(db, row.user_id, row.family_id);
    await db.query('update refresh_tokens set revoked_at = now(), replaced_by = $2 where id = $1', [row.id, next.id]);
    return { userId: row.user_id, token: next.token };
  }

  /**
   * Logout: the refresh token's family is revoked, and the user's token generation bumped,
   * which ends every access token of the user at once (on every device: the others renew
   * theirs with their own refresh tokens). Returns the user, or null for an unknown token.
   */
  async revoke(db: Queryable, token: string): Promise<string | null> {
    const { rows } = await db.query<{ family_id: string; user_id: string }>(
      'select family_id, user_id from refresh_tokens where token_hash = $1',
      [hashToken(token)],
    );
    const row = rows[0];
    if (!row) return null;
    await this.revokeFamily(db, row.family_id);
    await db.query('update users set token_generation = token_generation + 1 where id = $1', [row.user_id]);
    return row.user_id;
  }

  /** Whether a logout (or a detected reuse) ended the family: none of its tokens is live. */
  private async familyRevoked(db: Queryable, familyId: string): Promise<boolean> {
    const { rowCount } = await db.query('select 1 from refresh_tokens where family_id = $1 and revoked_at is null', [familyId]);
    return rowCount === 0;
  }

  private async revokeFamily(db: Queryable, familyId: string): Promise<void> {
    await db.query('update refresh_tokens set revoked_at = now() where family_id = $1 and revoked_at is null', [familyId]);
  }
}
