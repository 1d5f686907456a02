import { msg } from './message';
import { z } from 'zod';
import { CountryCode, Email, Phone, Timestamps, Uuid, optionalText, requiredText } from './common';

export const ClientCreate = z
  .strictObject({
    name: requiredText(200),
    legalName: optionalText(200),
    siret: z
      .string()
      .regex(/^\d{14}$/, { error: msg('v.siret') })
      .nullable()
      .optional(),
    vatNumber: optionalText(32),
    address: optionalText(500),
    postalCode: optionalText(16),
    city: optionalText(120),
    country: CountryCode.optional(),
    email: Email.nullable().optional(),
    phone: Phone,
    notes: optionalText(10_000),
  })
  .meta({ id: 'ClientCreate' });
export type ClientCreate = z.infer<typeof ClientCreate>;

export const ClientUpdate = ClientCreate.partial().meta({ id: 'ClientUpdate' });
export type ClientUpdate = z.infer<typeof ClientUpdate>;

export const Client = z
  .object({
    id: Uuid,
    name: z.string(),
    legalName: z.string().nullable(),
    siret: z.string().nullable(),
    vatNumber: z.string().nullable(),
    address: z.string().nullable(),
    postalCode: z.string().nullable(),
    city: z.string().nullable(),
    country: z.string(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    notes: z.string().nullable(),
    plantCount: z.number().int(),
    ...Timestamps,
  })
  .meta({ id: 'Client' });
export type Client = z.infer<typeof Client>;
