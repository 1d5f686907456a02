export { createApp, type App } from './app';
export { DEFAULT_WEB_DIR, loadConfig, type Config } from './config';
export { apiRoutes } from './routes';
export { openApiDocument } from './capabilities/openapi/document';
export { hashPassword } from './access/passwords';
export { attachRealtime, type Realtime, RT_PATH } from './realtime/server';
