// Other office users' mice on a plant map (docs/realtime.md §3–4, `plant:cursor`): the plant's
// room watched on the real-time socket, this user's mouse sent ten times a second at most,
// the others' kept while they move (a cursor not heard of for 10 s is dropped) and drawn as
// a dot in their colour.
import { type Socket, io } from 'socket.io-client';
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import type { RtPlantCursor } from '@calepin/core';
import type { LiveSession } from './client';

export const CURSOR_EVERY_MS = 100;
export const CURSOR_FORGET_MS = 10_000;
const SOURCE = 'live-cursors';

export interface PlantCursors {
  /** This user's mouse on the map (sent at most every 100 ms). */
  move(lon: number, lat: number): void;
  /** Called with the others' cursors after each change. */
  subscribe(listener: (cursors: RtPlantCursor[]) => void): () => void;
  close(): void;
}

export function watchPlantCursors(session: LiveSession, plantId: string, origin = ''): PlantCursors {
  const cursors = new Map<string, RtPlantCursor & { heardAt: number }>();
  const listeners = new Set<(cursors: RtPlantCursor[]) => void>();
  const changed = () => listeners.forEach((l) => l([...cursors.values()]));
  const socket: Socket = io(origin || undefined, {
    path: '/rt', transports: ['websocket', 'polling'], auth: (send) => send({ token: session.accessToken }),
  });
  socket.on('connect', () => void socket.emitWithAck('plant:watch', { plantId }).catch(() => undefined));
  socket.on('plant:cursor', (c: RtPlantCursor) => {
    if (c.plantId !== plantId) return;
    cursors.set(c.userId, { ...c, heardAt: Date.now() });
    changed();
  });
  const sweep = setInterval(() => {
    const now = Date.now();
    let gone = false;
    for (const [id, c] of cursors) if (now - c.heardAt > CURSOR_FORGET_MS) gone = cursors.delete(id) || gone;
    if (gone) changed();
  }, 1000);
  let lastSent = 0;
  return {
    move(lon, lat) {
      const now = Date.now();
      if (!socket.connected || now - lastSent < CURSOR_EVERY_MS) return;
      lastSent = now;
      socket.volatile.emit('plant:cursor', { plantId, lon, lat });
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      clearInterval(sweep);
      socket.close();
    },
  };
}

/** Sends this map's mouse and draws the others' on it, until the returned function is called. */
export function followPlantCursors(map: MapLibreMap, cursors: PlantCursors): () => void {
  if (!map.getSource(SOURCE)) {
    map.addSource(SOURCE, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
    map.addLayer({
      id: SOURCE, type: 'circle', source: SOURCE,
      // A ring in the user's colour round a white core: not to be read as a defect's filled dot.
      paint: { 'circle-color': '#ffffff', 'circle-radius': 7, 'circle-stroke-color': ['get', 'colour'], 'circle-stroke-width': 4 },
    });
  }
  const onMove = (e: { lngLat: { lng: number; lat: number } }) => cursors.move(e.lngLat.lng, e.lngLat.lat);
  map.on('mousemove', onMove);
  const stop = cursors.subscribe((list) => {
    (map.getSource(SOURCE) as GeoJSONSource | undefined)?.setData({
      type: 'FeatureCollection',
      features: list.map((c) => ({
        type: 'Feature', properties: { userId: c.userId, name: c.name, colour: c.colour }, geometry: { type: 'Point', coordinates: [c.lon, c.lat] },
      })),
    });
  });
  return () => {
    map.off('mousemove', onMove);
    stop();
  };
}
