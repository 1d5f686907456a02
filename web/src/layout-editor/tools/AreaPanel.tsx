import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatArea, formatNumber } from '../../format';
import { ringArea } from '../../map/geometry';
import { useEditor } from '../context';
import { type Preview, previewArea } from '../preview';
import { DEFAULT_FILL, FillFields, type FillForm, NumberField, fillValid } from './FillFields';

/** Fills a drawn area with tables of the given fill at a row pitch, previewed by core's fillArea. */
export function AreaPanel() {
  const { t } = useTranslation();
  const editor = useEditor();
  const [fill, setFill] = useState<FillForm>({ ...DEFAULT_FILL, modelId: editor.models[0]?.id ?? '' });
  const [pitchM, setPitchM] = useState(8);
  const [tableGapM, setTableGapM] = useState(1);
  const [area, setArea] = useState<GeoJSON.Polygon | null>(null);
  const { draw, stopDrawing, setPreview } = editor;
  const model = editor.models.find((m) => m.id === fill.modelId);

  useEffect(() => {
    draw('polygon', (g) => setArea(g as GeoJSON.Polygon));
    return () => stopDrawing();
  }, [draw, stopDrawing]);

  const preview = useMemo((): Preview | { error: number } | null => {
    if (!area || !model || !fillValid(fill) || !(pitchM > 0) || !(tableGapM >= 0)) return null;
    try {
      return previewArea(editor.crs, area, pitchM, tableGapM, fill, fill, model);
    } catch (e) {
      return { error: (e as { neededM?: number }).neededM ?? 0 };
    }
  }, [area, model, fill, pitchM, tableGapM, editor.crs]);

  useEffect(() => {
    const outline: GeoJSON.Feature[] = area ? [{ type: 'Feature', properties: { kind: 'table' }, geometry: area }] : [];
    setPreview([...outline, ...(preview && 'features' in preview ? preview.features : [])]);
  }, [area, preview, setPreview]);
  useEffect(() => () => setPreview([]), [setPreview]);

  const apply = async () => {
    if (!area) return;
    const done = await editor.run(() => editor.api.fillArea(area, fill.azimuthDeg, pitchM, tableGapM, {
      modelId: fill.modelId, rows: fill.rows, columns: fill.columns, orientation: fill.orientation,
      gapM: fill.gapM, rowGapM: fill.rowGapM, tiltDeg: fill.tiltDeg, heightM: fill.heightM,
    }));
    if (done !== undefined) {
      setArea(null);
      draw('polygon', (g) => setArea(g as GeoJSON.Polygon));
    }
  };

  const ok = preview && 'features' in preview && preview.tables > 0;
  return (
    <div className="le-panel" data-testid="le-area-panel">
      <p className="hint">{area ? t('layout.area.drawn', { area: formatArea(ringArea(area.coordinates[0] ?? [])) }) : t('layout.area.draw')}</p>
      <FillFields value={fill} onChange={setFill} models={editor.models} />
      <div className="le-grid">
        <NumberField label={t('layout.area.pitch')} value={pitchM} onChange={setPitchM} min={0.5} testId="le-pitch" />
        <NumberField label={t('layout.area.tableGap')} value={tableGapM} onChange={setTableGapM} min={0} testId="le-table-gap" />
      </div>
      {preview && 'error' in preview && <p className="field-error">{t('layout.area.pitchTooSmall', { needed: formatNumber(preview.error, 2) })}</p>}
      {preview && 'features' in preview && (
        <p className="muted" data-testid="le-area-summary">{t('layout.area.summary', { tables: preview.tables, modules: formatNumber(preview.modules) })}</p>
      )}
      <button type="button" className="primary" disabled={!ok || editor.busy} onClick={() => void apply()} data-testid="le-fill-area">
        {t('layout.area.fill')}
      </button>
    </div>
  );
}
