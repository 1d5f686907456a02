// Georeferenced plans on the plant map: one raster source and layer per plan, over the
// basemap and under the layout.
import type { Map as MapLibreMap } from 'maplibre-gl';
import { LAYOUT_FIRST_LAYER } from './plant-layers';

/** A georeferenced plan as the plant map draws it. */
export interface PlanOverlay {
  id: string;
  /** Its raster tile URL template (planTileUrl). */
  url: string;
  opacity: number;
  visible: boolean;
  /** The zooms the tiles exist at (default 0–24); the map draws deeper zooms from the last one. */
  minzoom?: number;
  maxzoom?: number;
}

const PREFIX = 'plan-';

/** Adds, updates and removes the plans' raster layers, in the order given (last on top). */
export function syncPlanLayers(map: MapLibreMap, overlays: readonly PlanOverlay[]): void {
  const wanted = new Set(overlays.map((o) => PREFIX + o.id));
  for (const layer of map.getStyle().layers) {
    if (layer.id.startsWith(PREFIX) && !wanted.has(layer.id)) {
      map.removeLayer(layer.id);
      map.removeSource(layer.id);
    }
  }
  const before = map.getLayer(LAYOUT_FIRST_LAYER) ? LAYOUT_FIRST_LAYER : undefined;
  for (const overlay of overlays) {
    const id = PREFIX + overlay.id;
    if (!map.getSource(id)) {
      map.addSource(id, { type: 'raster', tiles: [overlay.url], tileSize: 256, minzoom: overlay.minzoom ?? 0, maxzoom: overlay.maxzoom ?? 24 });
      map.addLayer({ id, type: 'raster', source: id, paint: { 'raster-fade-duration': 0 } }, before);
    }
    map.setPaintProperty(id, 'raster-opacity', overlay.opacity);
    map.setLayoutProperty(id, 'visibility', overlay.visible ? 'visible' : 'none');
  }
}
