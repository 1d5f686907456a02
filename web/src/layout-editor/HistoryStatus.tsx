import { useTranslation } from 'react-i18next';
import type { HistoryNote } from './useEditHistory';

/** What the last undo or redo did, in words: an edit is never undone silently. */
export function HistoryStatus({ note }: { note: HistoryNote | null }) {
  const { t, i18n } = useTranslation();
  if (!note) return null;
  const words = (d: { en: string; fr: string }) => (i18n.language.startsWith('fr') ? d.fr : d.en);
  const text =
    note.kind === 'nothing' ? t('layout.history.nothing')
    : note.kind === 'dismissed'
      ? note.next ? t('layout.history.dismissed', { next: words(note.next) }) : t('layout.history.dismissedNothing')
      : t(`layout.history.${note.kind}`, { what: words(note.what) });
  return <p className="hint" role="status" data-testid="le-history-note">{text}</p>;
}
