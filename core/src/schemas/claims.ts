import { z } from 'zod';
import { LOCALES, ROLES } from '../vocabulary';
import type { SessionUser } from './user';

/**
 * The claims of a Calepin access token (a JWT signed with HS256 and JWT_SECRET). Every
 * server that accepts the tokens (gis-server, tile-server) reads them with this schema.
 */
export const TOKEN_ISSUER = 'calepin';
export const TOKEN_AUDIENCE = 'calepin';

export const AccessClaims = z.object({
  sub: z.uuid(),
  role: z.enum(ROLES),
  cid: z.uuid().nullable(),
  email: z.string(),
  name: z.string(),
  locale: z.enum(LOCALES),
  /** The user's token generation when the token was issued (sql/migrations/035): a bump revokes it. */
  gen: z.number().int().nonnegative().default(0),
});
export type AccessClaims = z.infer<typeof AccessClaims>;

export const claimsOf = (user: SessionUser, generation: number): AccessClaims => ({
  sub: user.id,
  role: user.role,
  cid: user.clientId,
  email: user.email,
  name: user.fullName,
  locale: user.locale,
  gen: generation,
});

export const userOf = (claims: AccessClaims): SessionUser => ({
  id: claims.sub,
  role: claims.role,
  clientId: claims.cid,
  email: claims.email,
  fullName: claims.name,
  locale: claims.locale,
});
