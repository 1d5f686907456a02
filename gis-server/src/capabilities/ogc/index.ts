import Router from '@koa/router';
import type { AppState, Deps } from '../../http/context';
import { ogcAuth } from './auth';
import { mountFeatures } from './features';
import { mountWfs } from './wfs';

/** /ogc: WFS 2.0 / 1.1 (with transactions) and OGC API – Features, for QGIS and GDAL. */
export function ogcRouter(deps: Deps): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/ogc' });
  const auth = ogcAuth(deps);
  mountWfs(router, deps, auth);
  mountFeatures(router, deps, auth);
  return router;
}
