import { useEffect } from 'react';
import type { MapMouseEvent } from 'maplibre-gl';
import { MODULES_LAYER } from '@calepin/map-kit';
import type { Editor } from './context';
import { useLatest } from '../components/useLatest';

/** Shift+drag on the map with the select tool: the modules (or else tables) inside the box join the selection. */
export function useBoxSelect(editor: Editor): void {
  const latest = useLatest(editor);
  const { map } = editor;
  useEffect(() => {
    if (!map) return undefined;
    const canvas = map.getCanvasContainer();
    let start: { x: number; y: number } | null = null;
    let box: HTMLDivElement | null = null;
    const pointOf = (e: MouseEvent) => {
      const rect = canvas.getBoundingClientRect();
      return { x: e.clientX - rect.left - canvas.clientLeft, y: e.clientY - rect.top - canvas.clientTop };
    };
    const onMove = (e: MouseEvent) => {
      if (!start || !box) return;
      const p = pointOf(e);
      Object.assign(box.style, {
        left: `${Math.min(start.x, p.x)}px`, top: `${Math.min(start.y, p.y)}px`,
        width: `${Math.abs(p.x - start.x)}px`, height: `${Math.abs(p.y - start.y)}px`,
      });
    };
    const onUp = (e: MouseEvent) => {
      document.removeEventListener('mousemove', onMove);
      document.removeEventListener('mouseup', onUp);
      box?.remove();
      box = null;
      map.dragPan.enable();
      if (!start) return;
      const p = pointOf(e);
      const from = start;
      start = null;
      if (Math.abs(p.x - from.x) < 4 && Math.abs(p.y - from.y) < 4) return;
      const area: [[number, number], [number, number]] = [[Math.min(from.x, p.x), Math.min(from.y, p.y)], [Math.max(from.x, p.x), Math.max(from.y, p.y)]];
      const ids = (layer: string) => [...new Set(map.queryRenderedFeatures(area, { layers: [layer] })
        .map((f) => f.properties.id).filter((id): id is string => typeof id === 'string'))];
      const { selection, setSelection } = latest.current;
      const modules = ids(MODULES_LAYER);
      const tables = modules.length ? [] : ids('le-tables-hit');
      setSelection({
        modules: [...new Set([...selection.modules, ...modules])],
        tables: [...new Set([...selection.tables, ...tables])],
      });
    };
    const onDown = (e: MapMouseEvent) => {
      if (latest.current.tool !== 'select' || !e.originalEvent.shiftKey || e.originalEvent.button !== 0) return;
      e.preventDefault();
      map.dragPan.disable();
      start = pointOf(e.originalEvent);
      box = document.createElement('div');
      box.className = 'le-box';
      box.dataset.testid = 'le-box';
      canvas.append(box);
      document.addEventListener('mousemove', onMove);
      document.addEventListener('mouseup', onUp);
    };
    map.on('mousedown', onDown);
    return () => {
      map.off('mousedown', onDown);
      document.removeEventListener('mousemove', onMove);
      document.removeEventListener('mouseup', onUp);
    };
  }, [map, latest]);
}
