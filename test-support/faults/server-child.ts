// gis-server in a child process, for tests that kill it with SIGKILL in the middle of a
// push or an upload. argv: database URL, files directory, access token lifetime (s).
// Tells its parent its port once it listens.
import pino from 'pino';
import { createApp } from '@calepin/gis-server';
import { testConfig } from '../app';

const [databaseUrl, filesDir, ttl] = process.argv.slice(2) as [string, string, string];
const app = createApp(testConfig(databaseUrl, { filesDir, accessTokenTtl: Number(ttl), dbPoolSize: 4, uploadLimitBytes: 50 * 1024 * 1024 }), {
  log: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
});
const server = app.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.send?.({ port: typeof address === 'object' && address ? address.port : 0 });
});
