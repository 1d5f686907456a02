import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MapGeoJSONFeature } from 'maplibre-gl';
import { type LonLat, MODULES_LAYER } from '@calepin/map-kit';
import type { Selection } from '../api';
import { useEditor, useMapClick } from '../context';
import { pivotHandle, showHandles, showSnap } from '../edit-overlay';
import { snapMove } from '../snap-points';
import { useLayer } from '../layers';
import { formatNumber } from '../../format';
import { NumberField } from './FillFields';
import { type DragState, useSelectionDrag } from '../select-drag/useSelectionDrag';

const idOf = (f: MapGeoJSONFeature | undefined) => (typeof f?.properties.id === 'string' ? f.properties.id : undefined);
const toggle = (ids: string[], id: string) => (ids.includes(id) ? ids.filter((i) => i !== id) : [...ids, id]);

/** The feature under a click: a module first, else a table. */
export function pickAt(editor: ReturnType<typeof useEditor>, point: { x: number; y: number }): { module?: string; table?: string } {
  const map = editor.map;
  if (!map) return {};
  const module = idOf(map.queryRenderedFeatures([point.x, point.y], { layers: [MODULES_LAYER] }).find((f) => idOf(f)));
  if (module) return { module };
  return { table: idOf(map.queryRenderedFeatures([point.x, point.y], { layers: ['le-tables-hit'] }).find((f) => idOf(f))) };
}

