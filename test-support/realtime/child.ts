// A second gis-server with real-time, in its own process, on the same database and Redis
// as the test's: users on it and on the test's own instance must see each other.
// argv: database URL, Redis key prefix, options as JSON ({ filesDir?, lockTtlMs? }: a file
// store shared with the parent, a lock life). REDIS_URL from the environment. Tells its parent its port.
import { createServer } from 'node:http';
import pino from 'pino';
import { attachRealtime, createApp } from '@calepin/gis-server';
import { testConfig } from '../app';

const [databaseUrl, redisPrefix, json] = process.argv.slice(2) as [string, string, string | undefined];
const options = JSON.parse(json ?? '{}') as { filesDir?: string; lockTtlMs?: number };
const config = testConfig(databaseUrl, {
  redisUrl: process.env.REDIS_URL ?? null, redisPrefix, dbPoolSize: 4, ...(options.filesDir ? { filesDir: options.filesDir } : {}),
});
const app = createApp(config, { log: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }) });
const server = createServer(app.handler);
attachRealtime(server, app.deps, { lockTtlMs: options.lockTtlMs });
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.send?.({ port: typeof address === 'object' && address ? address.port : 0 });
});
process.on('disconnect', () => process.exit(0));
