import type { IncomingMessage, ServerResponse } from 'node:http';
import { TileError } from '../errors';
import type { Scope } from '../scope';
import type { LiveHub } from './hub';

/** The path of the live events stream. No tile source may take this name (sources/index.ts checks it). */
export const EVENTS_PATH = 'events';
const MAX_TIMER_MS = 2 ** 31 - 1;

export interface EventsRequest {
  hub: LiveHub;
  scope: Scope;
  plant: string | null;
  /** When the caller's token expires (epoch ms), or null (anonymous, or a personal token without expiry). */
  expiresAt: number | null;
  retryMs: number;
}

/**
 * `GET /events[?plant=<id>]`: a Server-Sent Events stream of the changes applied to the
 * tile cache, for the plants the caller may see. Events: `ready` once, `change` per
 * applied change (JSON: plant, table, op, rows, sources, bbox, point), `reset` when every
 * tile was dropped, `expired` just before the stream ends at the token's expiry (the
 * client reconnects with a fresh token) or when the token is revoked. Comment lines keep it alive.
 * Returns what ends the stream that way (null when no stream was opened).
 */
export function serveEvents(req: IncomingMessage, res: ServerResponse, options: EventsRequest): (() => void) | null {
  const { hub, scope, plant } = options;
  if (plant && !hub.visible(scope, plant)) throw new TileError(404, 'not_found', 'e.not_found', {}, 'plant');
  if (hub.full) throw new TileError(503, 'events_full', 'e.events_full', { max: hub.size });
  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'private, no-store, no-transform',
    // nginx and similar proxies would otherwise hold events back.
    'X-Accel-Buffering': 'no',
    Connection: 'keep-alive',
  });
  if (req.method === 'HEAD') {
    res.end();
    return null;
  }
  req.socket.setNoDelay(true);
  req.socket.setKeepAlive(true);
  req.socket.setTimeout(0);
  res.write(`retry: ${options.retryMs}\nevent: ready\ndata: ${JSON.stringify({ plant, scope: scope.kind })}\n\n`);
  // A write racing a disconnection must not become an unhandled 'error'.
  res.on('error', () => undefined);
  const remove = hub.add({ scope, plant, res });
  const end = () => {
    remove();
    if (!res.writableEnded) res.end('event: expired\ndata: {}\n\n');
  };
  let expiry: NodeJS.Timeout | null = null;
  if (options.expiresAt !== null) {
    // A stream outlives no token: at expiry it ends, and the browser comes back with a new one.
    expiry = setTimeout(end, Math.min(MAX_TIMER_MS, Math.max(0, options.expiresAt - Date.now())));
  }
  res.once('close', () => {
    if (expiry) clearTimeout(expiry);
    remove();
  });
  return end;
}
