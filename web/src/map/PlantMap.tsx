import { useCallback, useEffect, useRef, useState } from 'react';
import {
  Map as MapLibreMap, NavigationControl, ScaleControl, type GeoJSONSource, type LngLatBoundsLike, type MapGeoJSONFeature,
  type MapLayerMouseEvent, type VectorTileSource,
} from 'maplibre-gl';
import { useTranslation } from 'react-i18next';
import type { Bbox, MapSelection, MapStatus, ModuleDetail, Plant, WebConfig } from '@calepin/core';
import { MAP_TILE_SOURCES } from '@calepin/core';
import {
  DEFECTS_LAYER, MODULES_LAYER, type MapFilter, PLANT_TILES_SOURCE, type PlanOverlay, applyPlantFilter,
  authorizeTiles, baseStyle, plantLayers, plantTileUrl, syncPlanLayers,
} from '@calepin/map-kit';
import { type LiveClient, type LiveSession } from '@calepin/map-kit';
import { useLiveQueries, useLiveTiles } from '@calepin/map-kit/react';
import { live, tokens } from '../api/http';
import { useLatest } from '../components/useLatest';
import { BasemapControl } from './BasemapControl';
import './worker';

export type { MapFilter } from '@calepin/map-kit';

/** How long the live changes may be down before the map says so. */
const LIVE_NOTICE_MS = 5000;
const SOURCE = PLANT_TILES_SOURCE;
const EMPTY: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [] };

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
  showDefects: boolean;
  /** The module to outline (search result or selection). */
  highlight: ModuleDetail | null;
  /** What an inverter or string filter keeps: outlined at every zoom, flown to when it comes. */
  selection?: MapSelection | null;
  /** Where to fly to (a search hit's bbox); a new array each time. */
  focus: Bbox | null;
  onSelect(moduleId: string): void;
  /** The map once its layers are in (the layout editor adds its own), null when it goes. */
  onMap?(map: MapLibreMap | null): void;
  /** Georeferenced plans, drawn over the basemap and under the layout. */
  plans?: readonly PlanOverlay[];
  /** Whose token the tiles and live changes carry: the signed-in user's, or a web report's share link. */
  access?: { tokens: LiveSession; live: LiveClient };
}

/** Where the plant is, for the default basemap: its extent's centre, or its location. */
export const plantCentre = (plant: Plant): [number, number] | null =>
  plant.bbox
    ? [(plant.bbox[0] + plant.bbox[2]) / 2, (plant.bbox[1] + plant.bbox[3]) / 2]
    : ((plant.location?.coordinates as [number, number] | undefined) ?? null);

const plantBounds = (plant: Plant): LngLatBoundsLike | null =>
  plant.bbox ? [[plant.bbox[0], plant.bbox[1]], [plant.bbox[2], plant.bbox[3]]] : null;

/** A feature that is one module (mid zooms may carry merged patches without an id). */
const moduleOf = (features: MapGeoJSONFeature[] | undefined) => features?.find((f) => typeof f.properties?.id === 'string');

