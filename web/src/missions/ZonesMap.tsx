// The mission's plant with its work zones (issue 17): modules in the colours of the mission's
// first counted audit (pending grey until a result), each zone outlined and filled the
// darker the more of it is done, named with its share done when the server serves glyphs,
// and the team's live positions. A small map: the plant map page is one click away.
import { useEffect, useRef, useState } from 'react';
import { type GeoJSONSource, type LngLatBoundsLike, Map as MapLibreMap, NavigationControl } from 'maplibre-gl';
import { type Bbox, MAP_TILE_SOURCES, type MissionProgress } from '@calepin/core';
import {
  LABEL_FONT, type LiveMissionState, PLANT_TILES_SOURCE, type TeamMember, addTeamLayers, authorizeTiles, baseStyle,
  drawTeam, plantLayers, plantTileUrl,
} from '@calepin/map-kit';
import { useLiveTiles } from '@calepin/map-kit/react';
import { live, tokens } from '../api/http';
import { usePlant, useWebConfig } from '../api/queries';
import { useLatest } from '../components/useLatest';
import { formatPercent } from '../format';
import '../map/worker';
import { ZONE_COLOUR, zoneOpacity } from './zone-colours';

const SOURCE = PLANT_TILES_SOURCE;
const ZONES = 'mission-zones';
const EMPTY: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [] };

type Zone = MissionProgress['zones'][number];

const ratio = (z: { done: number; modules: number }) => (z.modules ? z.done / z.modules : 0);

function zoneFeatures(zones: Zone[]): GeoJSON.FeatureCollection {
  return {
    type: 'FeatureCollection',
    features: zones.map((z) => ({
      type: 'Feature',
      properties: { id: z.id, opacity: zoneOpacity(ratio(z)), label: `${z.name} · ${formatPercent(ratio(z))}` },
      geometry: z.geometry as GeoJSON.Polygon,
    })),
  };
}

/** Where to look first: the zones, else the plant. */
function boundsOf(zones: Zone[], plantBbox: Bbox | null | undefined): LngLatBoundsLike | null {
  const boxes = zones.map((z) => z.bbox);
  if (boxes.length === 0) return plantBbox ? [[plantBbox[0], plantBbox[1]], [plantBbox[2], plantBbox[3]]] : null;
  return [
    [Math.min(...boxes.map((b) => b[0])), Math.min(...boxes.map((b) => b[1]))],
    [Math.max(...boxes.map((b) => b[2])), Math.max(...boxes.map((b) => b[3]))],
  ];
}

interface Props {
  plantId: string;
  /** The audit whose results colour the modules. */
  audit: string | undefined;
  zones: Zone[];
  /** A zone's bbox to fly to; a new array each time. */
  focus: Bbox | null;
  /** The live state (positions, presence), with its version: drawn again when it changes. */
  team: { state: LiveMissionState | null; version: number };
}

