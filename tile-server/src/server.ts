import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import { type Locale, negotiateLocale } from '@calepin/core';
import pg from 'pg';
import pino, { type Logger } from 'pino';
import { type Credential, REVOCATION_CHANNEL, TokenChecker } from '@calepin/core/tokens';
import { hasCredential, tokenOf } from './auth';
import { TileCache } from './cache';
import { ChangeListener } from './changes';
import type { TileConfig } from './config';
import { TileError } from './errors';
import { LiveHub } from './events/hub';
import { EVENTS_PATH, serveEvents } from './events/route';
import { uuidParam } from './params';
import { PlantsIndex } from './plants-index';
import { SourceRegistry } from './registry';
import { TileRenderer } from './render';
import type { Scope } from './scope';
import { PlanTiles, type ServedTile, type TileFormat, VECTOR_SOURCES } from './sources';
import { MAX_ZOOM, parseTile } from './tile-math';

export interface TileServer {
  server: Server;
  cache: TileCache;
  renderer: TileRenderer;
  changes: ChangeListener;
  /** The subscribers of GET /events. */
  live: LiveHub;
  /** The plans raster source (its open datasets). */
  planTiles: PlanTiles;
  /** Every source, vector and raster. */
  sources: SourceRegistry;
  /** Called once a token revocation notice was applied (tests wait on it). */
  onRevoked: ((payload: string) => void) | null;
  pool: pg.Pool;
  /** Connects to the database and starts listening for changes (not for HTTP). */
  start(): Promise<void>;
  listen(): Promise<string>;
  close(): Promise<void>;
}

/**
 * The tile-server: martin's URL scheme (/catalog, /{source}, /{source}/{z}/{x}/{y},
 * composite /{a},{b}/…), Calepin's tokens and visibility rules, and a cache that
 * PostgreSQL's change notifications keep true.
 */
