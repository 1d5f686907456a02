import { errors as joseErrors, jwtVerify } from 'jose';
import { AccessClaims, type SessionUser, TOKEN_AUDIENCE, TOKEN_ISSUER, userOf } from '@calepin/core';

/**
 * Verifies the access tokens gis-server issues (JWT, HS256, the same JWT_SECRET), read
 * with the claims schema both servers share.
 */
export class TokenVerifier {
  private readonly key: Uint8Array;

  constructor(secret: string) {
    this.key = new TextEncoder().encode(secret);
  }

  /** The user a token stands for, or null when it is malformed, forged or expired. */
  async verify(token: string): Promise<SessionUser | null> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        issuer: TOKEN_ISSUER,
        audience: TOKEN_AUDIENCE,
        algorithms: ['HS256'],
      });
      const claims = AccessClaims.safeParse(payload);
      return claims.success ? userOf(claims.data) : null;
    } catch (error) {
      if (error instanceof joseErrors.JOSEError) return null;
      throw error;
    }
  }
}

/** The token of a request: `Authorization: Bearer …`, else `?token=` (for clients that cannot set headers). */
export function tokenOf(authorization: string | undefined, query: URLSearchParams): string | null {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
  return bearer ?? query.get('token') ?? null;
}
