import type { ErrorBody, TokenResponse } from '@calepin/core';
import i18n from '../i18n';

/** An error the server answered ({"error":{"code","message","field"}}), or a network failure. */
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

const REFRESH_KEY = 'calepin.refresh';

interface Session {
  accessToken: string;
  refreshToken: string;
  /** Epoch ms when the access token expires. */
  expiresAt: number;
  user: TokenResponse['user'];
}

type Listener = (session: Session | null) => void;

/**
 * The tokens: the access token lives in memory only, the refresh token in localStorage
 * (so that a reload keeps the session). The access token is renewed a minute before it
 * expires, and once more when a request is answered 401.
 */
class TokenStore {
  private session: Session | null = null;
  private listeners = new Set<Listener>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private refreshing: Promise<Session | null> | null = null;

  get current(): Session | null {
    return this.session;
  }

  get accessToken(): string | null {
    return this.session?.accessToken ?? null;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  set(tokens: TokenResponse | null): void {
    clearTimeout(this.timer);
    if (!tokens) {
      this.session = null;
      localStorage.removeItem(REFRESH_KEY);
    } else {
      this.session = {
        accessToken: tokens.accessToken,
        refreshToken: tokens.refreshToken,
        expiresAt: Date.now() + tokens.expiresIn * 1000,
        user: tokens.user,
      };
      localStorage.setItem(REFRESH_KEY, tokens.refreshToken);
      const renewIn = Math.max(5_000, (tokens.expiresIn - 60) * 1000);
      this.timer = setTimeout(() => void this.refresh(), renewIn);
    }
    for (const listener of this.listeners) listener(this.session);
  }

  /** Exchanges the refresh token for a new pair; null (and logged out) when it is refused. */
  refresh(): Promise<Session | null> {
    this.refreshing ??= (async () => {
      const refreshToken = this.session?.refreshToken ?? localStorage.getItem(REFRESH_KEY);
      if (!refreshToken) return null;
      try {
        const response = await fetch('/api/v1/auth/refresh', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'accept-language': i18n.language },
          body: JSON.stringify({ refreshToken }),
        });
        if (!response.ok) {
          // A refused refresh token ends the session; a server that is down does not.
          if (response.status === 401 || response.status === 400) this.set(null);
          return null;
        }
        this.set((await response.json()) as TokenResponse);
        return this.session;
      } catch {
        return null;
      } finally {
        this.refreshing = null;
      }
    })();
    return this.refreshing;
  }

  hasStoredSession(): boolean {
    return localStorage.getItem(REFRESH_KEY) !== null;
  }
}

export const tokens = new TokenStore();

async function toError(response: Response): Promise<ApiError> {
  const body = (await response.json().catch(() => null)) as ErrorBody | null;
  if (body?.error) {
    const { code, message, field, details } = body.error;
    return new ApiError(response.status, code, message, field, details ?? []);
  }
  return new ApiError(response.status, 'http_error', i18n.t('error.http', { status: response.status }));
}

export interface RequestOptions {
  method?: string;
  body?: unknown;
  /** A file to send as the body, byte for byte. */
  file?: Blob;
  query?: Record<string, string | number | boolean | null | undefined | readonly string[]>;
  signal?: AbortSignal;
  /** The raw response (files), instead of parsed JSON. */
  raw?: boolean;
}

export function withQuery(path: string, query: RequestOptions['query']): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, Array.isArray(value) ? value.join(',') : String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

/** Calls /api/v1 with the access token; renews it once on 401; throws ApiError. */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const url = withQuery(`/api/v1${path}`, options.query);
  const send = () => {
    const headers: Record<string, string> = { 'accept-language': i18n.language };
    if (tokens.accessToken) headers.authorization = `Bearer ${tokens.accessToken}`;
    let body: BodyInit | undefined;
    if (options.file) {
      body = options.file;
      headers['content-type'] = options.file.type || 'application/octet-stream';
    } else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] = 'application/json';
    }
    return fetch(url, { method: options.method ?? 'GET', headers, body, signal: options.signal });
  };
  let response: Response;
  try {
    response = await send();
    if (response.status === 401 && tokens.hasStoredSession() && !path.startsWith('/auth/')) {
      if (await tokens.refresh()) response = await send();
    }
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError(0, 'network', i18n.t('error.network'));
  }
  if (!response.ok) throw await toError(response);
  if (options.raw) return response as T;
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

/** A file the API serves (documents, photos) at `url` (/api/v1/…), as a Blob: it needs the token. */
export async function apiFile(url: string): Promise<Blob> {
  if (!url.startsWith('/api/v1/')) throw new Error(`not an API file: ${url}`);
  const response = await api<Response>(url.slice('/api/v1'.length), { raw: true });
  return response.blob();
}

/** Saves a Blob under a file name, as a download link would. */
export function saveBlob(blob: Blob, filename: string): void {
  const href = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = href;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}