export function PlantMap(props: Props) {
  const { t } = useTranslation();
  const container = useRef<HTMLDivElement>(null);
  /** The map once its layers are in. */
  const [map, setMap] = useState<MapLibreMap | null>(null);
  const [tilesFailed, setTilesFailed] = useState(false);
  const [hover, setHover] = useState<HoverInfo | null>(null);
  const latest = useLatest(props);

  // The map is created once per plant, from the props of that moment; the effects below
  // update it in place when anything else changes.
  useEffect(() => {
    const props = latest.current;
    const { plant } = props;
    const bounds = plantBounds(plant);
    const map = new MapLibreMap({
      container: container.current as HTMLDivElement,
      // Glyphs from this server: table and string codes are written on the map.
      style: baseStyle(props.config, undefined, window.location.origin),
      bounds: bounds ?? undefined,
      center: bounds ? undefined : ((plant.location?.coordinates as [number, number] | undefined) ?? [2.35, 46.6]),
      zoom: bounds ? undefined : plant.location ? 16 : 5,
      fitBoundsOptions: { padding: 40 },
      maxZoom: 23,
      attributionControl: { compact: true },
      // Same-origin tiles carry the access token; nothing else is sent to anyone.
      transformRequest: authorizeTiles(`${window.location.origin}/tiles/`, () => (props.access?.tokens ?? tokens).accessToken),
    });
    map.addControl(new NavigationControl({ showCompass: true }), 'top-right');
    map.addControl(new ScaleControl({ unit: 'metric' }), 'bottom-left');

    map.on('load', () => {
      map.addSource('boundary', { type: 'geojson', data: plant.boundary ?? EMPTY });
      map.addSource('highlight', { type: 'geojson', data: EMPTY });
      map.addSource('selection', { type: 'geojson', data: EMPTY });
      map.addSource(SOURCE, {
        type: 'vector',
        tiles: [plantTileUrl(window.location.origin, plant.id, props.audit)],
        minzoom: 0,
        maxzoom: 22,
        promoteId: { modules: 'id' },
      });
      const labels = Boolean(props.config?.glyphs);
      for (const layer of plantLayers(SOURCE, { boundary: 'boundary', highlight: 'highlight', selection: 'selection', showDefects: props.showDefects, labels })) {
        map.addLayer(layer);
      }
      setMap(map);
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
    map.on('mousemove', MODULES_LAYER, (e: MapLayerMouseEvent) => {
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
    map.on('mouseleave', MODULES_LAYER, () => {
      setHovered(null);
      setHover(null);
      map.getCanvas().style.cursor = '';
    });
    map.on('click', MODULES_LAYER, (e: MapLayerMouseEvent) => {
      const feature = moduleOf(e.features);
      if (feature) latest.current.onSelect(feature.properties.id as string);
    });

    // The e2e tests read the map through this handle (never used by the app itself).
    (window as unknown as { __calepinMap?: MapLibreMap }).__calepinMap = map;
    return () => {
      map.remove();
      setMap(null);
    };
  }, [props.plant.id, latest]);

  useEffect(() => {
    (map?.getSource(SOURCE) as VectorTileSource | undefined)?.setTiles([plantTileUrl(window.location.origin, props.plant.id, props.audit)]);
  }, [map, props.plant.id, props.audit]);

  // Everyone's edits, as soon as the tile-server has them (GET /tiles/events): the touched tiles and the plant's lists.
  const [liveDown, setLiveDown] = useState(false);
  const [liveUp, setLiveUp] = useState(false);
  const onLiveStatus = useCallback((connected: boolean) => {
    setLiveUp(connected);
    if (connected) setLiveDown(false);
  }, []);
  useEffect(() => {
    if (liveUp) return undefined;
    const timer = setTimeout(() => setLiveDown(true), LIVE_NOTICE_MS);
    return () => clearTimeout(timer);
  }, [liveUp]);
  const liveClient = props.access?.live ?? live;
  useLiveTiles(liveClient, map, props.plant.id, SOURCE, MAP_TILE_SOURCES, onLiveStatus);
  useLiveQueries(liveClient, props.plant.id);

  useEffect(() => {
    if (!map) return undefined;
    const { onMap } = latest.current;
    onMap?.(map);
    return () => onMap?.(null);
  }, [map, latest]);

  useEffect(() => {
    (map?.getSource('boundary') as GeoJSONSource | undefined)?.setData(props.plant.boundary ?? EMPTY);
  }, [map, props.plant.boundary]);

  useEffect(() => {
    if (map) applyPlantFilter(map, props.filter);
  }, [map, props.filter]);

  useEffect(() => {
    if (map) syncPlanLayers(map, props.plans ?? []);
  }, [map, props.plans]);

  useEffect(() => {
    map?.setLayoutProperty(DEFECTS_LAYER, 'visibility', props.showDefects ? 'visible' : 'none');
  }, [map, props.showDefects]);

  useEffect(() => {
    const data: GeoJSON.FeatureCollection = props.highlight
      ? { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: props.highlight.geometry as GeoJSON.Geometry }] }
      : EMPTY;
    (map?.getSource('highlight') as GeoJSONSource | undefined)?.setData(data);
  }, [map, props.highlight]);

  useEffect(() => {
    if (!map) return;
    const outline = props.selection?.outline as GeoJSON.Geometry | null | undefined;
    const data: GeoJSON.FeatureCollection = outline
      ? { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: outline }] }
      : EMPTY;
    (map.getSource('selection') as GeoJSONSource | undefined)?.setData(data);
    const bbox = props.selection?.bbox;
    // A filtered map looked unfiltered zoomed out (issue 13): show what it keeps.
    if (bbox) map.fitBounds([[bbox[0], bbox[1]], [bbox[2], bbox[3]]], { padding: 80, maxZoom: 20, duration: 600 });
  }, [map, props.selection]);

  useEffect(() => {
    if (!map || !props.focus) return;
    const [minx, miny, maxx, maxy] = props.focus;
    // The side panel may have just opened beside the map: measure the map before flying.
    map.resize();
    map.fitBounds([[minx, miny], [maxx, maxy]], { padding: 120, maxZoom: 21, duration: 600 });
  }, [map, props.focus]);

  return (
    <div className="map-wrap">
      <div ref={container} className="map" data-testid="map" data-ready={map ? 'true' : 'false'} data-live={liveUp ? 'true' : 'false'} />
      <BasemapControl map={map} config={props.config} centre={plantCentre(props.plant)} />
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
