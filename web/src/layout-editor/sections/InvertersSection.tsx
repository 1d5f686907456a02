import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../../components/ui';
import { useEditor } from '../context';
import { useLayer } from '../layers';

/** The inverters and junction boxes, and an inverter's single-line diagram (SVG made by the server). */
export function InvertersSection() {
  const { t, i18n } = useTranslation();
  const editor = useEditor();
  const inverters = useLayer(editor.plant.id, 'inverters');
  const boxes = useLayer(editor.plant.id, 'junction-boxes');
  const [diagram, setDiagram] = useState<{ code: string; url: string } | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => () => {
    if (diagram) URL.revokeObjectURL(diagram.url);
  }, [diagram]);
  const show = async (id: string, code: string) => {
    setError(null);
    try {
      const blob = await editor.api.singleLine(id, i18n.language === 'fr' ? 'fr' : 'en');
      setDiagram({ code, url: URL.createObjectURL(new Blob([blob], { type: 'image/svg+xml' })) });
    } catch (e) {
      setError(e);
    }
  };
  return (
    <details className="le-section" data-testid="le-inverters">
      <summary>{t('layout.inverters.title')}</summary>
      <ul className="le-list">
        {inverters.data?.length === 0 && <li className="muted">{t('layout.inverters.none')}</li>}
        {inverters.data?.map((i) => (
          <li key={String(i.id)}>
            <span>{i.properties.code} <span className="muted">({i.properties.mpptInputs.length} MPPT)</span></span>
            <button type="button" className="link" onClick={() => void show(String(i.id), i.properties.code)} data-testid="le-sld">{t('layout.inverters.singleLine')}</button>
            <button type="button" className="link" aria-label={t('layout.inverters.remove')} onClick={() => void editor.run(() => editor.api.deleteInverter(String(i.id)))}>×</button>
          </li>
        ))}
      </ul>
      <h4>{t('layout.boxes.title')}</h4>
      <ul className="le-list">
        {boxes.data?.length === 0 && <li className="muted">{t('layout.boxes.none')}</li>}
        {boxes.data?.map((b) => (
          <li key={String(b.id)}>
            <span>{b.properties.code}{b.properties.inverterCode ? ` → ${b.properties.inverterCode}` : ''}</span>
            <button type="button" className="link" aria-label={t('common.remove')} onClick={() => void editor.run(() => editor.api.deleteJunctionBox(String(b.id)))}>×</button>
          </li>
        ))}
      </ul>
      <ErrorMessage error={error} />
      {diagram && (
        <div className="le-dialog" role="dialog" aria-label={t('layout.inverters.diagramOf', { code: diagram.code })}>
          <div className="le-dialog-body card">
            <button type="button" className="close" onClick={() => setDiagram(null)} aria-label={t('common.close')}>×</button>
            <h3>{t('layout.inverters.diagramOf', { code: diagram.code })}</h3>
            <img src={diagram.url} alt={t('layout.inverters.diagramOf', { code: diagram.code })} data-testid="le-sld-image" />
          </div>
        </div>
      )}
    </details>
  );
}
