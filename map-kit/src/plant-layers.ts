// The plant map's layers: the plant's composite vector tiles (MAP_TILE_SOURCES) in the
// status and severity palette, the boundary and the highlighted module. One list, so the
// web map, the layout editor and the field app draw the same plant.
import type { ExpressionSpecification, LayerSpecification, Map as MapLibreMap } from 'maplibre-gl';
import { MAP_STATUSES, type MapStatus } from '@calepin/core';
import { HIGHLIGHT_COLOR, severityColor, statusColor } from './style';
import { labelLayers } from './label-layers';

/** The id the plant's vector tiles usually go by in a map's style. */
export const PLANT_TILES_SOURCE = 'plant-tiles';
/** The layer of the modules' fills: the one hovered, clicked and queried for module ids. */
export const MODULES_LAYER = 'modules-fill';
export const DEFECTS_LAYER = 'defects-circle';
/** The first layer of the layout: plan rasters go under it, over the basemap. */
export const LAYOUT_FIRST_LAYER = 'boundary-fill';

export interface PlantLayerOptions {
  /** The GeoJSON source of the plant's boundary (drawn dashed, with a faint fill). */
  boundary: string;
  /** The GeoJSON source of the highlighted module (search result or selection). */
  highlight: string;
  /** Defects drawn (true) or hidden. */
  showDefects?: boolean;
  /** The GeoJSON source of the strings a filter keeps (outlined at every zoom), if the map filters by string. */
  selection?: string;
  /** Table and string codes written on the map (label-layers.ts): the style must name glyphs (baseStyle with an origin). */
  labels?: boolean;
}

/** The outline of what an inverter or string filter keeps: dark over a white casing, unlike any status. */
function selectionLayers(source: string): LayerSpecification[] {
  return [
    { id: 'selection-fill', type: 'fill', source, paint: { 'fill-color': '#0f172a', 'fill-opacity': 0.08 } },
    { id: 'selection-casing', type: 'line', source, paint: { 'line-color': '#ffffff', 'line-width': 5, 'line-opacity': 0.9 } },
    { id: 'selection-line', type: 'line', source, paint: { 'line-color': '#0f172a', 'line-width': 2.5 } },
  ];
}

/** A defect's radius in px at z17 (× `scale` further in): an urgent one is the largest. */
const defectRadius = (scale: number): ExpressionSpecification =>
  ['match', ['get', 'severity'], 'urgent', 4 * scale, 'warning', 3.2 * scale, 2.6 * scale];

/** A defect cluster's radius in px: grows with the square root of its count (1 → 3 px, 100 → 18 px). */
const clusterRadius: ExpressionSpecification = ['interpolate', ['linear'], ['sqrt', ['get', 'count']], 1, 3, 10, 18];

/**
 * The eleven layers of the plant map (three more with a selection, two with labels), bottom to top, for a vector source of the plant's
 * composite tiles (`source`) and the two GeoJSON sources named in the options.
 */
