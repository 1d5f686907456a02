import type { SessionUser } from '@calepin/core';
import { tokenKey, verifyAccessToken } from '@calepin/core/tokens';
import { decodeJwt } from 'jose';

/** How many verified tokens are remembered (a map session sends the same one for every tile). */
const REMEMBERED = 2048;

/**
 * Verifies the access tokens gis-server issues (JWT, HS256, the same JWT_SECRET). A token
 * that verified is remembered until it expires: checking its signature and claims took
 * 150–250 µs, most of a cached tile's time. Tokens are stateless (gis-server cannot
 * revoke one before its expiry either), so remembering changes nothing of who sees what.
 */
export class TokenVerifier {
  private readonly key: Uint8Array;
  private readonly verified = new Map<string, { user: SessionUser; expiresAt: number }>();

  constructor(secret: string) {
    this.key = tokenKey(secret);
  }

  async verify(token: string): Promise<SessionUser | null> {
    const known = this.verified.get(token);
    if (known) {
      if (Date.now() < known.expiresAt) return known.user;
      this.verified.delete(token);
    }
    const user = await verifyAccessToken(this.key, token);
    if (!user) return null;
    const exp = decodeJwt(token).exp;
    if (typeof exp === 'number') {
      if (this.verified.size >= REMEMBERED) this.verified.delete(this.verified.keys().next().value as string);
      this.verified.set(token, { user, expiresAt: exp * 1000 });
    }
    return user;
  }
}

/** The token of a request: `Authorization: Bearer …`, else `?token=` (for clients that cannot set headers). */
export function tokenOf(authorization: string | undefined, query: URLSearchParams): string | null {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
  return bearer ?? query.get('token') ?? null;
}
