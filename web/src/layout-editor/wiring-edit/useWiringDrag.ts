// Dragging on the map in the wiring tool: an inverter or a junction box (moved), a cable's
// point (moved; its ends snap to inverters, boxes and string ends unless Alt is held) or a
// cable's midpoint (a new point there). The server is told once the mouse is released.
import { useEffect } from 'react';
import type { MapMouseEvent } from 'maplibre-gl';
import type { LonLat } from '@calepin/map-kit';
import type { Editor } from '../context';
import { MID_LAYER, VERTEX_LAYER, cableHandles, pointHandle, showHandles, showSnap } from '../edit-overlay';
import { ELECTRICAL, electricalFeatures, setGeoJson } from '../overlays';
import { nearestTarget, reachMetres } from '../snap-points';
import type { EndTarget } from './targets';
import { useLatest } from '../../components/useLatest';

export type ItemLayer = 'inverters' | 'junction-boxes' | 'cables';
export interface Picked { layer: ItemLayer; id: string }
export type Items = Record<ItemLayer, GeoJSON.Feature[] | undefined>;

type Drag =
  | { kind: 'point'; picked: Picked; at: LonLat; start: { x: number; y: number }; moved: boolean }
  | { kind: 'vertex'; cableId: string; line: LonLat[]; index: number; snapped: EndTarget | null; start: { x: number; y: number }; moved: boolean };

export interface WiringDragOptions {
  editor: Editor;
  items: Items;
  picked: Picked | null;
  setPicked(p: Picked | null): void;
  setVertex(i: number | null): void;
  targets: EndTarget[];
  onPointMoved(picked: Picked, at: LonLat): void;
  onLineChanged(cableId: string, line: LonLat[], movedIndex: number, snapped: EndTarget | null): void;
}

/** The items with one geometry replaced (what the map shows while dragging). */
function withGeometry(items: Items, layer: ItemLayer, id: string, geometry: GeoJSON.Geometry): Items {
  return { ...items, [layer]: (items[layer] ?? []).map((f) => (String(f.id) === id ? { ...f, geometry } : f)) };
}

export function useWiringDrag(options: WiringDragOptions): void {
  const latest = useLatest(options);
  const map = options.editor.map;
  useEffect(() => {
    if (!map) return undefined;
    let drag: Drag | null = null;
    const onDown = (e: MapMouseEvent) => {
      if (e.originalEvent.button !== 0 || e.originalEvent.shiftKey) return;
      const o = latest.current;
      const layers = [VERTEX_LAYER, MID_LAYER, 'le-points'].filter((l) => map.getLayer(l));
      const hits = map.queryRenderedFeatures([[e.point.x - 6, e.point.y - 6], [e.point.x + 6, e.point.y + 6]], { layers });
      const cable = o.picked?.layer === 'cables' ? o.items.cables?.find((c) => String(c.id) === o.picked?.id) : undefined;
      const line = cable?.geometry.type === 'LineString' ? (cable.geometry.coordinates as LonLat[]).map((p) => [...p] as LonLat) : null;
      const vertex = hits.find((f) => f.layer.id === VERTEX_LAYER);
      const mid = hits.find((f) => f.layer.id === MID_LAYER);
      const item = hits.find((f) => f.layer.id === 'le-points');
      const start = { x: e.point.x, y: e.point.y };
      if (cable && line && vertex) {
        const index = Number(vertex.properties.index);
        drag = { kind: 'vertex', cableId: String(cable.id), line, index, snapped: null, start, moved: false };
        o.setVertex(index);
      } else if (cable && line && mid) {
        const index = Number(mid.properties.index) + 1;
        line.splice(index, 0, [e.lngLat.lng, e.lngLat.lat]);
        drag = { kind: 'vertex', cableId: String(cable.id), line, index, snapped: null, start, moved: true };
        o.setVertex(index);
        showHandles(map, cableHandles(line, index));
      } else if (item && typeof item.properties.id === 'string') {
        const picked: Picked = { layer: item.properties.layer as ItemLayer, id: item.properties.id };
        o.setPicked(picked);
        o.setVertex(null);
        drag = { kind: 'point', picked, at: [e.lngLat.lng, e.lngLat.lat], start, moved: false };
      } else {
        return;
      }
      e.preventDefault();
      map.dragPan.disable();
    };
    const onMove = (e: MapMouseEvent) => {
      if (!drag) return;
      if (!drag.moved && Math.hypot(e.point.x - drag.start.x, e.point.y - drag.start.y) < 3) return;
      drag.moved = true;
      const o = latest.current;
      let at: LonLat = [e.lngLat.lng, e.lngLat.lat];
      if (drag.kind === 'vertex') {
        const end = drag.index === 0 || drag.index === drag.line.length - 1;
        drag.snapped = null;
        if (end && !e.originalEvent.altKey) {
          const snap = nearestTarget(o.editor.crs, at, o.targets, reachMetres(map, o.editor.crs, e.point));
          if (snap) {
            at = snap.at;
            drag.snapped = snap.target;
          }
        }
        showSnap(map, drag.snapped ? at : null);
        drag.line[drag.index] = at;
        showHandles(map, cableHandles(drag.line, drag.index));
        setGeoJson(map, ELECTRICAL, electricalFeatures(withGeometry(o.items, 'cables', drag.cableId, { type: 'LineString', coordinates: drag.line })));
      } else {
        drag.at = at;
        showHandles(map, [pointHandle(at)]);
        setGeoJson(map, ELECTRICAL, electricalFeatures(withGeometry(o.items, drag.picked.layer, drag.picked.id, { type: 'Point', coordinates: at })));
      }
    };
    const onUp = () => {
      const done = drag;
      drag = null;
      if (!done) return;
      map.dragPan.enable();
      showSnap(map, null);
      if (!done.moved) return;
      const o = latest.current;
      if (done.kind === 'vertex') o.onLineChanged(done.cableId, done.line, done.index, done.snapped);
      else o.onPointMoved(done.picked, done.at);
    };
    map.on('mousedown', onDown);
    map.on('mousemove', onMove);
    map.on('mouseup', onUp);
    return () => {
      map.off('mousedown', onDown);
      map.off('mousemove', onMove);
      map.off('mouseup', onUp);
      map.dragPan.enable();
    };
  }, [map, latest]);
}
