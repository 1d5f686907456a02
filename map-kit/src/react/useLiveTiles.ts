import { useEffect } from 'react';
import type { Map as MapLibreMap } from 'maplibre-gl';
import type { LiveClient } from '../live/client';
import { followLiveTiles } from '../live/follow';

/**
 * Keeps a vector source of the map true to the database while the component is mounted
 * (followLiveTiles). `drawn` may be a new array at each render: its contents are compared.
 */
export function useLiveTiles(
  live: LiveClient,
  map: MapLibreMap | null,
  plant: string,
  source: string,
  drawn: readonly string[],
  onStatus?: (connected: boolean) => void,
): void {
  const drawnKey = drawn.join(',');
  useEffect(() => {
    if (!map) return undefined;
    return followLiveTiles(map, live, { plant, source, drawn: drawnKey.split(','), onStatus });
  }, [live, map, plant, source, drawnKey, onStatus]);
}
