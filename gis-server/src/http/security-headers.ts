import type Koa from 'koa';
import type { AppState } from './context';

/**
 * Hosts outside this server that the web app fetches from, besides the basemaps' (added
 * from the configuration, BASEMAPS). A new external service the browser calls itself goes
 * here, or the browser refuses it (e2e/test/csp.test.ts loads every map page and fails on
 * any refusal). Address search needs none: gis-server asks the geocoder (GEOCODER_URL).
 */
const EXTERNAL_SOURCES: readonly string[] = [];

/**
 * The origin of a URL template, as a CSP source: `https://data.geopf.fr/wmts?…` →
 * `https://data.geopf.fr`; a placeholder as the first label of the host becomes CSP's
 * wildcard (`https://{s}.tile.example.org` → `https://*.tile.example.org`); a placeholder
 * anywhere else in the host leaves only the scheme (`https:`).
 */
export function templateOrigin(template: string): string | null {
  const match = /^(https?):\/\/([^/?#]+)/i.exec(template);
  if (!match) return null;
  const scheme = (match[1] as string).toLowerCase();
  const host = (match[2] as string).replace(/^\{[^}]*\}\./, '*.');
  return /^(\*\.)?[\w.-]+(:\d+)?$/.test(host) ? `${scheme}://${host}` : `${scheme}:`;
}

/**
 * The Content-Security-Policy the web app satisfies (e2e/test/csp.test.ts proves it on
 * the map, plans, layout editor and 3D pages): scripts and workers only from this server
 * (MapLibre 6 starts its worker from its own bundled file; `blob:` stays allowed for
 * libraries that make workers from blobs), styles from this server plus inline styles
 * (MapLibre, terra-draw and React position their elements with style attributes),
 * images and fetches from this server, blobs and the configured basemaps' hosts, no eval
 * (zod runs jitless: web/src/main.tsx), nothing framing the app.
 */
export function contentSecurityPolicy(basemapUrls: readonly string[]): string {
  const basemaps = basemapUrls.map(templateOrigin).filter((origin): origin is string => origin !== null);
  const external = [...new Set([...EXTERNAL_SOURCES, ...basemaps])].join(' ');
  const withExternal = (sources: string) => (external ? `${sources} ${external}` : sources);
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    `img-src ${withExternal("'self' data: blob:")}`,
    // blob: the control-point editor hands MapLibre the plan's image as a blob URL.
    `connect-src ${withExternal("'self' blob:")}`,
    "worker-src 'self' blob:",
    "child-src 'self' blob:",
    "font-src 'self' data:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** A response that a cache may keep and must revalidate: it chose `private, no-cache` with an ETag. */
const revalidated = (ctx: Koa.Context) => /\bno-cache\b/.test(ctx.response.get('Cache-Control')) && ctx.response.get('ETag') !== '';

/**
 * Headers every response gets: CSP, no MIME sniffing, no referrer path or query sent to
 * other sites (tokens ride in some URLs), no framing, HSTS when the request came over TLS
 * (directly, or through a proxy that says so in X-Forwarded-Proto with TRUST_PROXY=1).
 *
 * And caching: a response to a request that carried a credential (a header, `?token=`) is
 * `private, no-store`, unless its handler made it revalidated (`private, no-cache` and an
 * ETag checked after the caller's rights). QGIS kept one account's WFS answers and showed
 * them in another account's layer; its cache ignores Vary. Login and token answers are
 * never stored.
 */
export function securityHeaders(basemapUrls: readonly string[]): Koa.Middleware<AppState> {
  const csp = contentSecurityPolicy(basemapUrls);
  return async (ctx, next) => {
    ctx.set('Content-Security-Policy', csp);
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.set('Referrer-Policy', 'strict-origin-when-cross-origin');
    ctx.set('X-Frame-Options', 'DENY');
    if (ctx.protocol === 'https') ctx.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    const credentialed = Boolean(ctx.get('authorization')) || 'token' in ctx.query;
    try {
      await next();
    } finally {
      const authPath = ctx.path.startsWith('/api/v1/auth/');
      // The tile forward writes its own headers (respond = false): the tile-server sets them.
      if (ctx.respond !== false && (authPath || ((credentialed || ctx.state.user) && !revalidated(ctx)))) {
        ctx.set('Cache-Control', 'private, no-store');
      }
    }
  };
}
