// gis-server entry point: npm start runs it after the set-up.
import './runtime'; // first: thread pool and GDAL cache sizes, before any thread starts
import { createApp } from './app';
import { loadConfig } from './config';
import { warmOrderPrinting } from './capabilities/missions/order/render';
import { attachRealtime } from './realtime/server';

let config;
try {
  config = loadConfig();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(2);
}

const app = createApp(config);
const server = app.listen(config.port, config.host, () => {
  const shown = config.host === '0.0.0.0' ? 'localhost' : config.host;
  app.deps.log.info(`gis-server listening on http://${shown}:${config.port} (API: /api/v1, OpenAPI: /api/v1/openapi.json)`);
});
// Idle connections kept 65 s, not Node's 5 s: QGIS and GDAL come back to the same connection
// between a layer's pages and capabilities, and a new one cost the next request 4–6 ms here
// (nginx keeps them 75 s); above the 60 s idle timeout of the usual load balancers.
server.keepAliveTimeout = 65_000;
server.headersTimeout = 66_000;
// Jobs queued before a restart resume now, not at the first upload.
app.deps.jobs.start().catch((error: unknown) => app.deps.log.error({ err: error }, 'job queue did not start'));
// The first mission order after a start would otherwise wait for Chromium and MapLibre to load.
if (config.printOrders) {
  warmOrderPrinting(app.deps).catch((error: unknown) => app.deps.log.warn({ err: error }, 'print pages not warmed: the first mission order starts them'));
}
// Socket.IO at /rt on the same port (docs/realtime.md).
const realtime = attachRealtime(server, app.deps);
app.deps.log.info(config.redisUrl ? 'real-time over Redis' : 'real-time in memory: REDIS_URL is not set, one instance only');
server.on('error', (error) => {
  app.deps.log.fatal({ err: error }, 'cannot listen');
  process.exit(1);
});

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  app.deps.log.info(`${signal}: stopping`);
  await realtime.close();
  server.close();
  server.closeAllConnections();
  await app.close();
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
