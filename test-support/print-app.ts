// A gis-server that prints (audit reports, mission orders): its maps are drawn from a real
// tile-server on the same test database, as in production.
import { tmpdir } from 'node:os';
import pino from 'pino';
import type { Config } from '@calepin/gis-server';
import { type TileServer, createTileServer } from '@calepin/tile-server';
import { TEST_SECRET, type TestApp, testApp } from './app';
import { testDatabase } from './db';

export interface PrintApp {
  t: TestApp;
  tiles: TileServer;
  close(): Promise<void>;
}

/** `filesDir`: gis-server's file store, which the tile-server reads plans from too. */
export async function printApp(config: Partial<Config> = {}): Promise<PrintApp> {
  const db = await testDatabase();
  const tiles = createTileServer(
    {
      databaseUrl: db.url, jwtSecret: TEST_SECRET, port: 0, host: '127.0.0.1', publicUrl: null, cacheBytes: 8 * 2 ** 20,
      dbPoolSize: 2, logLevel: 'silent', filesDir: config.filesDir ?? tmpdir(),
    },
    { log: pino({ level: 'silent' }) },
  );
  const t = await testApp({ config: { ...config, tileServerUrl: await tiles.listen() }, database: db });
  return {
    t,
    tiles,
    async close() {
      await t.close();
      await tiles.close();
    },
  };
}
