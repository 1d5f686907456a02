// The web app's API session: its tokens, the typed client of /api/v1 and the live changes
// of the tile-server, all from the map kit (@calepin/map-kit), bound to this browser.
import { createLiveClient } from '@calepin/map-kit';
import { type ErrorMessages, TokenStore, createApiClient } from '@calepin/map-kit/api';
import i18n from '../i18n';

export { ApiError } from '@calepin/map-kit/api';

const language = () => i18n.language;

/** The access token in memory, the refresh token in localStorage (a reload keeps the session). */
export const tokens = new TokenStore({ baseUrl: '/api/v1', storage: localStorage, language });

/** The words of the errors the server did not word itself. */
export const errorMessages: ErrorMessages = {
  http: (status) => i18n.t('error.http', { status }),
  network: () => i18n.t('error.network'),
};

/** /api/v1, typed by the OpenAPI document: `api.get('/plants/{plantId}', { path: { plantId } })`. */
export const api = createApiClient({
  baseUrl: '/api/v1',
  tokens,
  language,
  messages: errorMessages,
});

/** The tile-server's live changes (`/tiles/events` through gis-server), one stream per plant. */
export const live = createLiveClient('/tiles/events', tokens);

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
