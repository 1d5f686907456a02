// Real-time test support: gis-server instances with Socket.IO on one Redis (one in the
// test's process, others as child processes), and a client that records what it hears.
import { type ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Socket, io } from 'socket.io-client';
import type { RtEnvelope } from '@calepin/core';
import { type Realtime, attachRealtime } from '@calepin/gis-server';
import type { TestApp } from '../app';

export const redisUrl = (): string => {
  const url = process.env.REDIS_URL;
  if (!url) throw new Error('REDIS_URL is not set: run the tests with npm test (it starts the local Redis)');
  return url;
};

/** A key prefix of its own, so that test files sharing the Redis never see each other's state. */
export const testPrefix = () => `rt-test-${randomBytes(4).toString('hex')}:`;

export interface Instance {
  url: string;
  /** The process serving it (a child's own, or this one). */
  pid: number;
  close(): Promise<void>;
}

/** The test app itself, listening on a port with real-time attached. */
export async function inProcess(t: TestApp, prefix: string, options: { lockTtlMs?: number; redis?: boolean } = {}): Promise<Instance & { realtime: Realtime }> {
  const server: Server = createServer(t.app.handler);
  const config = { ...t.app.deps.config, redisUrl: options.redis === false ? null : redisUrl(), redisPrefix: prefix };
  const realtime = attachRealtime(server, { ...t.app.deps, config }, { lockTtlMs: options.lockTtlMs });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    pid: process.pid,
    realtime,
    close: () => realtime.close(),
  };
}

/**
 * Another gis-server process on the same database and Redis. `filesDir`: the file store it
 * shares with the test's instance (as instances of one deployment do); `lockTtlMs`: its
 * module locks' life (60 s in the app).
 */
export async function childInstance(
  databaseUrl: string, prefix: string, options: { filesDir?: string; lockTtlMs?: number } = {},
): Promise<Instance> {
  const child: ChildProcess = fork(new URL('./child.ts', import.meta.url).pathname, [databaseUrl, prefix, JSON.stringify(options)], {
    execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env: { ...process.env, REDIS_URL: redisUrl() },
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m) => resolve((m as { port: number }).port));
    child.once('exit', (code) => reject(new Error(`the second instance exited (${code}) before listening`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid as number,
    async close() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

type Heard = { name: string; payload: unknown };

/** A Socket.IO client that keeps everything it hears, and waits for what it expects. */
export class LiveClient {
  readonly heard: Heard[] = [];
  private waiters: { test: (h: Heard) => boolean; resolve: (h: Heard) => void }[] = [];

  private constructor(readonly socket: Socket) {
    socket.onAny((name: string, payload: unknown) => {
      const h = { name, payload };
      this.heard.push(h);
      this.waiters = this.waiters.filter((w) => (w.test(h) ? (w.resolve(h), false) : true));
    });
  }

  static async connect(url: string, token: string): Promise<LiveClient> {
    const socket = io(url, { path: '/rt', auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    return new LiveClient(socket);
  }

  /** Sends an event and returns its acknowledgement. */
  ask<T = Record<string, unknown>>(event: string, payload: unknown): Promise<{ ok: boolean; code?: string; field?: string; message?: string } & T> {
    return this.socket.timeout(10_000).emitWithAck(event, payload);
  }

  /** The first thing heard (already, or from now on) that passes `test`. */
  wait(name: string, test: (payload: never) => boolean = () => true, seconds = 10): Promise<unknown> {
    const match = (h: Heard) => h.name === name && test(h.payload as never);
    const known = this.heard.find(match);
    if (known) return Promise.resolve(known.payload);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${name} not heard within ${seconds} s; heard: ${JSON.stringify(this.heard.map((h) => h.name))}`)), seconds * 1000);
      this.waiters.push({ test: match, resolve: (h) => { clearTimeout(timer); resolve(h.payload); } });
    });
  }

  /** The first mission event of a type passing `test`. */
  event<T = Record<string, unknown>>(type: RtEnvelope['type'], test: (data: T, e: RtEnvelope) => boolean = () => true): Promise<Omit<RtEnvelope, 'data'> & { data: T }> {
    return this.wait('event', (e: RtEnvelope) => e.type === type && test(e.data as T, e)) as Promise<Omit<RtEnvelope, 'data'> & { data: T }>;
  }

  events(type: RtEnvelope['type']): RtEnvelope[] {
    return this.heard.filter((h) => h.name === 'event' && (h.payload as RtEnvelope).type === type).map((h) => h.payload as RtEnvelope);
  }

  close(): void {
    this.socket.close();
  }
}
