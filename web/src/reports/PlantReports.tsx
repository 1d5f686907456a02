// A plant's reports (issue 18): the list, each linked to its page /reports/{id}, its PDF,
// and — for staff — a new draft of one of the plant's audits, with the render job's progress.
import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { saveBlob } from '../api/http';
import { isStaff, useAuth } from '../auth/session';
import { ErrorMessage, Field, Loading } from '../components/ui';
import { formatBytes, formatDate, formatDateTime } from '../format';
import { JobProgress } from '../plans/JobProgress';
import { reportPdf, useCreateReport, usePlantAudits, useReports } from './api';

export function PlantReports({ plantId }: { plantId: string }) {
  const { t } = useTranslation();
  const { user } = useAuth();
  const reports = useReports(plantId);
  const download = useMutation({
    mutationFn: async (report: { id: string; title: string }) => saveBlob(await reportPdf(report.id), `${report.title.replace(/[^\w.-]+/g, '_')}.pdf`),
  });
  return (
    <section className="card" data-testid="reports">
      <h2>{t('reports.title')}</h2>
      {reports.isPending && <Loading />}
      <ErrorMessage error={reports.error ?? download.error} />
      {reports.data && reports.data.items.length === 0 && <p className="muted">{t('reports.empty')}</p>}
      {reports.data && reports.data.items.length > 0 && (
        <table className="list compact" data-testid="report-list">
          <thead>
            <tr>
              <th>{t('reports.columns.title')}</th><th>{t('reports.columns.audit')}</th><th>{t('reports.columns.status')}</th>
              <th>{t('reports.columns.rendered')}</th><th>{t('reports.columns.pdf')}</th>
            </tr>
          </thead>
          <tbody>
            {reports.data.items.map((r) => (
              <tr key={r.id}>
                <td><Link to={`/reports/${r.id}`}>{r.title}</Link></td>
                <td>{r.auditType ? t(`auditTypes.${r.auditType}`) : '—'}</td>
                <td><span className={`pill pill-${r.status}`}>{t(`reports.statuses.${r.status}`)}</span></td>
                <td>{r.renderedAt ? formatDateTime(r.renderedAt) : formatDate(r.createdAt)}</td>
                <td>
                  {r.hasPdf
                    ? <button type="button" className="link" onClick={() => download.mutate(r)}>{t('reports.download', { size: formatBytes(r.sizeBytes ?? 0) })}{r.pages ? ` · ${r.pages} p.` : ''}</button>
                    : <span className="muted">{t('reports.rendering')}</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {isStaff(user?.role) && <NewReport plantId={plantId} />}
    </section>
  );
}

function NewReport({ plantId }: { plantId: string }) {
  const { t, i18n } = useTranslation();
  const audits = usePlantAudits(plantId);
  const create = useCreateReport(plantId);
  const [auditId, setAuditId] = useState('');
  const [language, setLanguage] = useState<'fr' | 'en'>(i18n.language === 'en' ? 'en' : 'fr');
  const [withPlans, setWithPlans] = useState(false);
  const [mapPages, setMapPages] = useState<'inverter' | 'zone'>('inverter');
  const [jobId, setJobId] = useState<string | null>(null);
  const usable = (audits.data?.items ?? []).filter((a) => a.counts.inspected > 0);
  const chosen = auditId || usable[0]?.id || '';
  if (audits.isPending) return <Loading />;
  if (!usable.length) return <p className="muted">{t('reports.create.noAudit')}</p>;
  const stepLabel = (message: string | null | undefined) =>
    message && ['statistics', 'maps', 'pdf', 'storing'].includes(message) ? t(`reports.steps.${message}`) : t('reports.create.running');
  return (
    <form
      className="actions" data-testid="new-report"
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate({ auditId: chosen, language, withPlans, mapPages }, { onSuccess: (created) => setJobId(created.jobId) });
      }}
    >
      <strong>{t('reports.create.title')}</strong>
      <Field label={t('reports.create.audit')}>
        <select value={chosen} onChange={(e) => setAuditId(e.target.value)} data-testid="report-audit">
          {usable.map((a) => (
            <option key={a.id} value={a.id}>{t(`auditTypes.${a.auditType}`)} · {formatDate(a.startedAt)} · {a.counts.inspected}</option>
          ))}
        </select>
      </Field>
      <Field label={t('reports.create.language')}>
        <select value={language} onChange={(e) => setLanguage(e.target.value as 'fr' | 'en')}>
          <option value="fr">{t('reports.languages.fr')}</option>
          <option value="en">{t('reports.languages.en')}</option>
        </select>
      </Field>
      <Field label={t('reports.create.mapPages')}>
        <select value={mapPages} onChange={(e) => setMapPages(e.target.value as 'inverter' | 'zone')} data-testid="report-map-pages">
          <option value="inverter">{t('reports.create.pagesBy.inverter')}</option>
          <option value="zone">{t('reports.create.pagesBy.zone')}</option>
        </select>
      </Field>
      <label className="check">
        <input type="checkbox" checked={withPlans} onChange={(e) => setWithPlans(e.target.checked)} data-testid="report-with-plans" />
        {t('reports.create.withPlans')}
      </label>
      <button type="submit" className="primary" disabled={create.isPending || Boolean(jobId)}>{t('reports.create.submit')}</button>
      <ErrorMessage error={create.error} />
      {jobId && <div className="full"><JobProgress jobId={jobId} label={t('reports.create.running')} describe={stepLabel} onEnd={() => setJobId(null)} /></div>}
    </form>
  );
}
