import { msg } from './message';
import { z } from 'zod';
import { LOCALES, ROLES } from '../vocabulary';
import { Email, Phone, Timestamps, Uuid, requiredText } from './common';

export const Password = z
  .string()
  .min(10, { error: msg('v.password_min') })
  .max(256, { error: msg('v.password_max') });

const userFields = {
  email: Email,
  role: z.enum(ROLES),
  clientId: Uuid.nullable().optional().describe('Required for the client role, absent for staff'),
  fullName: requiredText(200),
  locale: z.enum(LOCALES).optional(),
  phone: Phone,
};

const clientMatchesRole = (u: { role?: string; clientId?: string | null }) =>
  u.role === undefined || (u.role === 'client') === (u.clientId !== undefined && u.clientId !== null);

export const UserCreate = z
  .strictObject({ ...userFields, password: Password })
  .refine(clientMatchesRole, {
    error: msg('v.client_role'),
    path: ['clientId'],
  })
  .meta({ id: 'UserCreate' });
export type UserCreate = z.infer<typeof UserCreate>;

export const UserUpdate = z
  .strictObject({ ...userFields, password: Password, disabled: z.boolean() })
  .partial()
  .meta({ id: 'UserUpdate' });
export type UserUpdate = z.infer<typeof UserUpdate>;

export const User = z
  .object({
    id: Uuid,
    email: z.string(),
    role: z.enum(ROLES),
    clientId: Uuid.nullable(),
    fullName: z.string(),
    locale: z.enum(LOCALES),
    phone: z.string().nullable(),
    disabled: z.boolean(),
    lastLoginAt: z.iso.datetime({ offset: true }).nullable(),
    ...Timestamps,
  })
  .meta({ id: 'User' });
export type User = z.infer<typeof User>;

/** The caller, as the access token describes it. */
export const SessionUser = z
  .object({
    id: Uuid,
    email: z.string(),
    role: z.enum(ROLES),
    clientId: Uuid.nullable(),
    fullName: z.string(),
    locale: z.enum(LOCALES),
  })
  .meta({ id: 'SessionUser' });
export type SessionUser = z.infer<typeof SessionUser>;
