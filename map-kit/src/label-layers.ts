// Codes written on the map (issue 13): tables from z19, strings along their outline from
// z18, from the plant's composite vector tiles. Text needs glyphs: the style must name the
// server's (baseStyle with an origin), whose fonts are listed in gis-server's glyphs/fonts.ts.
import type { LayerSpecification } from 'maplibre-gl';

/** Where gis-server serves glyphs (same origin, public): the `glyphs` of every style of ours. */
export const GLYPHS_PATH = '/glyphs/{fontstack}/{range}.pbf';

/** The font of labels, served by gis-server at GLYPHS_PATH. */
export const LABEL_FONT = 'Noto Sans Regular';
const LABEL_FONT_BOLD = 'Noto Sans Bold';

/**
 * The glyph files the labels need for codes in Latin script (Basic Latin, Latin-1, Latin
 * Extended-A): what the field app's service worker keeps for offline maps. Other ranges are
 * kept as the map first asks for them online.
 */
export const LABEL_GLYPH_PATHS: readonly string[] = [LABEL_FONT, LABEL_FONT_BOLD].flatMap((font) =>
  ['0-255', '256-511'].map((range) => GLYPHS_PATH.replace('{fontstack}', encodeURIComponent(font)).replace('{range}', range)));

/** White halo: a code stays readable over any status colour and over aerial imagery. */
const halo = { 'text-halo-color': '#ffffff', 'text-halo-width': 1.6, 'text-halo-blur': 0.2 } as const;

/** The two label layers, for a vector source of the plant's composite tiles. */
export function labelLayers(source: string): LayerSpecification[] {
  return [
    {
      // Along the outline (a hull at z18, the exact outline from z19), repeated on long strings.
      id: 'strings-label', type: 'symbol', source, 'source-layer': 'strings', minzoom: 18,
      filter: ['has', 'code'],
      layout: {
        'symbol-placement': 'line',
        'symbol-spacing': 300,
        'text-field': ['get', 'code'],
        'text-font': [LABEL_FONT],
        'text-size': ['interpolate', ['linear'], ['zoom'], 18, 10, 22, 14],
        'text-keep-upright': true,
        'text-padding': 4,
      },
      paint: { 'text-color': '#334155', ...halo },
    },
    {
      id: 'tables-label', type: 'symbol', source, 'source-layer': 'tables', minzoom: 19,
      filter: ['has', 'code'],
      layout: {
        'text-field': ['get', 'code'],
        'text-font': [LABEL_FONT_BOLD],
        'text-size': ['interpolate', ['linear'], ['zoom'], 19, 11, 22, 16],
        'text-padding': 6,
      },
      paint: { 'text-color': '#0f172a', ...halo },
    },
  ];
}
