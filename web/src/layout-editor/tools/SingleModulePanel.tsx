import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useEditor, useMapClick } from '../context';
import { DEFAULT_FILL, FillFields, type FillForm } from './FillFields';

/** Click to place one module (on the table under the click, if any). */
export function SingleModulePanel() {
  const { t } = useTranslation();
  const editor = useEditor();
  const [form, setForm] = useState<FillForm>({ ...DEFAULT_FILL, modelId: editor.models[0]?.id ?? '' });
  useMapClick((e) => {
    if (!form.modelId || editor.busy) return;
    const table = editor.map?.queryRenderedFeatures(e.point, { layers: ['le-tables-hit'] }).find((f) => typeof f.properties.id === 'string');
    void editor.run(() => editor.api.placeModule([e.lngLat.lng, e.lngLat.lat], form.azimuthDeg, form.modelId, form.orientation, table?.properties.id as string | undefined));
  });
  return (
    <div className="le-panel">
      <p className="hint">{t('layout.module.click')}</p>
      <FillFields value={form} onChange={setForm} models={editor.models} withGrid={false} />
      <label className="field">
        <span className="field-label">{t('layout.table.orientation')}</span>
        <select value={form.orientation} onChange={(e) => setForm({ ...form, orientation: e.target.value as FillForm['orientation'] })}>
          <option value="portrait">{t('layout.table.portrait')}</option>
          <option value="landscape">{t('layout.table.landscape')}</option>
        </select>
      </label>
    </div>
  );
}