export function plantLayers(source: string, options: PlantLayerOptions): LayerSpecification[] {
  const { boundary, highlight, showDefects = true, selection, labels = false } = options;
  return [
    { id: LAYOUT_FIRST_LAYER, type: 'fill', source: boundary, paint: { 'fill-color': '#0f172a', 'fill-opacity': 0.04 } },
    {
      id: 'plants-outline', type: 'line', source, 'source-layer': 'plants',
      filter: ['==', ['geometry-type'], 'Polygon'],
      paint: { 'line-color': '#475569', 'line-width': 1.5 },
    },
    {
      id: 'tables-outline', type: 'line', source, 'source-layer': 'tables', minzoom: 15,
      paint: { 'line-color': '#94a3b8', 'line-width': 0.6 },
    },
    {
      id: MODULES_LAYER, type: 'fill', source, 'source-layer': 'modules',
      paint: { 'fill-color': statusColor, 'fill-opacity': 0.95, 'fill-antialias': true },
    },
    {
      id: 'modules-outline', type: 'line', source, 'source-layer': 'modules', minzoom: 17,
      paint: {
        'line-color': ['case', ['boolean', ['feature-state', 'hover'], false], '#0f172a', 'rgba(15, 23, 42, 0.35)'],
        'line-width': ['case', ['boolean', ['feature-state', 'hover'], false], 2, 0.4],
      },
    },
    {
      // Hulls of their modules at z17–18, exact outlines from z19 (docs/tiles.md).
      id: 'strings-outline', type: 'line', source, 'source-layer': 'strings', minzoom: 17,
      paint: { 'line-color': '#334155', 'line-width': 0.8, 'line-opacity': 0.6 },
    },
    ...(selection ? selectionLayers(selection) : []),
    {
      // Always in the tiles: clusters (with their count) up to z16, every defect from z17.
      id: DEFECTS_LAYER, type: 'circle', source, 'source-layer': 'defects',
      layout: { visibility: showDefects ? 'visible' : 'none' },
      paint: {
        'circle-color': severityColor,
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 17, ['case', ['has', 'count'], clusterRadius, defectRadius(1)], 22, ['case', ['has', 'count'], clusterRadius, defectRadius(2.2)]],
        // A white ring: a marker on top of the module, not a colour of the module.
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 1.5,
      },
    },
    { ...plantMarker('plants-point', source), 'source-layer': 'plants', filter: ['==', ['geometry-type'], 'Point'] },
    boundaryLine(boundary),
    ...(labels ? labelLayers(source) : []),
    { id: 'highlight-fill', type: 'fill', source: highlight, paint: { 'fill-color': HIGHLIGHT_COLOR, 'fill-opacity': 0.25 } },
    { id: 'highlight-line', type: 'line', source: highlight, paint: { 'line-color': HIGHLIGHT_COLOR, 'line-width': 4 } },
  ];
}

/** A plant drawn as a point (a plant without a boundary, or plants on a map of many). */
export function plantMarker(id: string, source: string): LayerSpecification & { type: 'circle' } {
  return {
    id, type: 'circle', source,
    paint: { 'circle-color': '#0f172a', 'circle-radius': 6, 'circle-stroke-color': '#fff', 'circle-stroke-width': 2 },
  };
}

/** The plant's boundary, dashed: on the plant map and wherever else the plant is shown. */
export function boundaryLine(source: string): LayerSpecification {
  return { id: 'boundary-line', type: 'line', source, paint: { 'line-color': '#0f172a', 'line-width': 2, 'line-dasharray': [3, 2] } };
}

/** What the plant map shows at full strength; the rest is drawn faintly. */
export interface MapFilter {
  statuses: readonly MapStatus[];
  inverter?: string;
  string?: string;
}

/** Modules that pass the filters: the others are drawn faintly, to keep the plant readable. */
export function matchExpression(filter: MapFilter): ExpressionSpecification | boolean {
  const conditions: ExpressionSpecification[] = [];
  if (filter.statuses.length < MAP_STATUSES.length) {
    conditions.push(['in', ['get', 'status'], ['literal', [...filter.statuses]]]);
  }
  if (filter.inverter) conditions.push(['==', ['get', 'inverter_id'], filter.inverter]);
  if (filter.string) conditions.push(['==', ['get', 'string_id'], filter.string]);
  if (conditions.length === 0) return true;
  return ['all', ...conditions] as ExpressionSpecification;
}

/** Applies a filter to the layers of plantLayers: filters never refetch tiles, they only change opacities. */
export function applyPlantFilter(map: MapLibreMap, filter: MapFilter): void {
  const match = matchExpression(filter);
  map.setPaintProperty(MODULES_LAYER, 'fill-opacity', match === true ? 0.95 : ['case', match, 0.95, 0.1]);
  // Defects carry the status they imply and, from z17, their module's string and inverter.
  // A cluster (z ≤ 16) has neither: it fades while a string or inverter is kept.
  const defectMatch = matchExpression(filter);
  const defectOpacity: ExpressionSpecification | number =
    defectMatch === true ? 1 : ['case', defectMatch as ExpressionSpecification, 1, 0.12];
  map.setPaintProperty(DEFECTS_LAYER, 'circle-opacity', defectOpacity);
  map.setPaintProperty(DEFECTS_LAYER, 'circle-stroke-opacity', defectOpacity);
}
