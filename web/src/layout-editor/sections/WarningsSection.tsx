import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { queryKeys } from '@calepin/map-kit/api';
import { ErrorMessage } from '../../components/ui';
import { useEditor } from '../context';

/** The server's wiring warnings (string length, MPPT overload, unwired strings…), after each edit. */
export function WarningsSection() {
  const { t, i18n } = useTranslation();
  const editor = useEditor();
  const warnings = useQuery({ queryKey: queryKeys.layout(editor.plant.id, 'warnings'), queryFn: () => editor.api.warnings() });
  const items = warnings.data ?? [];
  return (
    <details className="le-section" data-testid="le-warnings">
      <summary>{t('layout.warnings.title')}{warnings.data ? ` (${items.length})` : ''}</summary>
      <ErrorMessage error={warnings.error} />
      {warnings.data && items.length === 0 && <p className="muted">{t('layout.warnings.none')}</p>}
      <ul className="le-list le-warnings">
        {items.map((w, i) => <li key={`${w.code}-${i}`} className={`le-warning-${w.severity}`}>{i18n.language === 'fr' ? w.message.fr : w.message.en}</li>)}
      </ul>
      <button type="button" className="link" onClick={() => void warnings.refetch()}>{t('layout.warnings.refresh')}</button>
    </details>
  );
}
