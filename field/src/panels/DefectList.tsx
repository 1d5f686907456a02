// The mission's defects, newest first, for the audit worked on; a tap opens the module.
import { useEffect, useState } from 'react';
import { useI18n } from '../i18n';
import { useEditor } from '../screens/mission/editor';
import { formatTime } from '../screens/format';
import { StatusChip } from './ModulePanel';

export function DefectList({ onClose, onOpen }: { onClose(): void; onOpen(moduleId: string): void }) {
  const { t, lang } = useI18n();
  const { store, audit, version } = useEditor();
  const [rows, setRows] = useState<Record<string, unknown>[] | null>(null);
  useEffect(() => {
    let gone = false;
    void store.read('defects', { audit }).then((r) => !gone && setRows(r));
    return () => {
      gone = true;
    };
  }, [store, audit, version]);
  return (
    <section className="defect-list">
      <header className="panel-head">
        <h2>{t('defects.title', { count: rows?.length ?? 0 })}</h2>
        <button type="button" className="close" onClick={onClose} aria-label={t('app.close')}>×</button>
      </header>
      {!rows ? <p className="muted">{t('app.loading')}</p> : rows.length === 0 ? <p className="muted">{t('defects.none')}</p> : (
        <ul className="defects">
          {rows.map((d) => (
            <li key={String(d.id)}>
              <button type="button" className="link" disabled={!d.module_id} onClick={() => onOpen(String(d.module_id))}>
                <StatusChip status={String(d.module_status)} /> <strong>{String(d.module_code ?? t(`target.${String(d.target_kind)}` as never))}</strong>
                {' · '}{t(`defectType.${String(d.defect_type)}` as never)} · {t(`severity.${String(d.severity)}` as never)}
                <span className="muted"> · {formatTime(String(d.observed_at), lang)}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
