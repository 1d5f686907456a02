// The plant's wiring on a map — cables by kind, inverters, junction boxes — drawn from the
// `cables`, `inverters` and `junction_boxes` layers of a vector source (the field app's
// device-built tiles carry them from z15). Shown on demand over the modules.
import type { LayerSpecification } from 'maplibre-gl';

export const WIRING_LAYER_IDS = ['wiring-cables', 'wiring-boxes', 'wiring-inverters'] as const;

/** Cable colours by kind (cables.kind): DC in warm tones, AC in blue, earth in green. */
const CABLE_COLORS = ['match', ['get', 'kind'], 'dc_string', '#f59e0b', 'dc_main', '#dc2626', 'ac', '#2563eb', 'earth', '#16a34a', '#6b7280'];

export function wiringLayers(source: string, visible: boolean): LayerSpecification[] {
  const visibility = visible ? 'visible' : 'none';
  return [
    {
      id: 'wiring-cables', type: 'line', source, 'source-layer': 'cables', layout: { visibility, 'line-cap': 'round' },
      paint: { 'line-color': CABLE_COLORS as never, 'line-width': ['interpolate', ['linear'], ['zoom'], 15, 1, 20, 3] },
    },
    {
      id: 'wiring-boxes', type: 'circle', source, 'source-layer': 'junction_boxes', layout: { visibility },
      paint: { 'circle-color': '#a855f7', 'circle-radius': ['interpolate', ['linear'], ['zoom'], 15, 3, 20, 7], 'circle-stroke-color': '#fff', 'circle-stroke-width': 1.5 },
    },
    {
      id: 'wiring-inverters', type: 'circle', source, 'source-layer': 'inverters', layout: { visibility },
      paint: { 'circle-color': '#0f172a', 'circle-radius': ['interpolate', ['linear'], ['zoom'], 15, 4, 20, 10], 'circle-stroke-color': '#facc15', 'circle-stroke-width': 2 },
    },
  ];
}