export function createTileServer(config: TileConfig, options: { log?: Logger } = {}): TileServer {
  const log = options.log ?? pino({ level: config.logLevel, name: 'tile-server' });
  const pool = new pg.Pool({
    connectionString: config.databaseUrl,
    max: config.dbPoolSize,
    application_name: 'calepin-tile-server',
    // The tile-server only reads. Its queries are prepared (named) statements, and after five
    // runs PostgreSQL may keep a generic plan, blind to the tile's envelope: the z18 modules
    // query went from 24 to 50 ms on a dense tile. Every tile is planned for its own envelope.
    options: '-c default_transaction_read_only=on -c plan_cache_mode=force_custom_plan',
  });
  pool.on('error', (error) => log.error({ err: error }, 'idle database connection failed'));
  const cache = new TileCache(config.cacheBytes);
  const plants = new PlantsIndex(pool);
  const renderer = new TileRenderer(pool, cache);
  const changes = new ChangeListener(config.databaseUrl, cache, plants, log);
  const checker = new TokenChecker(config.jwtSecret, (sql, params) => pool.query(sql, params));
  // Open event streams by user, with their token: a revocation ends those whose token no longer holds.
  const streams = new Map<string, Set<{ token: string; end: () => void }>>();
  changes.listen(REVOCATION_CHANNEL, (payload) => void revoked(payload));
  changes.subscribe({ applied: () => undefined, reset: () => checker.lost() });
  const planTiles = new PlanTiles(pool, config.filesDir ?? '.data/files', cache);
  const sources = new SourceRegistry([...VECTOR_SOURCES, planTiles], pool, renderer);
  const live = new LiveHub(plants, { maxSubscribers: config.eventsMax ?? 1000, heartbeatMs: (config.eventsHeartbeatSeconds ?? 15) * 1000 }, log);
  changes.subscribe(live);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://tile-server');
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    // What a credential opens is nobody else's: never stored by a cache unless a response says
    // how it is revalidated (tiles, below). TileJSON carries `?token=` in its tile URLs.
    if (hasCredential(req, url)) res.setHeader('Cache-Control', 'private, no-store');
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        'Access-Control-Allow-Methods': 'GET, HEAD, OPTIONS',
        'Access-Control-Allow-Headers': 'Authorization, If-None-Match',
        'Access-Control-Max-Age': '86400',
      });
      res.end();
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      throw new TileError(405, 'method_not_allowed', 'e.method_not_allowed', { method: req.method ?? '' });
    }
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    if (parts.length === 1 && parts[0] === 'health') return sendJson(res, { status: 'ok', cache: cacheStats() });
    if (parts.length === 1 && parts[0] === 'catalog') return sendJson(res, sources.catalog());
    if (parts.length === 1 && parts[0] === EVENTS_PATH) {
      const plant = uuidParam(url.searchParams, 'plant');
      const { scope, credential, token } = await callerOf(req, url, plant);
      const end = serveEvents(req, res, { hub: live, scope, plant, expiresAt: credential?.expiresAt ?? null, retryMs: 2000 });
      if (end && credential && token) watchStream(credential.user.id, token, end, res);
      return;
    }
    // Every source, of every kind, by the same path: /{ids} (TileJSON) or /{ids}/{z}/{x}/{y}.
    const path = tilePath(parts);
    if (!path) throw new TileError(404, 'route_not_found', 'e.route_not_found', { method: req.method ?? 'GET', path: url.pathname });
    const tiles = sources.resolve(path.ids);
    const scope = await scopeOf(req, url, uuidParam(url.searchParams, 'plant'));
    if (scope.kind === 'share') holdToPlant(url, scope.plantId);
    const request = { params: url.searchParams, scope, base: baseUrl(req), query: url.search };
    if (!path.tile) return sendJson(res, await tiles.tileJson(request));
    const { z, x, y } = path.tile;
    const coord = parseTile(z, x, y.replace(tiles.format.extension, ''));
    if (!coord) throw new TileError(400, 'tile_coordinates', 'e.tile_coordinates', { z, x, y, maxzoom: MAX_ZOOM });
    sendTile(req, res, tiles.format, await tiles.tile(request, coord));
  }

  /** Who is asking: staff see every plant, a client user its company's, anonymous only shared plants. */
  async function scopeOf(req: IncomingMessage, url: URL, plant: string | null): Promise<Scope> {
    return (await callerOf(req, url, plant)).scope;
  }

  async function callerOf(req: IncomingMessage, url: URL, plant: string | null): Promise<{ scope: Scope; credential: Credential | null; token: string | null }> {
    const token = tokenOf(req.headers.authorization, url.searchParams);
    if (!token) {
      if (plant && plants.isPublic(plant)) return { scope: { kind: 'public' }, credential: null, token };
      throw new TileError(401, 'unauthorized', 'e.tile_unauthorized');
    }
    const credential = await checker.check(token);
    if (!credential) throw new TileError(401, 'token_invalid', 'e.token_invalid');
    const { user } = credential;
    if (credential.kind === 'share' && credential.share) return { scope: { kind: 'share', plantId: credential.share.plantId }, credential, token };
    if (user.role !== 'client') return { scope: { kind: 'staff' }, credential, token };
    if (!user.clientId) throw new TileError(403, 'forbidden', 'e.forbidden', { role: user.role });
    return { scope: { kind: 'client', clientId: user.clientId }, credential, token };
  }

  /** A share link reads its plant: another plant is a 404, no plant means its plant. */
  function holdToPlant(url: URL, plantId: string): void {
    const asked = url.searchParams.get('plant');
    if (asked !== null && asked !== plantId) throw new TileError(404, 'not_found', 'e.not_found', {}, 'plant');
    url.searchParams.set('plant', plantId);
  }

  function watchStream(userId: string, token: string, end: () => void, res: ServerResponse): void {
    const entry = { token, end };
    const set = streams.get(userId) ?? streams.set(userId, new Set()).get(userId)!;
    set.add(entry);
    res.once('close', () => {
      set.delete(entry);
      if (!set.size) streams.delete(userId);
    });
  }

  /** A revocation notice: forget the user's tokens, end the streams whose token no longer holds. */
  async function revoked(payload: string): Promise<void> {
    await checker.notified(payload);
    let userIds: string[];
    try {
      const { user } = JSON.parse(payload) as { user?: unknown };
      userIds = typeof user === 'string' ? [user] : [...streams.keys()];
    } catch {
      userIds = [...streams.keys()];
    }
    for (const userId of userIds) {
      for (const stream of streams.get(userId) ?? []) {
        if (!(await checker.check(stream.token).catch(() => null))) stream.end();
      }
    }
    onRevoked?.(payload);
  }

  function baseUrl(req: IncomingMessage): string {
    if (config.publicUrl) return config.publicUrl;
    const forwardedHost = header(req, 'x-forwarded-host');
    const proto = header(req, 'x-forwarded-proto') ?? 'http';
    const prefix = (header(req, 'x-forwarded-prefix') ?? '').replace(/\/+$/, '');
    return `${proto}://${forwardedHost ?? req.headers.host ?? `${config.host}:${config.port}`}${prefix}`;
  }

  const cacheStats = () => ({
    tiles: cache.size,
    bytes: cache.bytes,
    hits: cache.hits,
    misses: cache.misses,
    renders: renderer.renders,
  });

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      const locale: Locale = negotiateLocale(req.headers['accept-language']);
      let refusal = error instanceof TileError ? error : null;
      if (!refusal) {
        log.error({ err: error, url: req.url }, 'tile request failed');
        refusal = new TileError(500, 'internal', 'e.internal');
      }
      if (res.headersSent) {
        res.destroy();
        return;
      }
      const headers: Record<string, string> = { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' };
      if (refusal.status === 401) headers['WWW-Authenticate'] = 'Bearer';
      if (refusal.status === 503) headers['Retry-After'] = '10';
      res.writeHead(refusal.status, headers);
      res.end(refusal.body(locale));
    });
  });
  server.keepAliveTimeout = 65_000;

  let started = false;
  let onRevoked: ((payload: string) => void) | null = null;
  return {
    get onRevoked() {
      return onRevoked;
    },
    set onRevoked(hook) {
      onRevoked = hook;
    },
    server,
    cache,
    renderer,
    changes,
    live,
    planTiles,
    sources,
    pool,
    async start() {
      if (started) return;
      started = true;
      await plants.reload();
      await changes.start();
    },
    async listen() {
      await this.start();
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.port, config.host, () => resolve());
      });
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : config.port;
      log.info({ port, host: config.host }, `tile-server listening on http://${config.host}:${port}`);
      return `http://${config.host}:${port}`;
    },
    async close() {
      live.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await changes.stop();
      planTiles.close();
      await pool.end();
    },
  };
}

