// The map's look: the offline base style and the palette as MapLibre expressions. The
// colours themselves are core's (status.ts): maps, legends, PDFs and the 3D view agree.
import type { ExpressionSpecification, StyleSpecification } from 'maplibre-gl';
import { MAP_STATUSES, SEVERITY_COLORS, STATUS_COLORS, type WebConfig } from '@calepin/core';

/** Ids of the raster basemap, absent from the style when none is configured. */
export const RASTER_SOURCE = 'basemap-raster';
export const RASTER_LAYER = 'basemap-raster';

/**
 * The neutral style: a plain background and nothing fetched from anywhere (no glyphs, no
 * sprites, no external tiles), so the map works with no internet. The raster basemap of
 * BASEMAP_URL, when configured, sits just above the background, hidden until chosen.
 */
export function baseStyle(config: Pick<WebConfig, 'basemap'> | undefined, showRaster: boolean): StyleSpecification {
  const style: StyleSpecification = {
    version: 8,
    sources: {},
    layers: [{ id: 'background', type: 'background', paint: { 'background-color': '#d9d7cf' } }],
  };
  if (config?.basemap) {
    style.sources[RASTER_SOURCE] = {
      type: 'raster',
      tiles: [config.basemap.url],
      tileSize: 256,
      maxzoom: 19,
      attribution: config.basemap.attribution ?? undefined,
    };
    style.layers.push({
      id: RASTER_LAYER,
      type: 'raster',
      source: RASTER_SOURCE,
      layout: { visibility: showRaster ? 'visible' : 'none' },
    });
  }
  return style;
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
