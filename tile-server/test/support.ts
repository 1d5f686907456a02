// A real tile-server on a test database, next to an in-process gis-server on the same
// database (for real tokens and real edits through the API).
import { request } from 'node:http';
import { type Role, tileAt as coreTileAt } from '@calepin/core';
import { type TileConfig, type TileServer, createTileServer } from '@calepin/tile-server';
import pino from 'pino';
import { TEST_SECRET, type TestApp, testApp } from '../../test-support/app';

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export interface TileTest {
  api: TestApp;
  tiles: TileServer;
  url: string;
  get(path: string, headers?: Record<string, string>): Promise<Reply>;
  /** GET with the demo user of a role. */
  as(role: Role, path: string, headers?: Record<string, string>): Promise<Reply>;
  /** Resolves after the tile-server has applied the next `count` change notifications. */
  changesApplied(count?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startTileServer(
  url: string,
  filesDir?: string,
  overrides: Partial<TileConfig> = {},
): Promise<{ tiles: TileServer; url: string }> {
  const tiles = createTileServer(
    {
      databaseUrl: url,
      jwtSecret: TEST_SECRET,
      port: 0,
      host: '127.0.0.1',
      publicUrl: null,
      cacheBytes: 64 * 2 ** 20,
      dbPoolSize: 4,
      logLevel: 'silent',
      ...(filesDir ? { filesDir } : {}),
      ...overrides,
    },
    { log: pino({ level: 'silent' }) },
  );
  return { tiles, url: await tiles.listen() };
}

export async function tileTest(): Promise<TileTest> {
  const api = await testApp();
  const { tiles, url } = await startTileServer(api.db.url);
  const get = (path: string, headers: Record<string, string> = {}) => httpGet(`${url}${path}`, headers);
  return {
    api,
    tiles,
    url,
    get,
    async as(role, path, headers = {}) {
      return get(path, { authorization: `Bearer ${await api.token(role)}`, ...headers });
    },
    changesApplied(count = 1) {
      return new Promise((resolve) => {
        let left = count;
        tiles.changes.onApplied = () => {
          if (--left === 0) {
            tiles.changes.onApplied = null;
            resolve();
          }
        };
      });
    },
    async close() {
      await tiles.close();
      await api.close();
    },
  };
}

/** A GET that keeps the body as sent (no automatic gunzip), so encodings can be checked. */
export function httpGet(url: string, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** The tile of zoom z holding a point (lon, lat), as `z/x/y`. */
export function tileAt(lon: number, lat: number, z: number): string {
  const { x, y } = coreTileAt(lon, lat, z);
  return `${z}/${x}/${y}`;
}
