// A basemap whose tiles do not come (no network, a service down, a URL refused by the CSP)
// must not leave a grey map: the app is told once, and falls back to the plain background.
import type { Map as MapLibreMap, MapSourceDataEvent } from 'maplibre-gl';

const PREFIX = 'basemap-';

export interface BasemapWatch {
  /** The person chose this basemap again: give it another chance. */
  retry(basemap: string): void;
  stop(): void;
}

/**
 * Calls `onFailed(basemap id)` once when a basemap's tile fails before any of its tiles
 * arrived. Once tiles have come, a missing one (a hole in the service's coverage) is ignored.
 */
export function watchBasemap(map: MapLibreMap, onFailed: (basemap: string) => void): BasemapWatch {
  const loaded = new Set<string>();
  const failed = new Set<string>();
  const onError = (event: object) => {
    const source = (event as { sourceId?: string }).sourceId;
    if (!source?.startsWith(PREFIX) || loaded.has(source) || failed.has(source)) return;
    failed.add(source);
    onFailed(source.slice(PREFIX.length));
  };
  const onData = (event: MapSourceDataEvent) => {
    if (event.sourceId.startsWith(PREFIX) && event.tile && (event.tile as { state?: string }).state === 'loaded') loaded.add(event.sourceId);
  };
  map.on('error', onError);
  map.on('sourcedata', onData);
  return {
    retry: (basemap) => failed.delete(`${PREFIX}${basemap}`),
    stop() {
      map.off('error', onError);
      map.off('sourcedata', onData);
    },
  };
}
