import { WebConfig } from '@calepin/core';
import { type RouteSpec, defineRoute } from '../../http/route';
import { GLYPHS_URL } from './glyphs/serve';

export const webConfigRoutes: RouteSpec[] = [
  defineRoute({
    method: 'get',
    path: '/config',
    tag: 'meta',
    summary: 'What the web app needs before login: the basemaps offered, the glyphs and vector tile URLs, whether address search works',
    roles: 'public',
    response: WebConfig,
    async handler({ deps }) {
      return {
        basemaps: [...deps.config.basemaps],
        glyphs: GLYPHS_URL,
        geocoder: deps.config.geocoderUrl !== null,
        demo: deps.config.demo,
        tiles: '/tiles/{sources}/{z}/{x}/{y}',
      } satisfies WebConfig;
    },
  }),
];
