import { z } from 'zod';

/** The one error shape of every 4xx and 5xx response. */
export const ErrorBody = z
  .object({
    error: z.object({
      code: z.string().describe('Stable machine-readable code, e.g. validation_failed'),
      message: z.string().describe('Human-readable message, in the language of Accept-Language (fr or en)'),
      field: z.string().nullable().describe('The offending field as a dotted path, or null'),
      details: z
        .array(z.object({ field: z.string().nullable(), message: z.string() }))
        .optional()
        .describe('Every problem found, when there is more than one'),
    }),
  })
  .meta({ id: 'Error' });
export type ErrorBody = z.infer<typeof ErrorBody>;
