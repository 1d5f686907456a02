import type Koa from 'koa';
import { GLYPHS_PATH } from '@calepin/map-kit/layers';
import type { AppState } from '../../../http/context';
import { FONTSTACKS, glyphRange } from './fonts';

/**
 * The glyphs URL of every map style of ours (the web app's labels, and any printed map):
 * same origin, public, no token. Written in docs/web.md.
 */
export const GLYPHS_URL = GLYPHS_PATH;

const PATH = /^\/glyphs\/([^/]+)\/(\d+)-(\d+)\.pbf$/;
const cache = new Map<string, Uint8Array>();

/**
 * GET /glyphs/{fontstack}/{start}-{end}.pbf: MapLibre's glyph ranges, drawn from the fonts
 * on first use (fonts.ts). A stack of several fonts ("Noto Sans Bold,Noto Sans Regular") is
 * served by its first known font; an unknown one is a 404, a range not on a 256 boundary a 400.
 */
export function serveGlyphs(): Koa.Middleware<AppState> {
  return async (ctx, next) => {
    if (!ctx.path.startsWith('/glyphs/') || (ctx.method !== 'GET' && ctx.method !== 'HEAD')) return next();
    const match = PATH.exec(ctx.path);
    const start = Number(match?.[2]), end = Number(match?.[3]);
    if (!match || start % 256 !== 0 || end !== start + 255 || start > 65280) {
      ctx.status = 400;
      ctx.body = { error: { code: 'invalid_glyph_range', message: 'range: must be {start}-{start + 255}.pbf with start a multiple of 256 below 65536', field: 'range' } };
      return;
    }
    const fontstack = decodeURIComponent(match[1] as string).split(',').map((f) => f.trim()).find((f) => f in FONTSTACKS);
    if (!fontstack) {
      ctx.status = 404;
      ctx.body = { error: { code: 'unknown_fontstack', message: `fontstack: none of these fonts is served (fonts: ${Object.keys(FONTSTACKS).join(', ')})`, field: 'fontstack' } };
      return;
    }
    const key = `${fontstack}/${start}`;
    let pbf = cache.get(key);
    if (!pbf) {
      pbf = glyphRange(fontstack, start);
      cache.set(key, pbf);
    }
    ctx.type = 'application/x-protobuf';
    // The fonts change only with the package: a day in caches, then revalidated by size and date.
    ctx.set('Cache-Control', 'public, max-age=86400');
    ctx.body = Buffer.from(pbf);
  };
}
