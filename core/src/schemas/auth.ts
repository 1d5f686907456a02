import { msg } from './message';
import { z } from 'zod';
import { SessionUser } from './user';

export const LoginRequest = z
  .strictObject({
    email: z.string().trim().min(1, { error: msg('v.not_empty') }).max(254),
    password: z.string().min(1, { error: msg('v.not_empty') }).max(1024),
  })
  .meta({ id: 'LoginRequest' });

export const RefreshRequest = z
  .strictObject({ refreshToken: z.string().min(20).max(200) })
  .meta({ id: 'RefreshRequest' });

export const TokenResponse = z
  .object({
    accessToken: z.string().describe('JWT to send as Authorization: Bearer …'),
    tokenType: z.literal('Bearer'),
    expiresIn: z.number().int().describe('Lifetime of the access token in seconds'),
    refreshToken: z.string().describe('Opaque; exchanged once at /auth/refresh for a new pair'),
    refreshExpiresIn: z.number().int(),
    user: SessionUser,
  })
  .meta({ id: 'TokenResponse' });
export type TokenResponse = z.infer<typeof TokenResponse>;
