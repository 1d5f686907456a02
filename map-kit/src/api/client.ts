// The typed client of /api/v1: a path of the OpenAPI document, its parameters, query and
// body, checked by the type-checker against what the server declares; the answer typed as
// the server declares it. Errors are ApiErrors; a 401 renews the token once.
import { type ErrorMessages, ApiError, answerError } from './errors';
import type { ApiTokens } from './tokens';
import type { Answer, CallArgs, CallOptions, Method, Operation, PathOf } from './typed';

export interface ApiClientOptions {
  /** Where /api/v1 is: '/api/v1' on the app's own origin. */
  baseUrl: string;
  tokens: ApiTokens;
  /** The user's language (Accept-Language: the server words its errors in it). */
  language(): string;
  messages: ErrorMessages;
}

type QueryValue = string | number | boolean | null | undefined | readonly string[];

/** `/plants/{plantId}` with `{ plantId: 'p1' }` → `/plants/p1` (each value URL-encoded). */
export function fillPath(template: string, params: Record<string, string | number> | undefined): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params?.[name];
    if (value === undefined) throw new Error(`${template}: no value for {${name}}`);
    return encodeURIComponent(String(value));
  });
}

/** A query string of the values given (empty, null and undefined ones left out; arrays comma-joined). */
export function withQuery(path: string, query: Record<string, QueryValue> | undefined): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, Array.isArray(value) ? value.join(',') : String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

type Loose = { path?: Record<string, string | number>; query?: Record<string, QueryValue>; body?: unknown; file?: Blob; signal?: AbortSignal };

export function createApiClient(options: ApiClientOptions) {
  const { baseUrl, tokens, messages } = options;
  const urlOf = (template: string, call: Loose = {}) => withQuery(fillPath(template, call.path), call.query);

  /** The response of a call to `path` (relative to the base, query included), the token renewed and the call repeated once on a 401. */
  async function send(method: Method, path: string, call: Loose = {}): Promise<Response> {
    const once = () => {
      const headers: Record<string, string> = { 'accept-language': options.language() };
      if (tokens.accessToken) headers.authorization = `Bearer ${tokens.accessToken}`;
      let body: BodyInit | undefined;
      if (call.file) {
        body = call.file;
        headers['content-type'] = call.file.type || 'application/octet-stream';
      } else if (call.body !== undefined) {
        body = JSON.stringify(call.body);
        headers['content-type'] = 'application/json';
      }
      return fetch(`${baseUrl}${path}`, { method: method.toUpperCase(), headers, body, signal: call.signal });
    };
    try {
      let response = await once();
      if (response.status === 401 && tokens.hasStoredSession() && !path.startsWith('/auth/')) {
        if (await tokens.refresh()) response = await once();
      }
      return response;
    } catch (error) {
      if ((error as Error).name === 'AbortError') throw error;
      throw new ApiError(0, 'network', messages.network());
    }
  }

  /** The response of a success; an ApiError otherwise. */
  async function ok(method: Method, path: string, call?: Loose): Promise<Response> {
    const response = await send(method, path, call);
    if (!response.ok) throw answerError(response.status, await response.json().catch(() => null), messages);
    return response;
  }

  const verb = <M extends Method>(method: M) =>
    async <P extends PathOf<M>>(path: P, ...[call]: CallArgs<Operation<P, M>>): Promise<Answer<Operation<P, M>>> => {
      const response = await ok(method, urlOf(path, call as Loose), call as Loose);
      return (response.status === 204 ? undefined : await response.json()) as Answer<Operation<P, M>>;
    };

  return {
    get: verb('get'),
    post: verb('post'),
    put: verb('put'),
    patch: verb('patch'),
    delete: verb('delete'),
    /** A GET whose answer is a file (plan images: their headers say more): the Response. */
    response<P extends PathOf<'get'>>(path: P, ...[call]: CallArgs<Operation<P, 'get'>>): Promise<Response> {
      return ok('get', urlOf(path, call as Loose), call as Loose);
    },
    /** A GET whose answer is a file (documents, photos, single-line SVGs, packages), as a Blob. */
    async blob<P extends PathOf<'get'>>(path: P, ...[call]: CallArgs<Operation<P, 'get'>>): Promise<Blob> {
      return (await ok('get', urlOf(path, call as Loose), call as Loose)).blob();
    },
    /** A URL the API gave (a document's or a photo's `url`: `/api/v1/…`), fetched with the token as a Blob. */
    async linked(url: string, signal?: AbortSignal): Promise<Blob> {
      if (!url.startsWith(`${baseUrl}/`)) throw new Error(`not an API URL: ${url}`);
      return (await ok('get', url.slice(baseUrl.length), { signal })).blob();
    },
    /** The full URL of a call, for what cannot go through fetch (an upload that reports progress). */
    url<M extends Method, P extends PathOf<M>>(_method: M, path: P, call: Pick<CallOptions<Operation<P, M>>, 'path' | 'query'>): string {
      return `${baseUrl}${urlOf(path, call as Loose)}`;
    },
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;
