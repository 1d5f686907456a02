// The map's look: the offline base style and the palette as MapLibre expressions. The
// colours themselves are core's (status.ts): maps, legends, PDFs and the 3D view agree.
import type { ExpressionSpecification, Map as MapLibreMap, StyleSpecification } from 'maplibre-gl';
import { MAP_STATUSES, PLAIN_BASEMAP, SEVERITY_COLORS, STATUS_COLORS, type WebConfig } from '@calepin/core';

/** The id of a basemap's raster source and layer in the style. */
export const basemapLayerId = (basemap: string): string => `basemap-${basemap}`;

/**
 * The base of every map: a plain background, which needs nothing from anywhere, and above
 * it one raster layer per configured basemap (`config.basemaps`), only `shown` visible
 * (`plain`: none). With `origin` (the app's, `window.location.origin`) the style names the
 * server's glyphs, which map labels need; without it the style has none and draws no text.
 * No sprites, nothing external but the basemaps: the map works offline on the plain background.
 */
export function baseStyle(config: Partial<Pick<WebConfig, 'basemaps' | 'glyphs'>> | undefined, shown: string = PLAIN_BASEMAP, origin?: string): StyleSpecification {
  const style: StyleSpecification = {
    version: 8,
    sources: {},
    layers: [{ id: 'background', type: 'background', paint: { 'background-color': '#d9d7cf' } }],
  };
  if (origin && config?.glyphs) style.glyphs = `${origin}${config.glyphs}`;
  for (const basemap of config?.basemaps ?? []) {
    const id = basemapLayerId(basemap.id);
    style.sources[id] = {
      type: 'raster',
      tiles: [basemap.url],
      tileSize: 256,
      maxzoom: basemap.maxzoom,
      attribution: basemap.attribution ?? undefined,
    };
    style.layers.push({ id, type: 'raster', source: id, layout: { visibility: basemap.id === shown ? 'visible' : 'none' } });
  }
  return style;
}

/** Shows one basemap (or none: `plain`) on a map made with baseStyle. */
export function showBasemap(map: Pick<MapLibreMap, 'getLayer' | 'setLayoutProperty'>, basemaps: readonly { id: string }[], shown: string): void {
  for (const basemap of basemaps) {
    const id = basemapLayerId(basemap.id);
    if (map.getLayer(id)) map.setLayoutProperty(id, 'visibility', basemap.id === shown ? 'visible' : 'none');
  }
}

/** fill-color of a module: its status, in the fixed palette of SPEC §2. */
export const statusColor: ExpressionSpecification = [
  'match',
  ['get', 'status'],
  ...MAP_STATUSES.flatMap((s) => [s, STATUS_COLORS[s]]),
  STATUS_COLORS.pending,
] as unknown as ExpressionSpecification;

/** circle-color of a defect (or a cluster: its worst severity). */
export const severityColor: ExpressionSpecification = [
  'match', ['get', 'severity'],
  'info', SEVERITY_COLORS.info,
  'warning', SEVERITY_COLORS.warning,
  'urgent', SEVERITY_COLORS.urgent,
  '#64748b',
];

/** The colour with which selected and searched modules are outlined: distinct from every status. */
export const HIGHLIGHT_COLOR = '#d946ef';
