import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { NumberingOrder } from '../api';
import { useEditor } from '../context';
import { useLayer } from '../layers';
import { NumberField } from '../tools/FillFields';
import { OrderField } from './NumberingSection';

/** Automatic strings (N modules per string along the rows), and the strings with their MPPT input. */
export function StringsSection() {
  const { t } = useTranslation();
  const editor = useEditor();
  const strings = useLayer(editor.plant.id, 'strings');
  const inverters = useLayer(editor.plant.id, 'inverters');
  const [perString, setPerString] = useState(12);
  const [order, setOrder] = useState<NumberingOrder>('serpentine');
  const tables = editor.selection.tables;
  const inputs = (inverters.data ?? []).flatMap((i) =>
    i.properties.mpptInputs.map((m) => ({ id: m.id, label: `${i.properties.code} · ${t('layout.inverters.input', { index: m.index })}` })));
  return (
    <details className="le-section" open data-testid="le-strings">
      <summary>{t('layout.strings.title')}</summary>
      <h4>{t('layout.strings.auto')}</h4>
      <div className="le-grid">
        <NumberField label={t('layout.strings.perString')} value={perString} onChange={setPerString} min={1} max={100} step={1} testId="le-per-string" />
        <OrderField value={order} onChange={setOrder} testId="le-strings-order" />
      </div>
      <label className="check muted">{tables.length > 0 && t('layout.numbering.selectedOnly')}</label>
      <button
        type="button" disabled={editor.busy || !(Number.isInteger(perString) && perString >= 1)} data-testid="le-auto-strings"
        onClick={() => void editor.run(() => editor.api.autoStrings(perString, order, tables))}
      >
        {t('layout.strings.autoApply')}
      </button>
      <h4>{t('layout.strings.list')}</h4>
      <ul className="le-list" data-testid="le-string-list">
        {strings.data?.length === 0 && <li className="muted">{t('layout.strings.none')}</li>}
        {strings.data?.map((s) => (
          <li key={String(s.id)} data-testid="le-string-item">
            <span>{s.properties.code} <span className="muted">({t('layout.strings.modules', { count: s.properties.moduleCount })})</span></span>
            <select
              aria-label={t('layout.strings.mppt')} value={s.properties.mpptInputId ?? ''} data-testid="le-string-mppt"
              onChange={(e) => void editor.run(() => editor.api.patchString(String(s.id), { mpptInputId: e.target.value || null }))}
            >
              <option value="">{t('layout.strings.unassigned')}</option>
              {inputs.map((m) => <option key={m.id} value={m.id}>{m.label}</option>)}
            </select>
            <button type="button" className="link" aria-label={t('layout.strings.remove')} onClick={() => void editor.run(() => editor.api.deleteString(String(s.id)))}>×</button>
          </li>
        ))}
      </ul>
    </details>
  );
}
