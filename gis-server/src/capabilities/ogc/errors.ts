import type Koa from 'koa';
import type { Logger } from 'pino';
import { type Locale, t } from '@calepin/core';
import type { AppState } from '../../http/context';
import { ApiError } from '../../http/errors';
import { fromPgError } from '../../http/pg-errors';
import { type OwsCode, OwsError } from './ows-error';
import { esc } from './xml';

export function exceptionReport(version: string, code: OwsCode, locator: string | null, message: string, lang: Locale): string {
  const v11 = version.startsWith('1.');
  const ns = v11 ? 'http://www.opengis.net/ows' : 'http://www.opengis.net/ows/1.1';
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<ows:ExceptionReport xmlns:ows="${ns}" version="${v11 ? '1.0.0' : '2.0.0'}" xml:lang="${lang}">` +
    `<ows:Exception exceptionCode="${code}"${locator ? ` locator="${esc(locator)}"` : ''}>` +
    `<ows:ExceptionText>${esc(message)}</ows:ExceptionText></ows:Exception></ows:ExceptionReport>`
  );
}

/**
 * The WFS error path: whatever a WFS request throws becomes an ExceptionReport. The
 * API's own errors (validation, database constraints, authentication) keep their status
 * and message; anything unexpected is logged and reported as NoApplicableCode, 500.
 */
export function owsErrors(log: Logger, version: (ctx: Koa.ParameterizedContext<AppState>) => string): Koa.Middleware<AppState> {
  return async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      const lang = ctx.state.locale ?? 'en';
      let status: number;
      let code: OwsCode;
      let locator: string | null = null;
      let message: string;
      let headers: Record<string, string> = {};
      const api = error instanceof ApiError ? error : fromPgError(error);
      if (error instanceof OwsError) {
        ({ status, code, locator, headers } = error);
        message = t(lang, error.key, error.params);
      } else if (api) {
        status = api.status;
        code = status === 401 || status === 403 ? 'OperationNotSupported' : 'InvalidParameterValue';
        locator = api.field;
        headers = api.headers;
        message = api.text ?? (api.field ? `${api.field}: ${t(lang, api.key, api.params)}` : t(lang, api.key, api.params));
      } else {
        log.error({ err: error, method: ctx.method, url: ctx.url }, 'unexpected error');
        status = 500;
        code = 'NoApplicableCode';
        message = t(lang, 'e.internal');
      }
      ctx.status = status;
      ctx.set(headers);
      ctx.type = 'application/xml';
      ctx.body = exceptionReport(version(ctx), code, locator, message, lang);
    }
  };
}
