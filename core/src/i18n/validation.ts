import type { z } from 'zod';
import type { Locale } from '../vocabulary';
import { MESSAGES, type MessageKey } from './messages';

const TYPE_NAMES: Record<Locale, Record<string, string>> = {
  en: {
    string: 'text', number: 'a number', int: 'a whole number', boolean: 'true or false',
    object: 'an object', array: 'a list', null: 'null', date: 'a date',
  },
  fr: {
    string: 'du texte', number: 'un nombre', int: 'un nombre entier', boolean: 'true ou false',
    object: 'un objet', array: 'une liste', null: 'null', date: 'une date',
  },
};

function fill(locale: Locale, key: MessageKey, params: Record<string, string | number>): string {
  return MESSAGES[locale][key].replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/**
 * A zod issue as a short predicate in the caller's language ("must be a UUID").
 * Custom messages in our schemas are message keys (v.*), translated here; zod's own
 * issues are described from their code and parameters.
 */
export function describeIssue(issue: z.core.$ZodIssue, locale: Locale): string {
  if (Object.hasOwn(MESSAGES.en, issue.message)) return fill(locale, issue.message as MessageKey, {});
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return fill(locale, 'v.required', {});
      return fill(locale, 'v.type', { expected: TYPE_NAMES[locale][issue.expected] ?? issue.expected });
    case 'too_small': {
      const minimum = Number(issue.minimum);
      if (issue.origin === 'string') {
        return minimum === 1 ? fill(locale, 'v.not_empty', {}) : fill(locale, 'v.too_short', { minimum });
      }
      if (issue.origin === 'array' || issue.origin === 'set') return fill(locale, 'v.too_few', { minimum });
      return fill(locale, 'v.too_small', { minimum });
    }
    case 'too_big': {
      const maximum = Number(issue.maximum);
      if (issue.origin === 'string') return fill(locale, 'v.too_long', { maximum });
      if (issue.origin === 'array' || issue.origin === 'set') return fill(locale, 'v.too_many', { maximum });
      return fill(locale, 'v.too_big', { maximum });
    }
    case 'invalid_format':
      if (issue.format === 'uuid' || issue.format === 'guid') return fill(locale, 'v.uuid', {});
      if (issue.format === 'email') return fill(locale, 'v.email', {});
      if (issue.format === 'date') return fill(locale, 'v.date', {});
      return fill(locale, 'v.format', { format: issue.format });
    case 'invalid_value':
      return fill(locale, 'v.one_of', { values: issue.values.map(String).join(', ') });
    case 'unrecognized_keys':
      return fill(locale, 'v.unknown_fields', {});
    case 'not_multiple_of':
      return fill(locale, 'v.integer', {});
    default:
      return fill(locale, 'v.invalid', {});
  }
}