export function ZonesMap({ plantId, audit, zones, focus, team }: Props) {
  const container = useRef<HTMLDivElement>(null);
  const [map, setMap] = useState<MapLibreMap | null>(null);
  const config = useWebConfig();
  const plant = usePlant(plantId);
  // What the map starts with; the effects below update it in place.
  const first = useLatest({ zones, audit, config: config.data, plant: plant.data });
  const ready = Boolean(config.data && plant.data);

  // Made once the config (basemaps, glyphs) and the plant (its extent) are known; updated in place after.
  useEffect(() => {
    if (!ready || !container.current) return undefined;
    const { config, plant } = first.current;
    const labels = Boolean(config?.glyphs);
    const bounds = boundsOf(first.current.zones, plant?.bbox as Bbox | null | undefined);
    const m = new MapLibreMap({
      container: container.current,
      style: baseStyle(config, undefined, window.location.origin),
      bounds: bounds ?? undefined,
      center: bounds ? undefined : [2.35, 46.6],
      zoom: bounds ? undefined : 5,
      fitBoundsOptions: { padding: 30 },
      maxZoom: 23,
      attributionControl: { compact: true },
      transformRequest: authorizeTiles(`${window.location.origin}/tiles/`, () => tokens.accessToken),
    });
    m.addControl(new NavigationControl({ showCompass: false }), 'top-right');
    m.on('load', () => {
      m.addSource('boundary', { type: 'geojson', data: (plant?.boundary as GeoJSON.Geometry | null | undefined) ?? EMPTY });
      m.addSource('highlight', { type: 'geojson', data: EMPTY });
      m.addSource(SOURCE, {
        type: 'vector', tiles: [plantTileUrl(window.location.origin, plantId, first.current.audit)], minzoom: 0, maxzoom: 22,
        promoteId: { modules: 'id' },
      });
      for (const layer of plantLayers(SOURCE, { boundary: 'boundary', highlight: 'highlight', showDefects: true })) m.addLayer(layer);
      m.addSource(ZONES, { type: 'geojson', data: zoneFeatures(first.current.zones) });
      m.addLayer({ id: 'zones-fill', type: 'fill', source: ZONES, paint: { 'fill-color': ZONE_COLOUR, 'fill-opacity': ['get', 'opacity'] } });
      m.addLayer({ id: 'zones-casing', type: 'line', source: ZONES, paint: { 'line-color': '#ffffff', 'line-width': 4.5, 'line-opacity': 0.9 } });
      m.addLayer({ id: 'zones-outline', type: 'line', source: ZONES, paint: { 'line-color': ZONE_COLOUR, 'line-width': 2.5 } });
      addTeamLayers(m, SOURCE);
      // The names above the team's dots: someone standing at a zone's centre does not hide it.
      if (labels) {
        m.addLayer({
          id: 'zones-label', type: 'symbol', source: ZONES,
          // Zones side by side (rows of tables) put their centres close: a label moves aside rather than cover another.
          layout: {
            'text-field': ['get', 'label'], 'text-font': [LABEL_FONT], 'text-size': 12,
            'text-variable-anchor': ['center', 'top', 'bottom', 'left', 'right'], 'text-radial-offset': 0.6,
          },
          paint: { 'text-color': '#1e1b4b', 'text-halo-color': '#ffffff', 'text-halo-width': 1.8 },
        });
      }
      setMap(m);
    });
    // The e2e tests read the map through this handle (never used by the app itself).
    (window as unknown as { __calepinMap?: MapLibreMap }).__calepinMap = m;
    return () => {
      m.remove();
      setMap(null);
    };
  // Not made again when the plant is read again (a live change of its layout): only for another plant.
  }, [ready, plantId, first]);

  useEffect(() => {
    (map?.getSource(ZONES) as GeoJSONSource | undefined)?.setData(zoneFeatures(zones));
  }, [map, zones]);

  useEffect(() => {
    (map?.getSource(SOURCE) as { setTiles(t: string[]): void } | undefined)?.setTiles([plantTileUrl(window.location.origin, plantId, audit)]);
  }, [map, plantId, audit]);

  // The modules' colours follow the results as the tile-server has them (GET /tiles/events).
  useLiveTiles(live, map, plantId, SOURCE, MAP_TILE_SOURCES);

  const { state, version } = team;
  useEffect(() => {
    if (!map || !state) return;
    const people = new Map<string, TeamMember>([...state.presence.values()].map((p) => [p.userId, p]));
    // The office draws everyone: it sends no position of its own.
    drawTeam(map, state.positions.values(), state.locks.values(), people, null);
  }, [map, state, version]);

  useEffect(() => {
    if (!map || !focus) return;
    map.fitBounds([[focus[0], focus[1]], [focus[2], focus[3]]], { padding: 40, maxZoom: 21, duration: 600 });
  }, [map, focus]);

  return <div ref={container} className="zones-map" data-testid="map" data-ready={map ? 'true' : 'false'} />;
}
