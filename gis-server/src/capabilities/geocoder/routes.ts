import { GeocodeQuery, GeocodeResults } from '@calepin/core';
import { ApiError } from '../../http/errors';
import { type RouteSpec, defineRoute } from '../../http/route';
import { geocode } from './geoplateforme';

export const geocoderRoutes: RouteSpec[] = [
  defineRoute({
    method: 'get',
    path: '/geocode',
    tag: 'meta',
    summary: 'Address search: places matching a typed address, for the maps to fly to',
    description:
      'Asks the geocoder of GEOCODER_URL (by default the Géoplateforme, data.geopf.fr/geocodage/search). ' +
      'An empty list when nothing matches; 502 when the service is down or its answer cannot be read; 503 when none is configured.',
    roles: ['admin', 'manager', 'technician'],
    query: GeocodeQuery,
    response: GeocodeResults,
    errors: [502, 503],
    async handler({ query, deps }) {
      const url = deps.config.geocoderUrl;
      if (!url) throw new ApiError(503, 'geocoder_disabled', { key: 'e.geocoder_disabled' });
      return { items: await geocode(url, query.q, query.limit) };
    },
  }),
];
