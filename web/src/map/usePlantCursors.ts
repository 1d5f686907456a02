// The other office users' mice on this plant map, and ours to them (docs/realtime.md,
// `plant:cursor`). Not for client users: the real-time layer is the office's and the field's.
import { useEffect } from 'react';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { followPlantCursors, watchPlantCursors } from '@calepin/map-kit';
import { tokens } from '../api/http';

export function usePlantCursors(map: MapLibreMap | null, plantId: string, enabled: boolean): void {
  useEffect(() => {
    if (!map || !enabled) return;
    const cursors = watchPlantCursors(tokens, plantId);
    const stop = followPlantCursors(map, cursors);
    return () => {
      stop();
      cursors.close();
    };
  }, [map, plantId, enabled]);
}
