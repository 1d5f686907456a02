import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatArea } from '../../format';
import { ringArea } from '../../map/geometry';
import { useEditor } from '../context';
import { DEFAULT_FILL, FillFields, type FillForm, NumberField, fillValid } from './FillFields';

/** Fills a drawn area with tables of the given fill at a row pitch. */
export function AreaPanel() {
  const { t } = useTranslation();
  const editor = useEditor();
  const [fill, setFill] = useState<FillForm>({ ...DEFAULT_FILL, modelId: editor.models[0]?.id ?? '' });
  const [pitchM, setPitchM] = useState(8);
  const [area, setArea] = useState<GeoJSON.Polygon | null>(null);
  const { draw, stopDrawing, setPreview } = editor;

  useEffect(() => {
    draw('polygon', (g) => setArea(g as GeoJSON.Polygon));
    return () => stopDrawing();
  }, [draw, stopDrawing]);
  useEffect(() => {
    setPreview(area ? [{ type: 'Feature', properties: { kind: 'table' }, geometry: area }] : []);
  }, [area, setPreview]);
  useEffect(() => () => setPreview([]), [setPreview]);

  const apply = async () => {
    if (!area) return;
    const done = await editor.run(() => editor.api.fillArea(area, fill.azimuthDeg, pitchM, {
      tiltDeg: fill.tiltDeg, heightM: fill.heightM,
      fill: { modelId: fill.modelId, rows: fill.rows, columns: fill.columns, orientation: fill.orientation, gapM: fill.gapM, rowGapM: fill.rowGapM },
    }));
    if (done !== undefined) {
      setArea(null);
      draw('polygon', (g) => setArea(g as GeoJSON.Polygon));
    }
  };

  return (
    <div className="le-panel" data-testid="le-area-panel">
      <p className="hint">{area ? t('layout.area.drawn', { area: formatArea(ringArea(area.coordinates[0] ?? [])) }) : t('layout.area.draw')}</p>
      <FillFields value={fill} onChange={setFill} models={editor.models} />
      <div className="le-grid"><NumberField label={t('layout.area.pitch')} value={pitchM} onChange={setPitchM} min={0.5} testId="le-pitch" /></div>
      <button type="button" className="primary" disabled={!area || !fillValid(fill) || !(pitchM > 0) || editor.busy} onClick={() => void apply()}>
        {t('layout.area.fill')}
      </button>
    </div>
  );
}
