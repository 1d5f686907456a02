import type { IncomingMessage } from 'node:http';
import { PERSONAL_TOKEN_PREFIX } from '@calepin/core/tokens';

/**
 * The token of a request: `Authorization: Bearer …`; HTTP Basic whose password is a
 * personal access token (a QGIS XYZ layer with a Basic authentication; the user name is
 * not read); else `?token=` (EventSource, XYZ URLs). Tokens are checked by core's
 * TokenChecker, the same as gis-server's: signature, expiry and revocation.
 */
export function tokenOf(authorization: string | undefined, query: URLSearchParams): string | null {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
  if (bearer) return bearer;
  const basic = /^Basic\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
  if (basic) {
    const decoded = Buffer.from(basic, 'base64').toString('utf8');
    const password = decoded.slice(decoded.indexOf(':') + 1);
    if (password.startsWith(PERSONAL_TOKEN_PREFIX)) return password;
  }
  return query.get('token') || null;
}

/** Whether the request carries a credential of any kind (its responses are private). */
export const hasCredential = (req: IncomingMessage, url: URL) => Boolean(req.headers.authorization) || url.searchParams.has('token');