/** Selection (click, Shift+click, Shift+drag a box, a whole string) and what is done with it. */
export function SelectPanel() {
  const { t } = useTranslation();
  const editor = useEditor();
  const strings = useLayer(editor.plant.id, 'strings');
  const { selection, setSelection } = editor;
  const [dx, setDx] = useState(0);
  const [dy, setDy] = useState(0);
  const [angle, setAngle] = useState(90);
  const [pivotMode, setPivotMode] = useState<'centroid' | 'picked'>('centroid');
  const [pivot, setPivot] = useState<LonLat | null>(null);
  const [snap, setSnap] = useState(true);
  const [snapNote, setSnapNote] = useState<string | null>(null);

  /** The move asked, snapped to the neighbours when wished (Alt held: as typed). */
  const shift = (alt: boolean): [number, number] => {
    setSnapNote(null);
    showSnap(editor.map, null);
    if (!snap || alt || !editor.map) return [dx, dy];
    const found = snapMove(editor.map, editor.crs, new Set([...selection.modules, ...selection.tables]), [dx, dy]);
    if (!found) return [dx, dy];
    showSnap(editor.map, found.snap.at);
    setSnapNote(t('layout.snap.moved', { dx: formatNumber(found.shiftM[0], 2), dy: formatNumber(found.shiftM[1], 2) }));
    return found.shiftM;
  };
  useEffect(() => () => showSnap(editor.map, null), [editor.map]);
  const [dragging, setDragging] = useState<DragState | null>(null);
  useSelectionDrag({ editor, snap, onDrag: setDragging });

  // The pivot clicked on the map, shown as a cross.
  useEffect(() => showHandles(editor.map, pivotMode === 'picked' && pivot ? [pivotHandle(pivot)] : []), [editor.map, pivotMode, pivot]);
  useEffect(() => () => showHandles(editor.map, []), [editor.map]);

  useMapClick((e) => {
    if (pivotMode === 'picked' && !pivot) {
      setPivot([e.lngLat.lng, e.lngLat.lat]);
      return;
    }
    const hit = pickAt(editor, e.point);
    const add = e.originalEvent.shiftKey;
    const next: Selection = add ? { ...selection } : { modules: [], tables: [] };
    if (hit.module) next.modules = add ? toggle(selection.modules, hit.module) : [hit.module];
    else if (hit.table) next.tables = add ? toggle(selection.tables, hit.table) : [hit.table];
    setSelection(next);
  });

  const byString = (stringId: string) => {
    if (!stringId || !editor.map) return;
    const features = editor.map.querySourceFeatures('plant-tiles', { sourceLayer: 'modules', filter: ['==', ['get', 'string_id'], stringId] });
    setSelection({ modules: [...new Set(features.map((f) => f.properties.id as string).filter(Boolean))], tables: [] });
  };

  const count = selection.modules.length + selection.tables.length;
  const after = (done: unknown) => {
    if (done !== undefined) setSelection({ modules: [], tables: [] });
  };
  return (
    <div className="le-panel" data-testid="le-select-panel">
      <p className="hint">{t('layout.select.hint')}</p>
      <p data-testid="le-selection-count">
        {count ? t('layout.select.count', { modules: selection.modules.length, tables: selection.tables.length }) : t('layout.select.none')}
        {count > 0 && <button type="button" className="link" onClick={() => setSelection({ modules: [], tables: [] })}>{t('layout.select.clear')}</button>}
      </p>
      {count > 0 && !dragging && <p className="hint" data-testid="le-drag-hint">{t('layout.select.dragHint')}</p>}
      {dragging && (
        <p className="muted" role="status" data-testid="le-drag-state">
          {t(dragging.snapped ? 'layout.select.draggingSnapped' : 'layout.select.dragging', {
            dx: formatNumber(dragging.shiftM[0], 2), dy: formatNumber(dragging.shiftM[1], 2),
          })}
        </p>
      )}
      <label className="field">
        <span className="field-label">{t('layout.select.byString')}</span>
        <select value="" onChange={(e) => byString(e.target.value)} data-testid="le-select-string">
          <option value="">—</option>
          {strings.data?.map((s) => <option key={String(s.id)} value={String(s.id)}>{s.properties.code}</option>)}
        </select>
      </label>
      <div className="le-grid">
        <NumberField label={t('layout.select.dx')} value={dx} onChange={setDx} testId="le-dx" />
        <NumberField label={t('layout.select.dy')} value={dy} onChange={setDy} testId="le-dy" />
        <NumberField label={t('layout.select.angle')} value={angle} onChange={setAngle} testId="le-angle" />
      </div>
      <label className="check"><input type="checkbox" checked={snap} onChange={(e) => setSnap(e.target.checked)} data-testid="le-move-snap" />{t('layout.snap.move')}</label>
      {snapNote && <p className="muted" role="status" data-testid="le-move-snapped">{snapNote}</p>}
      <fieldset className="le-choice">
        <legend className="field-label">{t('layout.pivot.label')}</legend>
        <label className="check"><input type="radio" checked={pivotMode === 'centroid'} onChange={() => setPivotMode('centroid')} />{t('layout.pivot.centroid')}</label>
        <label className="check">
          <input type="radio" checked={pivotMode === 'picked'} onChange={() => { setPivotMode('picked'); setPivot(null); }} data-testid="le-pivot-picked" />{t('layout.pivot.picked')}
        </label>
        {pivotMode === 'picked' && (
          <p className="hint" data-testid="le-pivot-state">
            {pivot ? t('layout.pivot.at') : t('layout.pivot.pick')}
            {pivot && <button type="button" className="link" onClick={() => setPivot(null)}>{t('layout.pivot.again')}</button>}
          </p>
        )}
      </fieldset>
      <div className="actions">
        <button type="button" disabled={!count || editor.busy || !Number.isFinite(dx + dy)} onClick={(e) => { const move = shift(e.altKey); void editor.run(() => editor.api.transform(selection, { translateM: move })); }} data-testid="le-move">{t('layout.select.move')}</button>
        <button
          type="button" disabled={!count || editor.busy || !Number.isFinite(angle) || (pivotMode === 'picked' && !pivot)} data-testid="le-rotate"
          onClick={() => void editor.run(() => editor.api.transform(selection, { rotateDeg: angle, ...(pivotMode === 'picked' && pivot ? { pivot } : {}) }))}
        >
          {t('layout.select.rotate')}
        </button>
        <button type="button" disabled={!count || editor.busy || !Number.isFinite(dx + dy)} onClick={(e) => { const move = shift(e.altKey); void editor.run(() => editor.api.copy(selection, move)).then(after); }}>{t('layout.select.copy')}</button>
        <button
          type="button" className="danger" disabled={!count || editor.busy} data-testid="le-delete"
          onClick={() => window.confirm(t('layout.select.confirmRemove', { count })) && void editor.run(() => editor.api.remove(selection)).then(after)}
        >
          {t('layout.select.remove')}
        </button>
      </div>
    </div>
  );
}
