import { PERSONAL_TOKEN_PREFIX } from '@calepin/core/tokens';

/**
 * The token of a request, wherever a client can put it: `Authorization: Bearer <token>`;
 * HTTP Basic whose password is a personal access token (QGIS's and GDAL's Basic
 * authentication, the user name is not read); or `?token=` (QGIS XYZ layers, EventSource).
 * Basic with an e-mail and a password is not a token: null (the OGC services verify it).
 */
export function presentedToken(authorization: string, query: Record<string, unknown>): { token: string; basic: boolean } | null {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1];
  if (bearer) return { token: bearer, basic: false };
  const basic = /^Basic\s+(\S+)\s*$/i.exec(authorization)?.[1];
  if (basic) {
    const decoded = Buffer.from(basic, 'base64').toString('utf8');
    const password = decoded.slice(decoded.indexOf(':') + 1);
    return password.startsWith(PERSONAL_TOKEN_PREFIX) ? { token: password, basic: true } : null;
  }
  const token = query.token;
  return typeof token === 'string' && token !== '' ? { token, basic: false } : null;
}