/** The source ids of a path and, for a tile, its z/x/y as written (y may carry an extension). */
function tilePath(parts: string[]): { ids: string; tile: { z: string; x: string; y: string } | null } | null {
  const [ids, z, x, y, ...rest] = parts;
  if (ids === undefined || rest.length > 0) return null;
  if (z === undefined) return { ids, tile: null };
  if (x === undefined || y === undefined) return null;
  return { ids, tile: { z, x, y } };
}

/**
 * The one way a tile goes out, whatever its source: 204 when it is empty, its ETag and a
 * 304 when the client has it, gzipped when the format keeps it so and the client accepts it.
 */
function sendTile(req: IncomingMessage, res: ServerResponse, format: TileFormat, tile: ServedTile): void {
  const gzip = format.gzip && tile.gzip !== undefined && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
  const headers: Record<string, string> = {
    'Cache-Control': format.cacheControl,
    Vary: format.gzip ? 'Accept-Encoding, Authorization' : 'Authorization',
    'X-Tile-Cache': tile.cached ? 'hit' : 'miss',
  };
  if (tile.raw.length === 0) {
    res.writeHead(204, headers);
    res.end();
    return;
  }
  headers.ETag = `"${tile.etag}${gzip ? '-gz' : ''}"`;
  if (matches(req.headers['if-none-match'], headers.ETag)) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  const body = gzip && tile.gzip ? tile.gzip : tile.raw;
  headers['Content-Type'] = format.contentType;
  headers['Content-Length'] = String(body.length);
  if (gzip) headers['Content-Encoding'] = 'gzip';
  res.writeHead(200, headers);
  res.end(req.method === 'HEAD' ? undefined : body);
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return (Array.isArray(value) ? value[0] : value)?.split(',')[0]?.trim() || undefined;
}

function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag || tag.trim() === '*');
}

function sendJson(res: ServerResponse, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': String(res.getHeader('Cache-Control') ?? 'no-cache') });
  res.end(text);
}
