import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LonLat } from '@calepin/map-kit';
import { formatNumber } from '../../format';
import { useEditor, useMapClick } from '../context';
import { useLayer } from '../layers';
import { previewTable, tableSize } from '../preview';
import { snapTable } from '../snap';
import { DEFAULT_FILL, FillFields, type FillForm, fillValid } from './FillFields';

type Shape = 'rectangle' | 'polygon';

/** Draws a table (a rectangle with an azimuth, dropped by a click, or a polygon) and fills it, with a live preview. */
export function TablePanel() {
  const { t } = useTranslation();
  const editor = useEditor();
  const tables = useLayer(editor.plant.id, 'tables');
  const [shape, setShape] = useState<Shape>('rectangle');
  const [fill, setFill] = useState<FillForm>({ ...DEFAULT_FILL, modelId: editor.models[0]?.id ?? '' });
  const [withFill, setWithFill] = useState(true);
  const [snap, setSnap] = useState(true);
  const [centre, setCentre] = useState<LonLat | null>(null);
  const [snapped, setSnapped] = useState(false);
  const [outline, setOutline] = useState<GeoJSON.Polygon | null>(null);
  const [size, setSize] = useState({ lengthM: 10, widthM: 4 });
  const model = editor.models.find((m) => m.id === fill.modelId);
  const valid = fillValid(fill) || (!withFill && fill.tiltDeg >= 0);

  const computed = withFill && model && fillValid(fill) ? tableSize(fill, model, fill) : size;

  useMapClick(shape === 'rectangle' ? (e) => {
    let at: LonLat = [e.lngLat.lng, e.lngLat.lat];
    let joined = false;
    if (snap && tables.data) {
      const neighbours = tables.data
        .filter((f) => f.geometry.type === 'Polygon')
        .map((f) => ({ outline: f.geometry as GeoJSON.Polygon, azimuthDeg: f.properties.azimuthDeg }));
      ({ centre: at, snapped: joined } = snapTable(editor.crs, at, { ...computed, azimuthDeg: fill.azimuthDeg }, neighbours, Math.max(fill.gapM, 0.5)));
    }
    setCentre(at);
    setSnapped(joined);
  } : null);

  const { draw, stopDrawing } = editor;
  useEffect(() => {
    if (shape !== 'polygon') return undefined;
    draw('polygon', (g) => setOutline(g as GeoJSON.Polygon));
    return () => stopDrawing();
  }, [shape, draw, stopDrawing]);

  const { lengthM, widthM } = computed;

  const preview = useMemo(() => {
    if (!valid) return null;
    const fillParams = withFill ? { ...fill, ...(shape === 'polygon' ? { rows: undefined, columns: undefined } : {}) } : null;
    if (shape === 'polygon') return outline ? previewTable(editor.crs, { polygon: outline }, fill, fillParams, model) : null;
    if (!centre) return null;
    return previewTable(editor.crs, { center: centre, lengthM, widthM }, fill, fillParams, model);
  }, [shape, outline, centre, valid, fill, withFill, model, lengthM, widthM, editor.crs]);

  const { setPreview } = editor;
  useEffect(() => {
    setPreview(preview?.features ?? []);
  }, [preview, setPreview]);
  useEffect(() => () => setPreview([]), [setPreview]);

  const ready = valid && (shape === 'rectangle' ? centre !== null : outline !== null);
  const create = async () => {
    const fillBody = withFill
      ? { modelId: fill.modelId, orientation: fill.orientation, gapM: fill.gapM, rowGapM: fill.rowGapM,
          ...(shape === 'rectangle' ? { rows: fill.rows, columns: fill.columns } : {}) }
      : undefined;
    const done = await editor.run(() => editor.api.createTable({
      ...(shape === 'rectangle' && centre
        ? { rectangle: { center: centre, lengthM: round(computed.lengthM), widthM: round(computed.widthM), azimuthDeg: fill.azimuthDeg } }
        : { outline: outline as GeoJSON.Polygon, azimuthDeg: fill.azimuthDeg }),
      tiltDeg: fill.tiltDeg,
      heightM: fill.heightM,
      ...(fillBody ? { fill: fillBody } : {}),
    }));
    if (done !== undefined) {
      setCentre(null);
      setOutline(null);
      if (shape === 'polygon') editor.draw('polygon', (g) => setOutline(g as GeoJSON.Polygon));
    }
  };

  const count = preview && preview.modules ? preview.modules : fill.rows * fill.columns;
  return (
    <div className="le-panel" data-testid="le-table-panel">
      <fieldset className="le-choice">
        <legend className="field-label">{t('layout.table.shape')}</legend>
        <label className="check"><input type="radio" checked={shape === 'rectangle'} onChange={() => setShape('rectangle')} data-testid="le-shape-rectangle" />{t('layout.table.rectangle')}</label>
        <label className="check"><input type="radio" checked={shape === 'polygon'} onChange={() => setShape('polygon')} data-testid="le-shape-polygon" />{t('layout.table.polygon')}</label>
      </fieldset>
      <p className="hint">{shape === 'rectangle' ? t('layout.table.clickCentre') : t('layout.table.drawPolygon')}</p>
      <label className="check"><input type="checkbox" checked={withFill} onChange={(e) => setWithFill(e.target.checked)} data-testid="le-with-fill" />{t('layout.table.fill')}</label>
      <FillFields value={fill} onChange={setFill} models={editor.models} withGrid={withFill} />
      {!withFill && shape === 'rectangle' && (
        <div className="le-grid">
          <label className="field"><span className="field-label">{t('layout.table.lengthM')}</span>
            <input type="number" value={size.lengthM} min={0.5} step="any" onChange={(e) => setSize({ ...size, lengthM: e.target.valueAsNumber })} /></label>
          <label className="field"><span className="field-label">{t('layout.table.widthM')}</span>
            <input type="number" value={size.widthM} min={0.5} step="any" onChange={(e) => setSize({ ...size, widthM: e.target.valueAsNumber })} /></label>
        </div>
      )}
      {shape === 'rectangle' && (
        <label className="check"><input type="checkbox" checked={snap} onChange={(e) => setSnap(e.target.checked)} />{t('layout.table.snap')}</label>
      )}
      {withFill && model && fillValid(fill) && (shape === 'rectangle' || preview) && (
        <p className="muted" data-testid="le-table-summary">
          {t('layout.table.summary', {
            count, length: formatNumber(computed.lengthM, 2), width: formatNumber(computed.widthM, 2),
            kwp: formatNumber((count * model.powerWp) / 1000, 2),
          })}
          {snapped && <> · {t('layout.table.snapped')}</>}
        </p>
      )}
      <button type="button" className="primary" disabled={!ready || editor.busy} onClick={() => void create()} data-testid="le-create-table">
        {editor.busy ? t('layout.table.creating') : t('layout.table.create')}
      </button>
    </div>
  );
}

const round = (n: number) => Math.round(n * 1000) / 1000;
