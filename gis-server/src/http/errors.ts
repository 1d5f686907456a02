import type { MessageKey, MessageParams } from '@calepin/core';

export interface ApiErrorOptions {
  /** Message key, translated into the caller's language by the error middleware. */
  key?: MessageKey;
  params?: MessageParams;
  /** A message already in the caller's language (validation messages), used as is. */
  text?: string;
  /** The offending field as a dotted path. */
  field?: string | null;
  details?: { field: string | null; message: string }[];
  headers?: Record<string, string>;
}

/** An error meant for the caller: an HTTP status, a stable code, a message and a field. */
export class ApiError extends Error {
  readonly key: MessageKey;
  readonly params: MessageParams;
  readonly text: string | undefined;
  readonly field: string | null;
  readonly details: { field: string | null; message: string }[] | undefined;
  readonly headers: Record<string, string>;

  constructor(
    readonly status: number,
    readonly code: string,
    options: ApiErrorOptions = {},
  ) {
    super(`${code}: ${options.text ?? options.key ?? ''}`);
    this.name = 'ApiError';
    this.key = options.key ?? 'v.invalid';
    this.params = options.params ?? {};
    this.text = options.text;
    this.field = options.field ?? null;
    this.details = options.details;
    this.headers = options.headers ?? {};
  }
}

export const notFound = (field: string | null = null) => new ApiError(404, 'not_found', { key: 'e.not_found', field });

export const badRequest = (code: string, key: MessageKey, params: MessageParams = {}, field: string | null = null) =>
  new ApiError(400, code, { key, params, field });

export const conflict = (code: string, key: MessageKey, params: MessageParams = {}, field: string | null = null) =>
  new ApiError(409, code, { key, params, field });
