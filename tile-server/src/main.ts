// tile-server's entry point: npm start runs it beside gis-server.
import { loadTileConfig } from './config';
import { createTileServer } from './server';

const server = createTileServer(loadTileConfig());
await server.listen();

const stop = () => {
  server.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
