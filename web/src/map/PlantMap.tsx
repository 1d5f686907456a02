import { useCallback, useEffect, useRef, useState } from 'react';
import {
  Map as MapLibreMap, NavigationControl, ScaleControl, type ExpressionSpecification, type GeoJSONSource, type LngLatBoundsLike, type MapGeoJSONFeature,
  type MapLayerMouseEvent, type VectorTileSource,
} from 'maplibre-gl';
import { useTranslation } from 'react-i18next';
import type { Bbox, MapStatus, ModuleDetail, Plant, WebConfig } from '@calepin/core';
import { MAP_STATUSES, MAP_TILE_SOURCES } from '@calepin/core';
import { tokens } from '../api/http';
import { type PlanOverlay, syncPlanLayers } from '../plans/overlay/planLayers';
import './worker';
import { useLiveQueries } from './live/useLiveQueries';
import { useLiveTiles } from './live/useLiveTiles';
import { HIGHLIGHT_COLOR, RASTER_LAYER, baseStyle, severityColor, statusColor } from './style';

export const TILE_SOURCES = MAP_TILE_SOURCES.join(',');
/** How long the live changes may be down before the map says so. */
const LIVE_NOTICE_MS = 5000;
const SOURCE = 'plant-tiles';
/** A defect cluster's radius in px: grows with the square root of its count (1 → 3 px, 100 → 18 px). */
const clusterRadius: ExpressionSpecification = ['interpolate', ['linear'], ['sqrt', ['get', 'count']], 1, 3, 10, 18];
const EMPTY: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [] };

export interface MapFilter {
  statuses: readonly MapStatus[];
  inverter?: string;
  string?: string;
}

export interface HoverInfo {
  x: number;
  y: number;
  code: string;
  status: MapStatus;
  string: string | null;
  inverter: string | null;
}

interface Props {
  plant: Plant;
  config: WebConfig | undefined;
  audit?: string;
  filter: MapFilter;
  showRaster: boolean;
  showDefects: boolean;
  /** The module to outline (search result or selection). */
  highlight: ModuleDetail | null;
  /** Where to fly to (a search hit's bbox); a new array each time. */
  focus: Bbox | null;
  onSelect(moduleId: string): void;
  /** The map once its layers are in (the layout editor adds its own), null when it goes. */
  onMap?(map: MapLibreMap | null): void;
  /** Georeferenced plans, drawn over the basemap and under the layout. */
  plans?: readonly PlanOverlay[];
}

