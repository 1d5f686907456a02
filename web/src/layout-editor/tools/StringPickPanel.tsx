import { useTranslation } from 'react-i18next';
import { useEditor, useMapClick } from '../context';
import { pickAt } from './SelectPanel';

/** Builds one string by clicking its modules in wiring order. */
export function StringPickPanel() {
  const { t } = useTranslation();
  const editor = useEditor();
  const { picked, setPicked } = editor;
  useMapClick((e) => {
    const { module } = pickAt(editor, e.point);
    if (!module) return;
    setPicked(picked.includes(module) ? picked.filter((id) => id !== module) : [...picked, module]);
  });
  const create = async () => {
    const done = await editor.run(() => editor.api.createString(picked));
    if (done !== undefined) setPicked([]);
  };
  return (
    <div className="le-panel" data-testid="le-string-panel">
      <p className="hint">{t('layout.strings.pickHint')}</p>
      <p data-testid="le-picked">{t('layout.strings.picked', { count: picked.length })}</p>
      <div className="actions">
        <button type="button" className="primary" disabled={!picked.length || editor.busy} onClick={() => void create()} data-testid="le-create-string">
          {t('layout.strings.create')}
        </button>
        <button type="button" disabled={!picked.length} onClick={() => setPicked([])}>{t('layout.strings.clear')}</button>
      </div>
    </div>
  );
}
