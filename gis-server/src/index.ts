export { createApp, type App } from './app';
export { DEFAULT_WEB_DIR, loadConfig, type Config } from './config';
export { apiRoutes } from './routes';
export { openApiDocument } from './modules/openapi/document';
export { hashPassword } from './modules/auth/passwords';
