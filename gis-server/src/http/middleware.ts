import type { IncomingMessage } from 'node:http';
import type Koa from 'koa';
import type { Logger } from 'pino';
import { type ErrorBody, negotiateLocale, t } from '@calepin/core';
import type { AppContext, AppState } from './context';
import { ApiError } from './errors';
import { fromPgError } from './pg-errors';

/** Sets the caller's language from Accept-Language (French for French browsers). */
export function locale(): Koa.Middleware<AppState> {
  return async (ctx, next) => {
    ctx.state.locale = negotiateLocale(ctx.get('accept-language'));
    await next();
  };
}

/**
 * The one error path: ApiErrors and the database errors a request can cause become a 4xx
 * with {"error":{"code","message","field"}}; anything else is logged and becomes a 500
 * that exposes nothing.
 */
export function errors(log: Logger, uploadLimitBytes = 100 * 1024 * 1024): Koa.Middleware<AppState> {
  return async (ctx, next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) {
        throw new ApiError(404, 'route_not_found', {
          key: 'e.route_not_found',
          params: { method: ctx.method, path: ctx.path },
        });
      }
    } catch (error) {
      const apiError = error instanceof ApiError ? error : (fromPgError(error) ?? fromHttpError(error));
      if (apiError) {
        await drainBody(ctx.req, uploadLimitBytes);
        send(ctx, apiError);
      } else {
        log.error({ err: error, method: ctx.method, url: ctx.url }, 'unexpected error');
        send(ctx, new ApiError(500, 'internal', { key: 'e.internal' }));
      }
    }
  };
}

/**
 * A request refused before its body was read (an upload by a caller without the right, a
 * bad field of a multipart form): the rest of the body is read and dropped before the
 * answer, up to the upload limit, so the answer never races the client's upload. A
 * server that closes (a test's ephemeral server, a restarting instance) while the client
 * is still sending gave it EPIPE instead of its 401/403/400 (seen in the permission
 * matrix test). A body declared larger than the limit is not read, and draining gives up
 * after 30 s.
 */
async function drainBody(req: IncomingMessage, limit: number): Promise<void> {
  if (req.complete || req.readableEnded || req.destroyed) return;
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) ? declared <= 0 || declared > limit : req.headers['transfer-encoding'] === undefined) return;
  await new Promise<void>((resolve) => {
    let read = 0;
    const done = () => {
      clearTimeout(timer);
      req.off('data', count);
      resolve();
    };
    const count = (chunk: Buffer) => {
      read += chunk.length;
      if (read > limit) done();
    };
    const timer = setTimeout(done, 30_000);
    req.on('data', count);
    req.once('end', done);
    req.once('error', done);
    req.once('close', done);
    req.resume();
  });
}

// Errors thrown by Koa's own stack (body parser, ctx.throw) carry an HTTP status.
function fromHttpError(error: unknown): ApiError | null {
  if (typeof error !== 'object' || error === null) return null;
  const status = (error as { status?: unknown }).status;
  if (typeof status !== 'number' || status < 400 || status >= 500) return null;
  const type = (error as { type?: unknown }).type;
  if (status === 413 || type === 'entity.too.large') {
    const limit = (error as { limit?: unknown }).limit;
    return new ApiError(413, 'payload_too_large', {
      key: 'e.payload_too_large',
      params: { limit: typeof limit === 'number' ? `${Math.round(limit / 1024)} KiB` : '' },
    });
  }
  if (status === 415) return new ApiError(415, 'unsupported_media_type', { key: 'e.unsupported_media_type' });
  if (status === 400) return new ApiError(400, 'invalid_json', { key: 'e.invalid_json' });
  return new ApiError(status, 'bad_request', { key: 'v.invalid' });
}

// "boundary: is not a valid geometry: …": the field leads, as in validation messages.
const withField = (field: string | null, message: string) => (field ? `${field}: ${message}` : message);

function send(ctx: AppContext, error: ApiError): void {
  const lang = ctx.state.locale ?? 'en';
  const body: ErrorBody = {
    error: {
      code: error.code,
      message: error.text ?? withField(error.field, t(lang, error.key, error.params)),
      field: error.field,
    },
  };
  if (error.details && error.details.length > 1) body.error.details = error.details;
  ctx.status = error.status;
  ctx.set(error.headers);
  ctx.body = body;
}

/** The one line per request: method, path (never the query: tokens ride in some), status, time, user. */
export function logRequest(log: Logger, method: string, path: string, status: number, start: number, user: string | undefined): void {
  const ms = Math.round((performance.now() - start) * 10) / 10;
  log.info({ method, url: path, status, ms, user }, 'request');
}

export function requestLog(log: Logger): Koa.Middleware<AppState> {
  return async (ctx, next) => {
    const start = performance.now();
    try {
      await next();
    } finally {
      logRequest(log, ctx.method, ctx.path, ctx.status, start, ctx.state.user?.id);
    }
  };
}
