// Where a map finds the plant's tiles, and the token those requests carry.
import type { RequestTransformFunction } from 'maplibre-gl';
import { MAP_TILE_SOURCES, type Plan } from '@calepin/core';

/** The composite the plant map asks for in one request per tile (core's MAP_TILE_SOURCES). */
export const PLANT_TILE_SOURCES = MAP_TILE_SOURCES.join(',');

/**
 * The URL template of a plant's composite vector tiles (`/tiles/…`, gis-server forwarding to
 * the tile-server), with the statuses of one audit when given. Absolute, on `origin`
 * (the app's own: `window.location.origin` in a browser), so that authorizeTiles gives it the token.
 */
export function plantTileUrl(origin: string, plantId: string, audit?: string): string {
  const query = new URLSearchParams({ plant: plantId });
  if (audit) query.set('audit', audit);
  return `${origin}/tiles/${PLANT_TILE_SOURCES}/{z}/{x}/{y}?${query}`;
}

/** The raster tile URL of a georeferenced plan (the server's own when the plan names one), absolute on `origin`. */
export function planTileUrl(origin: string, plan: Pick<Plan, 'id' | 'tiles'>): string {
  const url = plan.tiles?.url ?? `/tiles/plans/{z}/{x}/{y}?plan=${plan.id}`;
  return url.startsWith('/') ? `${origin}${url}` : url;
}

/**
 * MapLibre's transformRequest that gives the access token to the URLs under `prefix` (the
 * app's tiles, `${origin}/tiles/`, or its pixel tiles under `${origin}/api/v1/plans/`) and to
 * nothing else: a basemap elsewhere never sees it.
 */
export function authorizeTiles(prefix: string, accessToken: () => string | null): RequestTransformFunction {
  return (url) => {
    const token = accessToken();
    return url.startsWith(prefix) && token ? { url, headers: { Authorization: `Bearer ${token}` } } : { url };
  };
}
