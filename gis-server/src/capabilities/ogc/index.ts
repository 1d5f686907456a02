import Router from '@koa/router';
import type { AppState, Deps } from '../../http/context';
import { LayerChanges } from '../../layers/changes';
import { ogcAuth } from './auth';
import { OgcCache } from './cache';
import { catalogSummary } from './layers';
import { mountFeatures } from './features';
import { Replays } from './replay';
import { mountWfs } from './wfs';

export interface OgcService {
  router: Router<AppState>;
  /** Answers given again whole before Koa (GetCapabilities); `record` goes first in /ogc's stack. */
  replays: Replays;
  /** Stops listening to PostgreSQL's change notifications. */
  close(): Promise<void>;
}

/** /ogc: WFS 2.0 / 1.1 (with transactions) and OGC API – Features, for QGIS and GDAL. */
export function ogcService(deps: Deps): OgcService {
  const router = new Router<AppState>({ prefix: '/ogc' });
  const auth = ogcAuth(deps);
  const changes = new LayerChanges(deps.config.databaseUrl, deps.log);
  const cache = new OgcCache(changes);
  // Listening before the first answer is computed, so that it is remembered (LayerChanges.ready).
  router.use(async (_ctx, next) => {
    await changes.ready();
    await next();
  });
  // The office's summary (extents, CRSs) read once at start, so that the first QGIS
  // connection does not wait for it.
  void changes.ready()
    .then(() => catalogSummary(deps.db, cache, null))
    .catch((error: unknown) => deps.log.debug({ err: error }, 'OGC summary not read ahead'));
  mountWfs(router, deps, cache, auth);
  mountFeatures(router, deps, cache, auth);
  return { router, replays: new Replays(deps, cache, deps.log), close: () => changes.stop() };
}
