// Dragging the selection on the map with the select tool: the mouse pressed on a selected
// module or table and moved drags a preview of the selection's outlines; the offset is
// measured in metres in the plant's projected CRS and snapped to the neighbours' corners and
// edges (Alt held: not snapped). Released: one transform call, so one edit to undo.
// Escape cancels; a press without movement stays a click (it selects as before).
import { useEffect } from 'react';
import type { MapMouseEvent } from 'maplibre-gl';
import { MODULES_LAYER, type Xy } from '@calepin/map-kit';
import type { Editor } from '../context';
import { showSnap } from '../edit-overlay';
import { snapMove } from '../snap-points';
import { type DraggedOutline, selectedOutlines, shiftedFeatures } from './outlines';
import { useLatest } from '../../components/useLatest';

/** Screen pixels the mouse must travel before a press becomes a drag (below: a click). */
export const DRAG_DEAD_ZONE_PX = 4;

export interface DragState { shiftM: Xy; snapped: boolean }

export interface SelectionDragOptions {
  editor: Editor;
  /** Snapping wished (the panel's check box); Alt held during the drag turns it off too. */
  snap: boolean;
  /** The offset while dragging, null once done or cancelled. */
  onDrag(state: DragState | null): void;
}

interface Drag {
  start: { x: number; y: number };
  startM: Xy;
  outlines: DraggedOutline[];
  ids: Set<string>;
  moved: boolean;
  shiftM: Xy;
}

export function useSelectionDrag(options: SelectionDragOptions): void {
  const latest = useLatest(options);
  const map = options.editor.map;
  useEffect(() => {
    if (!map) return undefined;
    const canvas = map.getCanvasContainer();
    let drag: Drag | null = null;
    const pointOf = (e: MouseEvent) => {
      const rect = canvas.getBoundingClientRect();
      return { x: e.clientX - rect.left - canvas.clientLeft, y: e.clientY - rect.top - canvas.clientTop };
    };
    const metric = (p: { x: number; y: number }): Xy => {
      const ll = map.unproject([p.x, p.y]);
      return latest.current.editor.crs.toMetric([ll.lng, ll.lat]);
    };
    const finish = () => {
      document.removeEventListener('mousemove', onMove);
      document.removeEventListener('mouseup', onUp);
      window.removeEventListener('keydown', onKey);
      map.dragPan.enable();
      map.getCanvas().style.cursor = '';
      showSnap(map, null);
      latest.current.editor.setPreview([]);
      latest.current.onDrag(null);
    };
    const onMove = (e: MouseEvent) => {
      if (!drag) return;
      const p = pointOf(e);
      if (!drag.moved && Math.hypot(p.x - drag.start.x, p.y - drag.start.y) < DRAG_DEAD_ZONE_PX) return;
      drag.moved = true;
      map.getCanvas().style.cursor = 'grabbing';
      const { editor, snap } = latest.current;
      const here = metric(p);
      let shiftM: Xy = [here[0] - drag.startM[0], here[1] - drag.startM[1]];
      const found = snap && !e.altKey ? snapMove(map, editor.crs, drag.ids, shiftM) : null;
      if (found) shiftM = found.shiftM;
      showSnap(map, found ? found.snap.at : null);
      drag.shiftM = shiftM;
      editor.setPreview(shiftedFeatures(editor.crs, drag.outlines, shiftM));
      latest.current.onDrag({ shiftM, snapped: Boolean(found) });
    };
    const onUp = () => {
      const done = drag;
      drag = null;
      finish();
      if (!done?.moved) return;
      const { editor } = latest.current;
      const selection = editor.selection;
      void editor.run(() => editor.api.transform(selection, { translateM: done.shiftM }));
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || !drag) return;
      drag = null;
      finish();
    };
    const onDown = (e: MapMouseEvent) => {
      const { editor } = latest.current;
      const { selection } = editor;
      if (editor.tool !== 'select' || editor.busy || e.originalEvent.button !== 0 || e.originalEvent.shiftKey) return;
      if (!selection.modules.length && !selection.tables.length) return;
      const layers = [MODULES_LAYER, 'le-tables-hit'].filter((l) => map.getLayer(l));
      const under = map.queryRenderedFeatures([e.point.x, e.point.y], { layers }).map((f) => f.properties.id);
      const outlines = selectedOutlines(map, selection);
      const ids = new Set(outlines.map((o) => o.id));
      if (!under.some((id) => typeof id === 'string' && ids.has(id))) return;
      e.preventDefault();
      map.dragPan.disable();
      const start = { x: e.point.x, y: e.point.y };
      drag = { start, startM: metric(start), outlines, ids, moved: false, shiftM: [0, 0] };
      document.addEventListener('mousemove', onMove);
      document.addEventListener('mouseup', onUp);
      window.addEventListener('keydown', onKey);
    };
    map.on('mousedown', onDown);
    return () => {
      map.off('mousedown', onDown);
      if (drag) finish();
      drag = null;
    };
  }, [map, latest]);
}
