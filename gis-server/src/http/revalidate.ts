import { createHash } from 'node:crypto';
import type { AppContext } from './context';

/**
 * Makes an answer revalidated by ETag instead of never stored (http/security-headers.ts):
 * `private, no-cache` with an ETag made of `version`, then a 304 when the caller already
 * holds it. Call it only after the caller's right to the resource was checked, so that a
 * 304 never confirms a copy to someone who may not read it (QGIS's cache ignores Vary).
 * True when the 304 was sent: the handler stops.
 */
export function revalidated(ctx: AppContext, version: string): boolean {
  ctx.set('Cache-Control', 'private, no-cache');
  ctx.set('Vary', 'Authorization');
  ctx.etag = createHash('sha1').update(version).digest('base64url');
  ctx.status = 200;
  if (!ctx.fresh) return false;
  ctx.status = 304;
  ctx.body = null;
  return true;
}
