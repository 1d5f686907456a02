import pino from 'pino';
import { createTileServer } from '@calepin/tile-server';
import { createApp } from './src/app';
import { loadConfig } from './src/config';
import { renderOrder } from './src/capabilities/missions/order/render';
const config = loadConfig();
const tiles = createTileServer({ databaseUrl: config.databaseUrl, jwtSecret: config.jwtSecret, port: 0, host: '127.0.0.1', publicUrl: null, cacheBytes: 0, dbPoolSize: 2, logLevel: 'silent', filesDir: '/tmp' }, { log: pino({ level: 'silent' }) });
const app = createApp({ ...config, tileServerUrl: await tiles.listen(), filesDir: '/tmp/mscratch/files' });
const { rows } = await app.deps.db.query(`select id from missions where reference = 'OM-2026-031'`);
for (let i = 0; i < 2; i++) {
  const t0 = performance.now();
  console.log(await renderOrder(app.deps, rows[0].id), Math.round(performance.now() - t0));
}
await app.close(); await tiles.close();