export function tileUrl(plantId: string, audit: string | undefined): string {
  const query = new URLSearchParams({ plant: plantId });
  if (audit) query.set('audit', audit);
  return `${window.location.origin}/tiles/${TILE_SOURCES}/{z}/{x}/{y}?${query}`;
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

const plantBounds = (plant: Plant): LngLatBoundsLike | null =>
  plant.bbox ? [[plant.bbox[0], plant.bbox[1]], [plant.bbox[2], plant.bbox[3]]] : null;

/** A feature that is one module (mid zooms may carry merged patches without an id). */
const moduleOf = (features: MapGeoJSONFeature[] | undefined) => features?.find((f) => typeof f.properties?.id === 'string');

export function PlantMap(props: Props) {
  const { t } = useTranslation();
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useRef<MapLibreMap | null>(null);
  const [ready, setReady] = useState(false);
  const [tilesFailed, setTilesFailed] = useState(false);
  const [hover, setHover] = useState<HoverInfo | null>(null);
  const onSelect = useRef(props.onSelect);
  onSelect.current = props.onSelect;

  // The map is created once per plant; everything else updates it in place.
  useEffect(() => {
    const { plant } = props;
    const bounds = plantBounds(plant);
    const map = new MapLibreMap({
      container: container.current as HTMLDivElement,
      style: baseStyle(props.config, props.showRaster),
      bounds: bounds ?? undefined,
      center: bounds ? undefined : ((plant.location?.coordinates as [number, number] | undefined) ?? [2.35, 46.6]),
      zoom: bounds ? undefined : plant.location ? 16 : 5,
      fitBoundsOptions: { padding: 40 },
      maxZoom: 23,
      attributionControl: { compact: true },
      // Same-origin tiles carry the access token; nothing else is sent to anyone.
      transformRequest: (url) =>
        url.startsWith(`${window.location.origin}/tiles/`) && tokens.accessToken
          ? { url, headers: { Authorization: `Bearer ${tokens.accessToken}` } }
          : { url },
    });
    mapRef.current = map;
    map.addControl(new NavigationControl({ showCompass: true }), 'top-right');
    map.addControl(new ScaleControl({ unit: 'metric' }), 'bottom-left');

    map.on('load', () => {
      map.addSource('boundary', { type: 'geojson', data: plant.boundary ?? EMPTY });
      map.addSource('highlight', { type: 'geojson', data: EMPTY });
      map.addSource(SOURCE, {
        type: 'vector',
        tiles: [tileUrl(plant.id, props.audit)],
        minzoom: 0,
        maxzoom: 22,
        promoteId: { modules: 'id' },
      });
      map.addLayer({ id: 'boundary-fill', type: 'fill', source: 'boundary', paint: { 'fill-color': '#0f172a', 'fill-opacity': 0.04 } });
      map.addLayer({
        id: 'plants-outline', type: 'line', source: SOURCE, 'source-layer': 'plants',
        filter: ['==', ['geometry-type'], 'Polygon'],
        paint: { 'line-color': '#475569', 'line-width': 1.5 },
      });
      map.addLayer({
        id: 'tables-outline', type: 'line', source: SOURCE, 'source-layer': 'tables', minzoom: 15,
        paint: { 'line-color': '#94a3b8', 'line-width': 0.6 },
      });
      map.addLayer({
        id: 'modules-fill', type: 'fill', source: SOURCE, 'source-layer': 'modules',
        paint: { 'fill-color': statusColor, 'fill-opacity': 0.95, 'fill-antialias': true },
      });
      map.addLayer({
        id: 'modules-outline', type: 'line', source: SOURCE, 'source-layer': 'modules', minzoom: 17,
        paint: {
          'line-color': ['case', ['boolean', ['feature-state', 'hover'], false], '#0f172a', 'rgba(15, 23, 42, 0.35)'],
          'line-width': ['case', ['boolean', ['feature-state', 'hover'], false], 2, 0.4],
        },
      });
      map.addLayer({
        // Hulls of their modules at z17–18, exact outlines from z19 (docs/tiles.md).
        id: 'strings-outline', type: 'line', source: SOURCE, 'source-layer': 'strings', minzoom: 17,
        paint: { 'line-color': '#334155', 'line-width': 0.8, 'line-opacity': 0.6 },
      });
      map.addLayer({
        // Always visible: clusters (with their count) up to z16, every defect from z17.
        id: 'defects-circle', type: 'circle', source: SOURCE, 'source-layer': 'defects',
        layout: { visibility: props.showDefects ? 'visible' : 'none' },
        paint: {
          'circle-color': severityColor,
          'circle-radius': ['interpolate', ['linear'], ['zoom'], 17, ['case', ['has', 'count'], clusterRadius, 2.5], 22, ['case', ['has', 'count'], clusterRadius, 6]],
          'circle-stroke-color': '#0f172a',
          'circle-stroke-width': 1,
        },
      });
      map.addLayer({
        id: 'plants-point', type: 'circle', source: SOURCE, 'source-layer': 'plants',
        filter: ['==', ['geometry-type'], 'Point'],
        paint: { 'circle-color': '#0f172a', 'circle-radius': 6, 'circle-stroke-color': '#fff', 'circle-stroke-width': 2 },
      });
      map.addLayer({
        id: 'boundary-line', type: 'line', source: 'boundary',
        paint: { 'line-color': '#0f172a', 'line-width': 2, 'line-dasharray': [3, 2] },
      });
      map.addLayer({ id: 'highlight-fill', type: 'fill', source: 'highlight', paint: { 'fill-color': HIGHLIGHT_COLOR, 'fill-opacity': 0.25 } });
      map.addLayer({ id: 'highlight-line', type: 'line', source: 'highlight', paint: { 'line-color': HIGHLIGHT_COLOR, 'line-width': 4 } });
      setReady(true);
    });

    map.on('error', (event) => {
      const source = (event as { sourceId?: string }).sourceId;
      if (source === SOURCE) setTilesFailed(true);
    });
    map.on('sourcedata', (event) => {
      if (event.sourceId === SOURCE && event.tile) setTilesFailed(false);
    });

    let hovered: string | null = null;
    const setHovered = (id: string | null) => {
      if (hovered) map.setFeatureState({ source: SOURCE, sourceLayer: 'modules', id: hovered }, { hover: false });
      hovered = id;
      if (id) map.setFeatureState({ source: SOURCE, sourceLayer: 'modules', id }, { hover: true });
    };
    map.on('mousemove', 'modules-fill', (e: MapLayerMouseEvent) => {
      const feature = moduleOf(e.features);
      if (!feature) {
        setHovered(null);
        setHover(null);
        map.getCanvas().style.cursor = '';
        return;
      }
      const p = feature.properties as Record<string, string | undefined>;
      setHovered(p.id as string);
      map.getCanvas().style.cursor = 'pointer';
      setHover({
        x: e.point.x, y: e.point.y, code: p.code ?? '', status: (p.status ?? 'pending') as MapStatus,
        string: p.string ?? null, inverter: p.inverter ?? null,
      });
    });
    map.on('mouseleave', 'modules-fill', () => {
      setHovered(null);
      setHover(null);
      map.getCanvas().style.cursor = '';
    });
    map.on('click', 'modules-fill', (e: MapLayerMouseEvent) => {
      const feature = moduleOf(e.features);
      if (feature) onSelect.current(feature.properties.id as string);
    });

    // The e2e tests read the map through this handle (never used by the app itself).
    (window as unknown as { __calepinMap?: MapLibreMap }).__calepinMap = map;
    return () => {
      map.remove();
      mapRef.current = null;
      setReady(false);
    };
    // One map per plant: the effects below update it when anything else changes.
  }, [props.plant.id]);

  const map = ready ? mapRef.current : null;

  useEffect(() => {
    (map?.getSource(SOURCE) as VectorTileSource | undefined)?.setTiles([tileUrl(props.plant.id, props.audit)]);
  }, [map, props.plant.id, props.audit]);

  // Everyone's edits, as soon as the tile-server has them (GET /tiles/events): the touched tiles and the plant's lists.
  const [liveDown, setLiveDown] = useState(false);
  const [live, setLive] = useState(false);
  const onLiveStatus = useCallback((connected: boolean) => {
    setLive(connected);
    if (connected) setLiveDown(false);
  }, []);
  useEffect(() => {
    if (live) return undefined;
    const timer = setTimeout(() => setLiveDown(true), LIVE_NOTICE_MS);
    return () => clearTimeout(timer);
  }, [live]);
  useLiveTiles(map, props.plant.id, SOURCE, MAP_TILE_SOURCES, onLiveStatus);
  useLiveQueries(props.plant.id);

  const onMap = useRef(props.onMap);
  onMap.current = props.onMap;
  useEffect(() => {
    if (!map) return undefined;
    onMap.current?.(map);
    return () => onMap.current?.(null);
  }, [map]);

  useEffect(() => {
    (map?.getSource('boundary') as GeoJSONSource | undefined)?.setData(props.plant.boundary ?? EMPTY);
  }, [map, props.plant.boundary]);

  useEffect(() => {
    if (!map) return;
    const match = matchExpression(props.filter);
    map.setPaintProperty('modules-fill', 'fill-opacity', match === true ? 0.95 : ['case', match, 0.95, 0.1]);
    // Defects carry the status they imply (not their string): they follow the status filter.
    const defectMatch = matchExpression({ statuses: props.filter.statuses });
    const defectOpacity: ExpressionSpecification | number =
      defectMatch === true ? 1 : ['case', defectMatch as ExpressionSpecification, 1, 0.12];
    map.setPaintProperty('defects-circle', 'circle-opacity', defectOpacity);
    map.setPaintProperty('defects-circle', 'circle-stroke-opacity', defectOpacity);
  }, [map, props.filter]);

  useEffect(() => {
    if (map) syncPlanLayers(map, props.plans ?? []);
  }, [map, props.plans]);

  useEffect(() => {
    if (map?.getLayer(RASTER_LAYER)) map.setLayoutProperty(RASTER_LAYER, 'visibility', props.showRaster ? 'visible' : 'none');
  }, [map, props.showRaster]);

  useEffect(() => {
    map?.setLayoutProperty('defects-circle', 'visibility', props.showDefects ? 'visible' : 'none');
  }, [map, props.showDefects]);

  useEffect(() => {
    const data: GeoJSON.FeatureCollection = props.highlight
      ? { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: props.highlight.geometry as GeoJSON.Geometry }] }
      : EMPTY;
    (map?.getSource('highlight') as GeoJSONSource | undefined)?.setData(data);
  }, [map, props.highlight]);

  useEffect(() => {
    if (!map || !props.focus) return;
    const [minx, miny, maxx, maxy] = props.focus;
    // The side panel may have just opened beside the map: measure the map before flying.
    map.resize();
    map.fitBounds([[minx, miny], [maxx, maxy]], { padding: 120, maxZoom: 21, duration: 600 });
  }, [map, props.focus]);

  return (
    <div className="map-wrap">
      <div ref={container} className="map" data-testid="map" data-ready={ready ? 'true' : 'false'} data-live={live ? 'true' : 'false'} />
      {tilesFailed && <div className="map-notice" role="status">{t('map.tilesUnavailable')}</div>}
      {!tilesFailed && liveDown && <div className="map-notice" role="status" data-testid="live-down">{t('map.liveDown')}</div>}
      {hover && (
        <div className="tooltip" style={{ left: hover.x + 14, top: hover.y + 14 }} data-testid="tooltip">
          <strong>{hover.code}</strong>
          <span>{t(`statuses.${hover.status}`)}</span>
          {hover.string && <span>{t('module.string')} {hover.string}{hover.inverter ? ` · ${hover.inverter}` : ''}</span>}
        </div>
      )}
    </div>
  );
}
