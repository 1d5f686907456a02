import type { ErrorBody } from '@calepin/core';

/** An error the server answered ({"error":{"code","message","field"}}), or a network failure (status 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field: string | null = null,
    readonly details: { field: string | null; message: string }[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** Every field error, by dotted path (the server's message starts with the field name). */
  fieldErrors(): Record<string, string> {
    const all = this.details.length ? this.details : [{ field: this.field, message: this.message }];
    const out: Record<string, string> = {};
    for (const { field, message } of all) {
      if (field && !(field in out)) out[field] = message.startsWith(`${field}: `) ? message.slice(field.length + 2) : message;
    }
    return out;
  }
}

/** The words of the errors the server did not word itself, in the user's language. */
export interface ErrorMessages {
  /** An answer without the API's error body (a proxy's 502, say). */
  http(status: number): string;
  /** No answer at all. */
  network(): string;
}

/** The ApiError of an answer that is not a success, from its status and parsed body. */
export function answerError(status: number, body: unknown, messages: ErrorMessages): ApiError {
  const error = (body as ErrorBody | null)?.error;
  if (error) return new ApiError(status, error.code, error.message, error.field, error.details ?? []);
  return new ApiError(status, 'http_error', messages.http(status));
}
