// The mission's map, offline: the map kit's style and plant layers (the very ones the office
// map draws) over tiles the device builds from its GeoPackage, the plans under them, the
// wiring on demand, the device's position and heading, the selected module outlined, the
// colleagues' positions and the modules they are annotating in their colours.
import { useEffect, useRef, useState } from 'react';
import {
  type GeoJSONSource, Map as MapLibreMap, type MapGeoJSONFeature, type MapLayerMouseEvent, NavigationControl, ScaleControl,
  type VectorTileSource,
} from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import {
  GLYPHS_PATH, MODULES_LAYER, type MapFilter, PLANT_TILES_SOURCE, type TeamMember, WIRING_LAYER_IDS, addTeamLayers, applyPlantFilter, baseStyle,
  drawTeam, plantLayers, syncPlanLayers, wiringLayers,
} from '@calepin/map-kit';
import type { RtLock, RtPosition } from '@calepin/core';
import type { Fix } from '../device';
import type { Geometry } from '../store/gpkg/geometry';
import type { PackageSummary } from '../store/types';
import { useLatest } from '../app/useLatest';
import { DEVICE_TILE_MAX_ZOOM } from '../store/tiles/build';
import { planUrl, tileUrl } from './protocol';
import { positionFeatures } from './position';
import { addZoneLayers, drawDraft, drawZones } from './zones';
import { type ControlPoint, addControlPointLayers, drawControlPoints } from './control-points';
import type { ZoneShape } from '../store/engine/progress';

const SOURCE = PLANT_TILES_SOURCE;
const EMPTY: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [] };
const asGeoJson = (g: Geometry | null): GeoJSON.FeatureCollection | GeoJSON.Geometry => (g as GeoJSON.Geometry | null) ?? EMPTY;

export interface PlanState {
  id: string;
  visible: boolean;
  opacity: number;
}

interface Props {
  summary: PackageSummary;
  audit: string | null;
  filter: MapFilter;
  wiring: boolean;
  night: boolean;
  plans: PlanState[];
  highlight: Geometry | null;
  /** Where to fly to; a new array each time. */
  focus: [number, number, number, number] | null;
  position: Fix | null;
  /** The colleagues live (their positions, the modules they hold), null offline. */
  team: Team | null;
  /** The mission's work zones, with the team's colours. */
  zones: readonly ZoneShape[];
  /** The technician using the tablet (their zones are tinted), online or not. */
  self: string | null;
  colourOf(userId: string): string;
  /** A zone being drawn (its corners so far), or null. */
  draft: [number, number][] | null;
  /** The checklists' control points. */
  controlPoints: readonly ControlPoint[];
  lang: 'fr' | 'en';
  /** While set, a tap on the map gives its place here (a zone's corner, a control point) instead of selecting a module. */
  onPlace: ((lngLat: [number, number]) => void) | null;
  onSelect(moduleId: string | null): void;
  onMap?(map: MapLibreMap | null): void;
}

export interface Team {
  positions: Iterable<RtPosition>;
  locks: Iterable<RtLock>;
  people: ReadonlyMap<string, TeamMember>;
  self: string | null;
}

/** A feature that is one module (mid zooms carry tables in their majority status, without an id). */
const moduleOf = (features: MapGeoJSONFeature[] | undefined) => features?.find((f) => typeof f.properties?.id === 'string');

declare global {
  interface Window {
    __calepinMap?: MapLibreMap;
  }
}

