import type { SessionUser } from '@calepin/core';
import { tokenKey, verifyAccessToken } from '@calepin/core/tokens';

/** Verifies the access tokens gis-server issues (JWT, HS256, the same JWT_SECRET). */
export class TokenVerifier {
  private readonly key: Uint8Array;

  constructor(secret: string) {
    this.key = tokenKey(secret);
  }

  verify(token: string): Promise<SessionUser | null> {
    return verifyAccessToken(this.key, token);
  }
}

/** The token of a request: `Authorization: Bearer …`, else `?token=` (for clients that cannot set headers). */
export function tokenOf(authorization: string | undefined, query: URLSearchParams): string | null {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
  return bearer ?? query.get('token') ?? null;
}
