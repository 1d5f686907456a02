// The audit's data as Excel and CSV (the audit exports of docs/report-workflow.md),
// fetched with the page's credential, so that a share link downloads them too.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../components/ui';
import { type ExportKind, useDownload } from './api';

export function Downloads({ auditId, name }: { auditId: string; name: string }) {
  const { t } = useTranslation();
  const download = useDownload();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<ExportKind | null>(null);
  const run = (kind: ExportKind) => {
    setBusy(kind);
    setError(null);
    download(auditId, kind, name).catch(setError).finally(() => setBusy(null));
  };
  const labels: Record<ExportKind, string> = { xlsx: t('webReport.exports.excel'), modules: t('webReport.exports.csvModules'), defects: t('webReport.exports.csvDefects') };
  return (
    <section className="card" data-testid="web-report-downloads">
      <h2>{t('webReport.exports.title')}</h2>
      <div className="report-actions">
        {(['xlsx', 'modules', 'defects'] as const).map((kind) => (
          <button key={kind} type="button" onClick={() => run(kind)} disabled={busy !== null} data-testid={`download-${kind}`}>{labels[kind]}</button>
        ))}
      </div>
      <ErrorMessage error={error} />
    </section>
  );
}
