import { msg } from './message';
import { z } from 'zod';

export const Uuid = z.uuid({ error: msg('v.uuid') });

// C0 controls and DEL: a name, a title or a file name is one line of printable text.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;
export const hasControlCharacters = (s: string) => CONTROL.test(s);

/** One line of text: what names, titles and file names are (no line break, tab or NUL). */
export function singleLine<T extends z.ZodString>(schema: T) {
  return schema.refine((s) => !hasControlCharacters(s), { error: msg('v.control_characters') });
}

/** Free text: trimmed, bounded; an empty string clears the field (stored as null). */
export function optionalText(max: number) {
  return z
    .string()
    .trim()
    .max(max)
    .transform((s) => (s === '' ? null : s))
    .nullable()
    .optional();
}

/** A required name or title: one line of text, trimmed, bounded. */
export function requiredText(max: number) {
  return singleLine(z.string().trim().min(1, { error: msg('v.not_empty') }).max(max));
}

export const CountryCode = z
  .string()
  .regex(/^[A-Z]{2}$/, { error: msg('v.country') });

export const Email = z.email({ error: msg('v.email') }).max(254);

export const Phone = z
  .string()
  .trim()
  .max(40)
  .regex(/^[0-9+().\s-]*$/, { error: msg('v.phone') })
  .transform((s) => (s === '' ? null : s))
  .nullable()
  .optional();

/** Paging of lists: limit and offset, with the total count in the response. */
export const ListQuery = z.object({
  q: z.string().trim().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

export function page<T extends z.ZodType>(id: string, item: T) {
  return z.object({ items: z.array(item), total: z.number().int() }).meta({ id });
}

export const Timestamps = {
  createdAt: z.iso.datetime({ offset: true }),
  updatedAt: z.iso.datetime({ offset: true }),
  revision: z.number().int().describe('Server revision: changes since a sync have a greater revision'),
};
