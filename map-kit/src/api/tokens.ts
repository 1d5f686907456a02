import type { TokenResponse } from '@calepin/core';

export interface Session {
  accessToken: string;
  refreshToken: string;
  /** Epoch ms when the access token expires. */
  expiresAt: number;
  user: TokenResponse['user'];
}

type Listener = (session: Session | null) => void;

/** What the API client and the live streams read of a session: a TokenStore, or a FixedToken. */
export interface ApiTokens {
  readonly accessToken: string | null;
  readonly current: { expiresAt: number } | null;
  hasStoredSession(): boolean;
  refresh(): Promise<unknown>;
}

/**
 * A token that is neither renewed nor stored: a web report's share link (docs/reports.md),
 * sent as the bearer of every call, tile and stream of the page that holds it.
 */
export class FixedToken implements ApiTokens {
  readonly current = null;

  constructor(readonly accessToken: string) {}

  hasStoredSession(): boolean {
    return false;
  }

  refresh(): Promise<null> {
    return Promise.resolve(null);
  }
}

/** Where the refresh token is kept between visits (the browser's localStorage, a tablet's own store). */
export type TokenStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export interface TokenStoreOptions {
  /** Where /api/v1 is ('/api/v1' on the app's own origin). */
  baseUrl: string;
  storage: TokenStorage;
  /** The user's language, for the server's messages. */
  language(): string;
}

const REFRESH_KEY = 'calepin.refresh';

/**
 * The tokens: the access token lives in memory only, the refresh token in `storage` (so
 * that a reload keeps the session). The access token is renewed a minute before it
 * expires, and once more when a request is answered 401.
 */
export class TokenStore {
  private session: Session | null = null;
  private listeners = new Set<Listener>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private refreshing: Promise<Session | null> | null = null;

  constructor(private readonly options: TokenStoreOptions) {}

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
      this.options.storage.removeItem(REFRESH_KEY);
    } else {
      this.session = {
        accessToken: tokens.accessToken,
        refreshToken: tokens.refreshToken,
        expiresAt: Date.now() + tokens.expiresIn * 1000,
        user: tokens.user,
      };
      this.options.storage.setItem(REFRESH_KEY, tokens.refreshToken);
      const renewIn = Math.max(5_000, (tokens.expiresIn - 60) * 1000);
      this.timer = setTimeout(() => void this.refresh(), renewIn);
    }
    for (const listener of this.listeners) listener(this.session);
  }

  /** Exchanges the refresh token for a new pair; null (and logged out) when it is refused. */
  refresh(): Promise<Session | null> {
    this.refreshing ??= (async () => {
      const refreshToken = this.session?.refreshToken ?? this.options.storage.getItem(REFRESH_KEY);
      if (!refreshToken) return null;
      try {
        const response = await fetch(`${this.options.baseUrl}/auth/refresh`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'accept-language': this.options.language() },
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
    return this.options.storage.getItem(REFRESH_KEY) !== null;
  }
}
