import { WebConfig } from '@calepin/core';
import { type RouteSpec, defineRoute } from '../../http/route';

export const webConfigRoutes: RouteSpec[] = [
  defineRoute({
    method: 'get',
    path: '/config',
    tag: 'meta',
    summary: 'What the web app needs before login: the raster basemap configured, the vector tile URL',
    roles: 'public',
    response: WebConfig,
    async handler({ deps }) {
      const { basemapUrl, basemapAttribution } = deps.config;
      return {
        basemap: basemapUrl ? { url: basemapUrl, attribution: basemapAttribution } : null,
        demo: deps.config.demo,
        tiles: '/tiles/{sources}/{z}/{x}/{y}',
      } satisfies WebConfig;
    },
  }),
];
