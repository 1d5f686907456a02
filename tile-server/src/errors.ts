import { type Locale, type MessageKey, type MessageParams, t } from '@calepin/core';

/** A refusal with the error shape every Calepin server uses: {"error":{"code","message","field"}}. */
export class TileError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly key: MessageKey,
    readonly params: MessageParams = {},
    readonly field: string | null = null,
  ) {
    super(code);
  }

  body(locale: Locale): string {
    const message = t(locale, this.key, this.params);
    return JSON.stringify({ error: { code: this.code, message: this.field ? `${this.field} ${message}` : message, field: this.field } });
  }
}
