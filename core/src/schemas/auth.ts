import { msg } from './message';
import { z } from 'zod';
import { SessionUser } from './user';
import { hasControlCharacters } from './common';

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

/** At most this many live personal access tokens per user. */
export const MAX_PERSONAL_TOKENS = 50;

export const PersonalTokenCreate = z
  .strictObject({
    name: z
      .string()
      .trim()
      .min(1, { error: msg('v.not_empty') })
      .max(100)
      .refine((s) => !hasControlCharacters(s), { error: msg('v.control_characters') })
      .describe('What the token is for, e.g. "QGIS on my laptop"'),
    expiresInDays: z.number().int().min(1).max(3650).nullable().default(null).describe('Days until it stops working; null: until revoked'),
  })
  .meta({ id: 'PersonalTokenCreate' });
export type PersonalTokenCreate = z.infer<typeof PersonalTokenCreate>;

export const PersonalToken = z
  .object({
    id: z.uuid(),
    name: z.string(),
    prefix: z.string().describe('The first characters of the token, to recognise it'),
    scope: z.literal('read').describe('Personal access tokens only read'),
    createdAt: z.iso.datetime({ offset: true }),
    expiresAt: z.iso.datetime({ offset: true }).nullable(),
    lastUsedAt: z.iso.datetime({ offset: true }).nullable().describe('Last use on the API or the OGC services (tiles do not record it)'),
  })
  .meta({ id: 'PersonalToken' });
export type PersonalToken = z.infer<typeof PersonalToken>;

export const PersonalTokenCreated = PersonalToken.extend({
  token: z.string().describe('The token itself: shown once, never again'),
}).meta({ id: 'PersonalTokenCreated' });
export type PersonalTokenCreated = z.infer<typeof PersonalTokenCreated>;

export const PersonalTokens = z.object({ items: z.array(PersonalToken) }).meta({ id: 'PersonalTokens' });
export type PersonalTokens = z.infer<typeof PersonalTokens>;
