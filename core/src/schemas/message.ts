import type { z } from 'zod';
import type { MessageKey } from '../i18n/messages';

/**
 * A custom zod error that carries a message key (translated by describeIssue), except
 * for a missing value, which keeps zod's own issue so that it reads "is required".
 */
export function msg(key: MessageKey) {
  return (issue: z.core.$ZodRawIssue): string | undefined =>
    issue.code === 'invalid_type' && issue.input === undefined ? undefined : key;
}
