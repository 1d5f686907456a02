import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import type Koa from 'koa';
import type { AppState } from '../../http/context';

export const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.wasm': 'application/wasm',
};

/** Paths that belong to the servers, never to the web app. */
const SERVER_PATHS = /^\/(api|tiles|ogc|rt|field|glyphs)(\/|$)/;

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>Calepin</title>
<p lang="fr">L’application web n’est pas construite : lancez <code>npm start</code> (ou <code>npm run build -w web</code>).</p>
<p lang="en">The web app is not built: run <code>npm start</code> (or <code>npm run build -w web</code>).</p>
<p><a href="/api/v1">API</a></p>`;

/**
 * Serves the built web app (web/dist) at /: its files as they are (hashed assets cached
 * for a year), and index.html for every other GET that a browser navigates to, so that
 * client-side routes (/plants/…) survive a reload. Server paths (/api, /tiles, …) pass.
 */
export function serveWeb(webDir: string): Koa.Middleware<AppState> {
  const root = resolve(webDir);
  return async (ctx, next) => {
    if ((ctx.method !== 'GET' && ctx.method !== 'HEAD') || SERVER_PATHS.test(ctx.path)) return next();
    let path: string;
    try {
      path = resolve(root, `.${decodeURIComponent(ctx.path)}`);
    } catch {
      return next();
    }
    if (path !== root && !path.startsWith(root + sep)) return next();
    const file = await stat(path).catch(() => null);
    if (file?.isFile()) {
      ctx.type = TYPES[extname(path)] ?? 'application/octet-stream';
      ctx.length = file.size;
      ctx.set('Cache-Control', ctx.path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
      ctx.body = createReadStream(path);
      return;
    }
    // A missing asset is a 404; anything else a browser asks for is a route of the app.
    if (extname(ctx.path) && ctx.path !== '/index.html') return next();
    if (!ctx.accepts('html')) return next();
    const index = resolve(root, 'index.html');
    const indexInfo = await stat(index).catch(() => null);
    ctx.set('Cache-Control', 'no-cache');
    if (!indexInfo?.isFile()) {
      ctx.status = 503;
      ctx.type = 'text/html; charset=utf-8';
      ctx.body = NOT_BUILT;
      return;
    }
    ctx.type = 'text/html; charset=utf-8';
    ctx.length = indexInfo.size;
    ctx.body = createReadStream(index);
  };
}
