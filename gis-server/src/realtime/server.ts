// Socket.IO at /rt on gis-server's HTTP server (docs/realtime.md): the token checked at
// connect, the Redis adapter between instances (or memory for one instance alone), the
// handlers, the lock sweep, and a clean close.
import type { Server as HttpServer } from 'node:http';
import { createAdapter } from '@socket.io/redis-adapter';
import { LOCK_TTL_MS, RT_CLIENT_EVENTS, t } from '@calepin/core';
import { Redis } from 'ioredis';
import { Server } from 'socket.io';
import type { Deps } from '../http/context';
import { type RtSocket, type SocketState, Refusal, RATE_PER_SECOND, guard } from './guard';
import { createHub } from './hub';
import { chatHandlers } from './chat';
import { broadcastChanges } from './live';
import { lockHandlers, sweepLocks } from './locks';
import { leave, missionHandlers } from './missions';
import type { RtStore } from './store';
import { MemoryStore } from './store-memory';
import { RedisStore } from './store-redis';

export const RT_PATH = '/rt';
/** Larger messages close the socket that sent them (Socket.IO's own limit). */
export const MAX_MESSAGE_BYTES = 64 * 1024;
const SWEEP_MS = 1000;

export interface Realtime {
  io: Server;
  close(): Promise<void>;
}

function connectError(code: 'unauthorized' | 'forbidden', message: string): Error {
  return Object.assign(new Error(code), { data: { code, message } });
}

export function attachRealtime(server: HttpServer, deps: Pick<Deps, 'db' | 'log' | 'checker' | 'config'>, options: { lockTtlMs?: number } = {}): Realtime {
  const { config, log } = deps;
  const io = new Server(server, { path: RT_PATH, maxHttpBufferSize: MAX_MESSAGE_BYTES, serveClient: false });
  let redis: Redis[] = [];
  let store: RtStore;
  if (config.redisUrl) {
    const pub = new Redis(config.redisUrl, { lazyConnect: false, maxRetriesPerRequest: 3 });
    const sub = pub.duplicate();
    for (const client of [pub, sub]) client.on('error', (error) => log.warn({ err: error }, 'redis connection error'));
    redis = [pub, sub];
    io.adapter(createAdapter(pub, sub, { key: `${config.redisPrefix ?? 'rt:'}socket.io` }));
    store = new RedisStore(pub, config.redisPrefix ?? 'rt:');
  } else {
    store = new MemoryStore();
  }
  const hub = createHub(io, store, deps.db, log, options.lockTtlMs ?? LOCK_TTL_MS);
  const stopLive = broadcastChanges(hub);

  io.use((socket, next) => {
    const token: unknown = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    void (async () => {
      const credential = typeof token === 'string' && token.length <= 4096 ? await deps.checker.check(token) : null;
      if (!credential) {
        log.warn({ address: socket.handshake.address }, 'realtime connection refused: no valid token');
        return next(connectError('unauthorized', t('en', 'rt.unauthorized')));
      }
      const { user } = credential;
      if (credential.kind !== 'session' || user.role === 'client') {
        log.warn({ user: user.id, role: user.role, kind: credential.kind }, 'realtime connection refused: not allowed');
        return next(connectError('forbidden', t(user.locale, 'rt.forbidden', { role: user.role })));
      }
      const state: SocketState = {
        token: token as string, user, missions: new Map(), plants: new Set(),
        bucket: { tokens: 2 * RATE_PER_SECOND, at: Date.now() }, refusedInRow: 0, lastRefusalLog: 0, lastPositionAt: 0,
      };
      socket.data = state;
      next();
    })().catch((error: unknown) => {
      log.error({ err: error }, 'realtime connection check failed');
      next(connectError('unauthorized', t('en', 'rt.server_error')));
    });
  });

  io.on('connection', (raw) => {
    const socket = raw as unknown as RtSocket;
    const g = guard(socket, deps.checker, log);
    g.on('auth', async ({ token }) => {
      const credential = await deps.checker.check(token);
      if (!credential || credential.kind !== 'session' || credential.user.id !== socket.data.user.id) throw new Refusal('unauthorized', 'token');
      socket.data.token = token;
      socket.data.user = credential.user;
    });
    missionHandlers(hub, socket, g);
    lockHandlers(hub, socket, g);
    chatHandlers(hub, socket, g);
    socket.onAny((event: string) => {
      if (!Object.hasOwn(RT_CLIENT_EVENTS, event)) g.refuse(event, new Refusal('unknown_event', null, 'rt.unknown_event', { event: event.slice(0, 64) }), null);
    });
    socket.on('disconnect', () => {
      // A closing instance leaves its users' presence as it is: their apps reconnect to another.
      if (closing) return;
      void (async () => {
        for (const missionId of [...socket.data.missions.keys()]) await leave(hub, socket, missionId, 'disconnected');
      })().catch((error: unknown) => log.error({ err: error }, 'realtime disconnect not recorded'));
    });
  });

  let closing = false;
  let sweeping = false;
  const sweep = setInterval(() => {
    if (sweeping) return;
    sweeping = true;
    sweepLocks(hub).catch((error: unknown) => log.warn({ err: error }, 'lock sweep failed')).finally(() => { sweeping = false; });
  }, SWEEP_MS);
  sweep.unref();

  return {
    io,
    async close() {
      closing = true;
      clearInterval(sweep);
      stopLive();
      await io.close();
      await store.close();
      await Promise.all(redis.map((r) => r.quit().catch(() => undefined)));
    },
  };
}
