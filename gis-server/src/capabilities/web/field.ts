import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import type Koa from 'koa';
import type { AppState } from '../../http/context';
import { TYPES } from './static';

/**
 * The headers the field app (field/, docs/field.md) is served with; they replace the site's
 * Content-Security-Policy (http/security-headers.ts) under /field/, which the web app's is
 * too narrow for:
 * - `script-src 'wasm-unsafe-eval'`: SQLite is WebAssembly (still no 'unsafe-eval': zod runs
 *   jitless, field/src/zod-config.ts);
 * - `worker-src 'self' blob:`: the store's and MapLibre's workers, the service worker;
 * - `img-src … blob: data:`: photos decrypted in memory, the plans' blank tile;
 * - `media-src 'self' blob:`: voice notes played from memory;
 * - no COOP/COEP: its SQLite VFS ("opfs-sahpool") needs no SharedArrayBuffer;
 * - a Permissions-Policy leaving camera, microphone and geolocation to the app itself;
 * - the service worker (/field/sw.js) is served with no-cache, so that a new build is seen.
 * e2e/test/field-offline.test.ts fails on any violation reported on the way.
 */
export const FIELD_HEADERS = {
  'Content-Security-Policy': [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob:",
    "connect-src 'self' blob:",
    "worker-src 'self' blob:",
    "child-src 'self' blob:",
    "font-src 'self' data:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; '),
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
