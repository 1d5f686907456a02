// The team on a mission's map (docs/realtime.md §3–4, §8): each colleague's GPS position as a
// dot in their colour with its accuracy as a circle, and the modules others are annotating
// outlined in the holder's colour. Shared by the field map and the office map. No names on
// the map: the style fetches no glyphs (offline); the team list above the map names each colour.
import type { ExpressionSpecification, GeoJSONSource, LayerSpecification, Map as MapLibreMap } from 'maplibre-gl';
import type { RtLock, RtPosition } from '@calepin/core';

export const TEAM_SOURCE = 'live-team';
export const LOCKS_LAYER = 'live-locks';
const NOBODY = '#94a3b8';
const EMPTY: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [] };
const METRES_PER_DEGREE = 111_320;

/** A point `metres` away from a position towards `bearing` (degrees from north), on a small patch of the Earth. */
export function offsetLonLat(lon: number, lat: number, metres: number, bearing: number): [number, number] {
  const rad = (bearing * Math.PI) / 180;
  return [
    lon + (metres * Math.sin(rad)) / (METRES_PER_DEGREE * Math.cos((lat * Math.PI) / 180)),
    lat + (metres * Math.cos(rad)) / METRES_PER_DEGREE,
  ];
}

/** A circle of `metres` around a point, as a 32-sided ring (half a metre at least, to stay visible). */
export function accuracyRing(lon: number, lat: number, metres: number): [number, number][] {
  return Array.from({ length: 33 }, (_, i) => offsetLonLat(lon, lat, Math.max(metres, 0.5), (i * 360) / 32));
}

export interface TeamMember {
  name: string;
  colour: string;
  state: 'active' | 'idle' | 'offline';
}

/** The colleagues' positions (not one's own: the device draws it itself), offline people left out. */
export function teamFeatures(positions: Iterable<RtPosition>, people: ReadonlyMap<string, TeamMember>, self: string | null): GeoJSON.FeatureCollection {
  const features: GeoJSON.Feature[] = [];
  for (const p of positions) {
    const who = people.get(p.userId);
    if (p.userId === self || !who || who.state === 'offline') continue;
    const properties = { userId: p.userId, name: who.name, colour: who.colour, idle: who.state === 'idle' };
    features.push(
      { type: 'Feature', properties: { ...properties, part: 'accuracy' }, geometry: { type: 'Polygon', coordinates: [accuracyRing(p.lon, p.lat, p.accuracy)] } },
      { type: 'Feature', properties: { ...properties, part: 'dot' }, geometry: { type: 'Point', coordinates: [p.lon, p.lat] } },
    );
  }
  return { type: 'FeatureCollection', features };
}

/** The layers, above the plant's: locks on the modules of `plantSource`, then the positions of `TEAM_SOURCE`. */
export function teamLayers(plantSource: string): LayerSpecification[] {
  const part = (name: string): ExpressionSpecification => ['==', ['get', 'part'], name];
  return [
    {
      id: LOCKS_LAYER, type: 'line', source: plantSource, 'source-layer': 'modules', filter: ['boolean', false],
      paint: { 'line-color': NOBODY, 'line-width': 4 },
    },
    {
      id: 'live-team-accuracy', type: 'fill', source: TEAM_SOURCE, filter: part('accuracy'),
      paint: { 'fill-color': ['get', 'colour'], 'fill-opacity': 0.15 },
    },
    {
      id: 'live-team-dot', type: 'circle', source: TEAM_SOURCE, filter: part('dot'),
      paint: {
        'circle-color': ['get', 'colour'], 'circle-radius': 7, 'circle-stroke-color': '#fff', 'circle-stroke-width': 2,
        'circle-opacity': ['case', ['get', 'idle'], 0.5, 1],
      },
    },
  ];
}

/** Adds the team's source and layers to a loaded map (once). */
export function addTeamLayers(map: MapLibreMap, plantSource: string): void {
  if (map.getSource(TEAM_SOURCE)) return;
  map.addSource(TEAM_SOURCE, { type: 'geojson', data: EMPTY });
  for (const layer of teamLayers(plantSource)) map.addLayer(layer);
}

/** Draws the team now: positions, and the modules others hold (one's own lock is the open form, not outlined). */
export function drawTeam(
  map: MapLibreMap, positions: Iterable<RtPosition>, locks: Iterable<RtLock>, people: ReadonlyMap<string, TeamMember>, self: string | null,
): void {
  (map.getSource(TEAM_SOURCE) as GeoJSONSource | undefined)?.setData(teamFeatures(positions, people, self));
  if (!map.getLayer(LOCKS_LAYER)) return;
  const held = [...locks].filter((l) => l.holder !== self);
  if (held.length === 0) {
    map.setFilter(LOCKS_LAYER, ['boolean', false]);
    return;
  }
  const colours = held.flatMap((l) => [l.moduleId, people.get(l.holder)?.colour ?? NOBODY]);
  map.setFilter(LOCKS_LAYER, ['in', ['get', 'id'], ['literal', held.map((l) => l.moduleId)]]);
  map.setPaintProperty(LOCKS_LAYER, 'line-color', ['match', ['get', 'id'], ...colours, NOBODY] as unknown as ExpressionSpecification);
}
