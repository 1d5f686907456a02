import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NUMBERING_SCHEMES, type NumberingOrder } from '../api';
import { useEditor } from '../context';


/** Numbers the modules of the plant (or of the selected tables) by a scheme and an order. */
export function NumberingSection() {
  const { t } = useTranslation();
  const editor = useEditor();
  const [scheme, setScheme] = useState<string>(NUMBERING_SCHEMES[0]);
  const [order, setOrder] = useState<NumberingOrder>('row');
  const [selectedOnly, setSelectedOnly] = useState(false);
  const [done, setDone] = useState(false);
  const tables = editor.selection.tables;
  const apply = async () => {
    setDone(false);
    const result = await editor.run(() => editor.api.number(scheme, order, selectedOnly ? tables : undefined));
    setDone(result !== undefined);
  };
  return (
    <details className="le-section" open data-testid="le-numbering">
      <summary>{t('layout.numbering.title')}</summary>
      <label className="field">
        <span className="field-label">{t('layout.numbering.scheme')}</span>
        <input value={scheme} list="le-schemes" maxLength={60} onChange={(e) => setScheme(e.target.value)} data-testid="le-scheme" />
        <datalist id="le-schemes">
          {NUMBERING_SCHEMES.map((s) => <option key={s} value={s} />)}
        </datalist>
        <span className="hint">{t('layout.numbering.placeholders')}</span>
      </label>
      <OrderField value={order} onChange={setOrder} testId="le-numbering-order" />
      <label className="check">
        <input type="checkbox" checked={selectedOnly} disabled={!tables.length} onChange={(e) => setSelectedOnly(e.target.checked)} />
        {t('layout.numbering.selectedOnly')}
      </label>
      <button type="button" disabled={editor.busy || !scheme.trim()} onClick={() => void apply()} data-testid="le-number">{t('layout.numbering.apply')}</button>
      {done && <p className="ok-text" role="status">{t('layout.numbering.done')}</p>}
    </details>
  );
}

export function OrderField({ value, onChange, testId }: { value: NumberingOrder; onChange(o: NumberingOrder): void; testId?: string }) {
  const { t } = useTranslation();
  return (
    <label className="field">
      <span className="field-label">{t('layout.numbering.order')}</span>
      <select value={value} onChange={(e) => onChange(e.target.value as NumberingOrder)} data-testid={testId}>
        <option value="row">{t('layout.numbering.row')}</option>
        <option value="serpentine">{t('layout.numbering.serpentine')}</option>
      </select>
    </label>
  );
}
