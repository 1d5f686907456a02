// Whose credential the web report reads with: the signed-in user's (a client on its own
// plant, staff), or a share link's token (/shared/:token, no account). Every call, tile,
// photo and download of the page goes through the one chosen here.
import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { createLiveClient, type LiveClient, type LiveSession } from '@calepin/map-kit';
import { type ApiClient, FixedToken, createApiClient } from '@calepin/map-kit/api';
import { api, errorMessages, live, tokens } from '../api/http';
import i18n from '../i18n';

export interface ReportAccess {
  api: ApiClient;
  tokens: LiveSession;
  live: LiveClient;
  /** The share link's token; null for a signed-in user. */
  share: string | null;
}

const signedIn: ReportAccess = { api, tokens, live, share: null };
const AccessContext = createContext<ReportAccess>(signedIn);

export const useReportAccess = () => useContext(AccessContext);

/** The page as the holder of a share link sees it. */
export function ShareAccess({ token, children }: { token: string; children: ReactNode }) {
  const access = useMemo<ReportAccess>(() => {
    const fixed = new FixedToken(token);
    return {
      api: createApiClient({ baseUrl: '/api/v1', tokens: fixed, language: () => i18n.language, messages: errorMessages }),
      tokens: fixed,
      live: createLiveClient('/tiles/events', fixed),
      share: token,
    };
  }, [token]);
  return <AccessContext.Provider value={access}>{children}</AccessContext.Provider>;
}
