import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import type Koa from 'koa';
import type { AppState } from '../../http/context';
import { TYPES } from './static';

/**
 * What the field app (field/, docs/field.md) needs of the headers it is served with, in one
 * place for whoever sets the site's security headers:
 * - no COOP/COEP: its SQLite VFS ("opfs-sahpool") needs no SharedArrayBuffer;
 * - a Content-Security-Policy must allow `script-src 'self' 'wasm-unsafe-eval'` (SQLite is
 *   WebAssembly), `worker-src 'self' blob:` (the store's and MapLibre's workers),
 *   `img-src 'self' blob: data:` (photos decrypted in memory, the plans' tiles),
 *   `media-src 'self' blob:` (voice notes), `connect-src 'self'`, and MapLibre's
 *   `style-src 'self' 'unsafe-inline'`;
 * - a Permissions-Policy must leave camera, microphone and geolocation to `self`;
 * - the service worker (/field/sw.js) is served with no-cache, so that a new build is seen.
 */
export const FIELD_HEADERS = {
  'Permissions-Policy': 'camera=(self), microphone=(self), geolocation=(self)',
} as const;

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>Calepin</title>
<p lang="fr">L’application terrain n’est pas construite : lancez <code>npm start</code> (ou <code>npm run build:field</code>).</p>
<p lang="en">The field app is not built: run <code>npm start</code> (or <code>npm run build:field</code>).</p>`;

/**
 * Serves the built field app (field/dist) at /field/: its files (hashed assets cached for a
 * year, the rest revalidated), index.html for the app's own navigations, /field → /field/.
 */
export function serveField(fieldDir: string): Koa.Middleware<AppState> {
  const root = resolve(fieldDir);
  return async (ctx, next) => {
    if ((ctx.method !== 'GET' && ctx.method !== 'HEAD') || !/^\/field(\/|$)/.test(ctx.path)) return next();
    if (ctx.path === '/field') return ctx.redirect(`/field/${ctx.search}`);
    let path: string;
    try {
      path = resolve(root, `.${decodeURIComponent(ctx.path.slice('/field'.length))}`);
    } catch {
      return next();
    }
    if (path !== root && !path.startsWith(root + sep)) return next();
    for (const [name, value] of Object.entries(FIELD_HEADERS)) ctx.set(name, value);
    const file = await stat(path).catch(() => null);
    if (file?.isFile()) {
      ctx.type = TYPES[extname(path)] ?? (extname(path) === '.wasm' ? 'application/wasm' : 'application/octet-stream');
      ctx.length = file.size;
      ctx.set('Cache-Control', ctx.path.startsWith('/field/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
      ctx.body = createReadStream(path);
      return;
    }
    if (extname(ctx.path) && !ctx.path.endsWith('/index.html')) return next();
    const index = resolve(root, 'index.html');
    const indexInfo = await stat(index).catch(() => null);
    ctx.set('Cache-Control', 'no-cache');
    ctx.type = 'text/html; charset=utf-8';
    if (!indexInfo?.isFile()) {
      ctx.status = 503;
      ctx.body = NOT_BUILT;
      return;
    }
    ctx.length = indexInfo.size;
    ctx.body = createReadStream(index);
  };
}
