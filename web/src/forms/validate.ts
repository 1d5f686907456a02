import type { z } from 'zod';
import { describeIssue } from '@calepin/core';
import { currentLocale } from '../i18n';

export type FieldErrors = Record<string, string>;

/**
 * Validates with the same zod schema as the server, and words the problems the same way
 * (core's describeIssue, in the current language), field by field.
 */
export function validate<T>(schema: z.ZodType<T>, value: unknown): { data: T; errors: null } | { data: null; errors: FieldErrors } {
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) return { data: result.data, errors: null };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0] ?? ''] : issue.path;
    const field = path.length ? String(path[0]) : '_';
    errors[field] ??= describeIssue(issue, currentLocale());
  }
  return { data: null, errors };
}

/** The server's field errors, keyed by top-level field (boundary.coordinates → boundary). */
export function topLevel(errors: FieldErrors): FieldErrors {
  const out: FieldErrors = {};
  for (const [field, message] of Object.entries(errors)) out[field.split('.')[0] as string] ??= message;
  return out;
}
