// The technician's session: tokens from the map kit (access token in memory, refresh token
// kept on the device), and the user remembered for offline starts — the app opens, shows the
// downloaded missions and records work with no network; only sync needs a valid token, and a
// refused one asks to log in again without touching anything recorded.
import type { Locale, SessionUser, TokenResponse } from '@calepin/core';
import { type ErrorMessages, TokenStore, type TokenStorage, createApiClient } from '@calepin/map-kit/api';
import { translate } from '../i18n';

let language: Locale = 'fr';
export const setApiLanguage = (lang: Locale) => {
  language = lang;
};

/**
 * The field app keeps its own tokens beside the web app's on the same origin: refresh tokens
 * rotate, and two apps sharing one would revoke each other's family (docs/architecture.md).
 */
const prefixed = (prefix: string): TokenStorage => ({
  getItem: (k) => localStorage.getItem(prefix + k),
  setItem: (k, v) => localStorage.setItem(prefix + k, v),
  removeItem: (k) => localStorage.removeItem(prefix + k),
});

export const tokens = new TokenStore({ baseUrl: '/api/v1', storage: prefixed('calepin.field.'), language: () => language });

export const errorMessages: ErrorMessages = {
  http: (status) => translate(language, 'error.http', { status }),
  network: () => translate(language, 'error.network'),
};

export const api = createApiClient({ baseUrl: '/api/v1', tokens, language: () => language, messages: errorMessages });

const USER_KEY = 'calepin.field.user';

export function rememberedUser(): SessionUser | null {
  try {
    return JSON.parse(localStorage.getItem(USER_KEY) ?? 'null') as SessionUser | null;
  } catch {
    return null;
  }
}

tokens.subscribe((session) => {
  if (session) localStorage.setItem(USER_KEY, JSON.stringify(session.user));
});

export async function login(email: string, password: string): Promise<SessionUser> {
  const answer = await api.post('/auth/login', { body: { email, password } });
  tokens.set(answer as TokenResponse);
  return (answer as TokenResponse).user;
}

/**
 * On start: a fresh token when the server answers; the remembered user otherwise — offline,
 * the server down, or even the refresh token refused (then `needsLogin`: sync waits for a
 * new login, the work on the device goes on and nothing is lost).
 */
export async function restoreSession(): Promise<{ user: SessionUser | null; needsLogin: boolean }> {
  const session = tokens.hasStoredSession() && navigator.onLine ? await tokens.refresh() : null;
  if (session) return { user: session.user, needsLogin: false };
  return { user: rememberedUser(), needsLogin: !tokens.hasStoredSession() };
}

export function logout(): void {
  tokens.set(null);
  localStorage.removeItem(USER_KEY);
}

/**
 * fetch() with the access token and the caller's language, the token renewed and the call
 * repeated once on a 401 (for what the typed client does not carry: byte ranges, sync).
 */
export async function authorizedFetch(url: string, init: RequestInit = {}): Promise<Response> {
  const once = () => {
    const headers = new Headers(init.headers);
    headers.set('accept-language', language);
    if (tokens.accessToken) headers.set('authorization', `Bearer ${tokens.accessToken}`);
    return fetch(url, { ...init, headers });
  };
  let response = await once();
  if (response.status === 401 && tokens.hasStoredSession() && (await tokens.refresh())) response = await once();
  return response;
}
