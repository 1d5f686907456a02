// A second gis-server with real-time, in its own process, on the same database and Redis
// as the test's: users on it and on the test's own instance must see each other.
// argv: database URL, Redis key prefix. REDIS_URL from the environment. Tells its parent its port.
import { createServer } from 'node:http';
import pino from 'pino';
import { attachRealtime, createApp } from '@calepin/gis-server';
import { testConfig } from '../app';

const [databaseUrl, redisPrefix] = process.argv.slice(2) as [string, string];
const config = testConfig(databaseUrl, { redisUrl: process.env.REDIS_URL ?? null, redisPrefix, dbPoolSize: 4 });
const app = createApp(config, { log: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }) });
const server = createServer(app.koa.callback());
attachRealtime(server, app.deps);
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.send?.({ port: typeof address === 'object' && address ? address.port : 0 });
});
process.on('disconnect', () => process.exit(0));
