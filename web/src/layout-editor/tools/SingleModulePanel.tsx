import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MapMouseEvent } from 'maplibre-gl';
import type { LonLat } from '@calepin/map-kit';
import { useEditor, useMapClick } from '../context';
import { showSnap } from '../edit-overlay';
import { previewTable, tableSize } from '../preview';
import { SNAP_PX, outlinesNear, reachMetres, snapShift } from '../snap-points';
import { DEFAULT_FILL, FillFields, type FillForm } from './FillFields';
import { useLatest } from '../../components/useLatest';

const ONE = { rows: 1, columns: 1, gapM: 0, rowGapM: 0 };

/** Click to place one module (on the table under the click, if any); it snaps to the modules and tables beside it. */
export function SingleModulePanel() {
  const { t } = useTranslation();
  const editor = useEditor();
  const { map, crs } = editor;
  const [form, setForm] = useState<FillForm>({ ...DEFAULT_FILL, tiltDeg: 0, heightM: 0, modelId: editor.models[0]?.id ?? '' });
  const [snap, setSnap] = useState(true);
  const [snapped, setSnapped] = useState<'corner' | 'edge' | null>(null);
  const model = editor.models.find((m) => m.id === form.modelId);
  const valid = Boolean(model) && form.azimuthDeg >= 0 && form.azimuthDeg < 360 && form.tiltDeg >= 0 && form.tiltDeg <= 90 && form.heightM >= 0;

  /** The module under the pointer, moved so that its nearest corner lands on a neighbour (unless Alt is held). */
  const place = (e: MapMouseEvent) => {
    if (!model || !map || !valid) return null;
    const fill = { ...ONE, orientation: form.orientation };
    const size = tableSize(fill, model, form);
    const footprint = (centre: LonLat) => previewTable(crs, { center: centre, ...size }, form, fill, model).features.find((f) => f.properties?.['kind'] === 'module');
    let centre: LonLat = [e.lngLat.lng, e.lngLat.lat];
    let found: ReturnType<typeof snapShift> = null;
    const first = footprint(centre);
    if (snap && !e.originalEvent.altKey && first?.geometry.type === 'Polygon') {
      const reach = reachMetres(map, crs, e.point);
      const halfPx = (Math.hypot(size.lengthM, size.widthM) / 2) * (SNAP_PX / reach);
      const corners = (first.geometry.coordinates[0] ?? []).slice(0, -1) as LonLat[];
      found = snapShift(crs, corners, [0, 0], outlinesNear(map, e.point, SNAP_PX + halfPx), reach);
      if (found) {
        const m = crs.toMetric(centre);
        centre = crs.toLonLat([m[0] + found.shiftM[0], m[1] + found.shiftM[1]]);
      }
    }
    return { centre, feature: footprint(centre), snap: found?.snap ?? null };
  };
  const latest = useLatest(place);

  // The module follows the pointer, with the snap indicator where it snapped.
  const { setPreview } = editor;
  useEffect(() => {
    if (!map) return undefined;
    const onMove = (e: MapMouseEvent) => {
      const at = latest.current(e);
      setPreview(at?.feature ? [at.feature] : []);
      showSnap(map, at?.snap?.at ?? null);
      setSnapped(at?.snap?.kind ?? null);
    };
    map.on('mousemove', onMove);
    return () => {
      map.off('mousemove', onMove);
      setPreview([]);
      showSnap(map, null);
    };
  }, [map, setPreview, latest]);

  useMapClick((e) => {
    if (editor.busy) return;
    const at = place(e);
    if (!at || !model) return;
    const table = map?.queryRenderedFeatures(e.point, { layers: ['le-tables-hit'] }).find((f) => typeof f.properties.id === 'string');
    void editor.run(() => editor.api.placeModule(at.centre, form.azimuthDeg, model.id, form.orientation, table?.properties.id as string | undefined,
      { tiltDeg: form.tiltDeg, heightM: form.heightM }));
  });
  return (
    <div className="le-panel" data-testid="le-module-panel">
      <p className="hint">{t('layout.module.click')}</p>
      <FillFields value={form} onChange={setForm} models={editor.models} withGrid={false} />
      <label className="field">
        <span className="field-label">{t('layout.table.orientation')}</span>
        <select value={form.orientation} onChange={(e) => setForm({ ...form, orientation: e.target.value as FillForm['orientation'] })}>
          <option value="portrait">{t('layout.table.portrait')}</option>
          <option value="landscape">{t('layout.table.landscape')}</option>
        </select>
      </label>
      <label className="check"><input type="checkbox" checked={snap} onChange={(e) => setSnap(e.target.checked)} data-testid="le-module-snap" />{t('layout.snap.on')}</label>
      <p className="muted" role="status" data-testid="le-module-snapped">{snapped ? t(`layout.snap.${snapped}`) : '\u00a0'}</p>
    </div>
  );
}