export function FieldMap(props: Props) {
  const container = useRef<HTMLDivElement>(null);
  const [map, setMap] = useState<MapLibreMap | null>(null);
  const latest = useLatest(props);

  // Made once per package, from the props of that moment; the effects below follow the rest.
  useEffect(() => {
    const p = latest.current;
    const [w, s, e, n] = p.summary.bounds;
    const instance = new MapLibreMap({
      container: container.current as HTMLDivElement,
      // The server's glyphs, kept by the service worker: table and string codes written offline too.
      style: baseStyle({ glyphs: GLYPHS_PATH }, undefined, window.location.origin),
      bounds: [[w, s], [e, n]],
      fitBoundsOptions: { padding: 30 },
      maxZoom: 23,
      // Beyond the device's z18 tiles, the z18 tile itself is drawn larger (MapLibre 5's way):
      // MapLibre 6's default cuts z19–z23 tiles from it in its worker and caches each cut by
      // URL, so a tile rebuilt after an edit kept showing the old cut (a module rated at z21
      // stayed pending on screen). With this, the map kit's refresh of z18 tiles reaches them.
      zoomLevelsToOverscale: undefined,
      attributionControl: false,
      dragRotate: true,
    });
    instance.addControl(new NavigationControl({ showCompass: true }), 'top-right');
    instance.addControl(new ScaleControl({ unit: 'metric' }), 'bottom-left');
    instance.on('load', () => {
      instance.addSource('boundary', { type: 'geojson', data: asGeoJson(p.summary.plant.boundary) });
      instance.addSource('highlight', { type: 'geojson', data: EMPTY });
      instance.addSource('position', { type: 'geojson', data: EMPTY });
      instance.addSource(SOURCE, {
        type: 'vector', tiles: [tileUrl(p.audit)], minzoom: 0, maxzoom: DEVICE_TILE_MAX_ZOOM, promoteId: { modules: 'id' },
      });
      for (const layer of plantLayers(SOURCE, { boundary: 'boundary', highlight: 'highlight', labels: true })) instance.addLayer(layer);
      for (const layer of wiringLayers(SOURCE, p.wiring)) instance.addLayer(layer, 'plants-point');
      addZoneLayers(instance);
      addControlPointLayers(instance);
      addTeamLayers(instance, SOURCE);
      instance.addLayer({ id: 'position-accuracy', type: 'fill', source: 'position', filter: ['==', ['get', 'part'], 'accuracy'], paint: { 'fill-color': '#2563eb', 'fill-opacity': 0.15 } });
      instance.addLayer({ id: 'position-heading', type: 'line', source: 'position', filter: ['==', ['get', 'part'], 'heading'], paint: { 'line-color': '#2563eb', 'line-width': 3 } });
      instance.addLayer({ id: 'position-dot', type: 'circle', source: 'position', filter: ['==', ['get', 'part'], 'dot'], paint: { 'circle-color': '#2563eb', 'circle-radius': 7, 'circle-stroke-color': '#fff', 'circle-stroke-width': 2 } });
      window.__calepinMap = instance;
      setMap(instance);
    });
    instance.on('click', (event) => {
      const place = latest.current.onPlace;
      if (place) {
        place([event.lngLat.lng, event.lngLat.lat]);
        return;
      }
      const hit = instance.queryRenderedFeatures(
        [[event.point.x - 6, event.point.y - 6], [event.point.x + 6, event.point.y + 6]], { layers: [MODULES_LAYER] });
      latest.current.onSelect((moduleOf(hit)?.properties.id as string | undefined) ?? null);
    });
    instance.on('mousemove', MODULES_LAYER, (e: MapLayerMouseEvent) => {
      instance.getCanvas().style.cursor = moduleOf(e.features) ? 'pointer' : '';
    });
    return () => {
      setMap(null);
      if (window.__calepinMap === instance) delete window.__calepinMap;
      instance.remove();
    };
  }, [latest, props.summary.packageId]);

  const { onMap } = props;
  useEffect(() => {
    onMap?.(map);
  }, [map, onMap]);

  useEffect(() => {
    (map?.getSource(SOURCE) as VectorTileSource | undefined)?.setTiles([tileUrl(props.audit)]);
  }, [map, props.audit]);

  useEffect(() => {
    if (map) applyPlantFilter(map, props.filter);
  }, [map, props.filter]);

  useEffect(() => {
    if (!map) return;
    for (const id of WIRING_LAYER_IDS) map.setLayoutProperty(id, 'visibility', props.wiring ? 'visible' : 'none');
  }, [map, props.wiring]);

  useEffect(() => {
    map?.setPaintProperty('background', 'background-color', props.night ? '#0b1120' : '#d9d7cf');
  }, [map, props.night]);

  useEffect(() => {
    if (!map) return;
    const packagePlans = props.summary.plans;
    syncPlanLayers(map, packagePlans.map((plan) => {
      const state = props.plans.find((s) => s.id === plan.id);
      return { id: plan.id, url: planUrl(plan.raster_table), opacity: state?.opacity ?? plan.opacity, visible: state?.visible ?? true, minzoom: plan.min_zoom, maxzoom: plan.max_zoom };
    }));
  }, [map, props.summary.plans, props.plans]);

  useEffect(() => {
    (map?.getSource('highlight') as GeoJSONSource | undefined)?.setData(asGeoJson(props.highlight));
  }, [map, props.highlight]);

  useEffect(() => {
    (map?.getSource('position') as GeoJSONSource | undefined)?.setData(props.position ? positionFeatures(props.position) : EMPTY);
  }, [map, props.position]);

  useEffect(() => {
    if (map) drawTeam(map, props.team?.positions ?? [], props.team?.locks ?? [], props.team?.people ?? new Map(), props.team?.self ?? null);
  }, [map, props.team]);

  useEffect(() => {
    if (map) drawZones(map, props.zones, props.self, props.colourOf);
  }, [map, props.zones, props.self, props.colourOf]);

  useEffect(() => {
    if (map) drawDraft(map, props.draft);
  }, [map, props.draft]);

  useEffect(() => {
    if (map) map.getCanvas().style.cursor = props.onPlace ? 'crosshair' : '';
  }, [map, props.onPlace]);

  useEffect(() => {
    if (map) drawControlPoints(map, props.controlPoints, props.lang);
  }, [map, props.controlPoints, props.lang]);

  useEffect(() => {
    if (!map || !props.focus) return;
    const [w, s, e, n] = props.focus;
    // The panel that opens with the focus narrows the map in this same render: measured now,
    // or the module lands where the middle of the full-width map was.
    map.resize();
    // Night mode's keys cover the bottom of the map: the module is centred in what shows.
    const covered = container.current?.parentElement?.querySelector('.night-mode')?.clientHeight ?? 0;
    map.fitBounds([[w, s], [e, n]], { padding: { top: 80, left: 80, right: 80, bottom: 80 + covered }, maxZoom: 21, duration: 600 });
  }, [map, props.focus]);

  return <div ref={container} className="field-map" data-testid="map" data-ready={map ? 'true' : 'false'} />;
}
