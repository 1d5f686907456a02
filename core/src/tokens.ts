// Reading Calepin access tokens, for every server that accepts them (gis-server,
// tile-server). A separate entry point (@calepin/core/tokens) so that the browser apps,
// which import core for types and schemas, do not bundle jose.
import { errors as joseErrors, jwtVerify } from 'jose';
import { AccessClaims, TOKEN_AUDIENCE, TOKEN_ISSUER, userOf } from './schemas/claims';
import type { SessionUser } from './schemas/user';

/** The key of JWT_SECRET, as jose wants it. */
export const tokenKey = (secret: string): Uint8Array => new TextEncoder().encode(secret);

/** The user an access token stands for, or null when it is malformed, forged or expired. */
export async function verifyAccessToken(key: Uint8Array, token: string): Promise<SessionUser | null> {
  try {
    const { payload } = await jwtVerify(token, key, { issuer: TOKEN_ISSUER, audience: TOKEN_AUDIENCE, algorithms: ['HS256'] });
    const claims = AccessClaims.safeParse(payload);
    return claims.success ? userOf(claims.data) : null;
  } catch (error) {
    if (error instanceof joseErrors.JOSEError) return null;
    throw error;
  }
}
