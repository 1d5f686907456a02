import { type FormEvent, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { REPORT_STATUSES, type ReportDetail } from '@calepin/core';
import { ErrorMessage, Field, Loading } from '../components/ui';
import { formatDateTime } from '../format';
import { archive, downloadExport, downloadVersion, send, useReport, useStep, validate } from './api';
import { SignaturePad, type SignaturePadHandle } from './SignaturePad';
import { saveBlob } from '../api/http';
import { reportPdf } from '../reports/api';
import { canManage, useAuth } from '../auth/session';
import { Shares } from '../web-report/Shares';
import './report-workflow.css';

function Steps({ status }: { status: ReportDetail['status'] }) {
  const { t } = useTranslation();
  const reached = REPORT_STATUSES.indexOf(status);
  return (
    <ol className="report-steps" data-testid="report-steps">
      {REPORT_STATUSES.map((s, i) => (
        <li key={s} className={i < reached ? 'done' : i === reached ? 'current' : ''}>{t(`reportWorkflow.status.${s}`)}</li>
      ))}
    </ol>
  );
}

function ValidateCard({ report }: { report: ReportDetail }) {
  const { t } = useTranslation();
  const pad = useRef<SignaturePadHandle>(null);
  const step = useStep(report.id, validate(report.id));
  const [empty, setEmpty] = useState(false);
  const submit = () => {
    const signature = pad.current?.dataUrl();
    setEmpty(!signature);
    if (signature) step.mutate({ signature });
  };
  return (
    <section className="card" data-testid="report-validate">
      <h2>{t('reportWorkflow.validate.title')}</h2>
      <p className="muted">{t('reportWorkflow.validate.intro')}</p>
      <SignaturePad ref={pad} label={t('reportWorkflow.validate.pad')} />
      <div className="report-actions">
        <button type="button" onClick={() => pad.current?.clear()}>{t('reportWorkflow.validate.clear')}</button>
        <button type="button" className="primary" onClick={submit} disabled={step.isPending} data-testid="report-validate-submit">
          {step.isPending ? t('reportWorkflow.validate.pending') : t('reportWorkflow.validate.submit')}
        </button>
      </div>
      {empty && <p className="error">{t('reportWorkflow.validate.empty')}</p>}
      <ErrorMessage error={step.error} />
    </section>
  );
}

function SendCard({ report }: { report: ReportDetail }) {
  const { t } = useTranslation();
  const step = useStep(report.id, send(report.id));
  const [recipients, setRecipients] = useState('');
  const [attach, setAttach] = useState(true);
  const [message, setMessage] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    step.mutate({ recipients: recipients.split(/[\s,;]+/).filter(Boolean), attach, ...(message.trim() ? { message } : {}) });
  };
  return (
    <form className="card" onSubmit={submit} data-testid="report-send">
      <h2>{t('reportWorkflow.send.title')}</h2>
      <Field label={t('reportWorkflow.send.recipients')} hint={t('reportWorkflow.send.recipientsHint')}>
        <textarea rows={2} value={recipients} onChange={(e) => setRecipients(e.target.value)} required data-testid="report-recipients" />
      </Field>
      <label className="check"><input type="checkbox" checked={attach} onChange={(e) => setAttach(e.target.checked)} /> {t('reportWorkflow.send.attach')}</label>
      <Field label={t('reportWorkflow.send.message')}>
        <textarea rows={3} value={message} onChange={(e) => setMessage(e.target.value)} maxLength={4000} />
      </Field>
      <button type="submit" className="primary" disabled={step.isPending} data-testid="report-send-submit">
        {step.isPending ? t('reportWorkflow.send.pending') : report.status === 'sent' ? t('reportWorkflow.send.again') : t('reportWorkflow.send.submit')}
      </button>
      <ErrorMessage error={step.error} />
    </form>
  );
}

function ArchiveCard({ report }: { report: ReportDetail }) {
  const { t } = useTranslation();
  const step = useStep(report.id, archive(report.id));
  const version = report.versions[0]?.version ?? 0;
  return (
    <section className="card" data-testid="report-archive">
      <h2>{t('reportWorkflow.archive.title')}</h2>
      <p className="muted">{t('reportWorkflow.archive.intro')}</p>
      <button type="button" disabled={step.isPending} data-testid="report-archive-submit"
        onClick={() => window.confirm(t('reportWorkflow.archive.confirm', { version })) && step.mutate(undefined)}>
        {t('reportWorkflow.archive.submit')}
      </button>
      <ErrorMessage error={step.error} />
    </section>
  );
}

function Versions({ report }: { report: ReportDetail }) {
  const { t } = useTranslation();
  if (!report.versions.length) return <p className="muted">{t('reportWorkflow.none')}</p>;
  return (
    <table className="list" data-testid="report-versions">
      <thead>
        <tr>
          <th>{t('reportWorkflow.version')}</th><th>{t('reportWorkflow.signedBy')}</th><th>{t('reportWorkflow.signedAt')}</th>
          <th>{t('reportWorkflow.sha256')}</th><th>{t('reportWorkflow.sentTo')}</th><th>{t('reportWorkflow.archivedAt')}</th><th />
        </tr>
      </thead>
      <tbody>
        {report.versions.map((v) => (
          <tr key={v.version}>
            <td>v{v.version}</td>
            <td>{v.signedBy}<div className="muted small" title={v.certificateSubject}>{v.certificateSubject}</div></td>
            <td>
              {formatDateTime(v.signedAt)}
              {v.timestampedAt && (
                <div className="muted small" data-testid="report-timestamp" title={v.timestampAuthority ?? ''}>
                  {t('reportWorkflow.timestamped', { at: formatDateTime(v.timestampedAt), authority: v.timestampAuthority })}
                </div>
              )}
            </td>
            <td><code title={v.sha256}>{v.sha256.slice(0, 16)}…</code></td>
            <td>{v.sentTo.join(', ') || '—'}</td>
            <td>{v.archivedAt ? `${formatDateTime(v.archivedAt)} · ${v.archivedBy ?? ''}` : '—'}</td>
            <td><button type="button" className="link" onClick={() => void downloadVersion(report, v.version)}>{t('reportWorkflow.download')}</button></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function History({ report }: { report: ReportDetail }) {
  const { t } = useTranslation();
  if (!report.history.length) return <p className="muted">{t('reportWorkflow.noHistory')}</p>;
  return (
    <ul className="report-history" data-testid="report-history">
      {report.history.map((e) => (
        <li key={`${e.at}-${e.action}`}>
          <time>{formatDateTime(e.at)}</time> <strong>{e.actor}</strong>{' '}
          {t(`reportWorkflow.action.${e.action}`, { version: e.version, to: ((e.detail.recipients as string[] | undefined) ?? []).join(', ') })}
        </li>
      ))}
    </ul>
  );
}

/** One report: its workflow after the draft (validate and sign, send, archive), its versions and who did what. */
export function ReportPage() {
  const { t } = useTranslation();
  const { reportId = '' } = useParams();
  const query = useReport(reportId);
  const { user } = useAuth();
  if (query.isPending) return <Loading />;
  if (!query.data) return <ErrorMessage error={query.error} />;
  const report = query.data;
  const name = `${report.plantName}-${report.title}`.replace(/[^\w.-]+/g, '_');
  return (
    <div className="page report-page" data-testid="report-page">
      <div className="page-head">
        <h1>{report.title}</h1>
        <span className={`pill report-status-${report.status}`} data-testid="report-status">{t(`reportWorkflow.status.${report.status}`)}</span>
      </div>
      <p className="muted">
        {t('reportWorkflow.plant')}{t('reportWorkflow.colon')}<Link to={`/plants/${report.plantId}`}>{report.plantName}</Link>
        {' · '}{t('reportWorkflow.client')}{t('reportWorkflow.colon')}{report.clientName}
        {' · '}{t('reportWorkflow.language')}{t('reportWorkflow.colon')}{report.language.toUpperCase()}
        {' · '}<Link to={`/plants/${report.plantId}/report`} data-testid="report-web-link">{t('webReport.open')}</Link>
      </p>
      <Steps status={report.status} />
      {report.status === 'draft' && !report.draft.ready && (
        <p className="muted">{t('reportWorkflow.draftMissing')}</p>
      )}
      {report.status === 'draft' && report.draft.ready && (
        <p>
          <button type="button" onClick={() => void reportPdf(report.id).then((blob) => saveBlob(blob, `${name}-draft.pdf`))} data-testid="report-draft-pdf">
            {t('reportWorkflow.downloadDraft')}
          </button>
        </p>
      )}
      <div className="report-cards">
        {report.can.validate && <ValidateCard report={report} />}
        {report.can.send && <SendCard report={report} />}
        {report.can.archive && <ArchiveCard report={report} />}
      </div>
      <h2>{t('reportWorkflow.versions')}</h2>
      <Versions report={report} />
      {report.auditId && (
        <>
          <h2>{t('reportWorkflow.exports')}</h2>
          <div className="report-actions" data-testid="report-exports">
            <button type="button" onClick={() => void downloadExport(report.auditId as string, 'xlsx', name)}>{t('reportWorkflow.excel')}</button>
            <button type="button" onClick={() => void downloadExport(report.auditId as string, 'modules', name)}>{t('reportWorkflow.csvModules')}</button>
            <button type="button" onClick={() => void downloadExport(report.auditId as string, 'defects', name)}>{t('reportWorkflow.csvDefects')}</button>
          </div>
        </>
      )}
      {canManage(user?.role) && <Shares reportId={report.id} />}
      {report.history.length > 0 && <><h2>{t('reportWorkflow.history')}</h2><History report={report} /></>}
      {report.mails.length > 0 && (
        <>
          <h2>{t('reportWorkflow.mails')}</h2>
          <ul className="report-history" data-testid="report-mails">
            {report.mails.map((m) => (
              <li key={`${m.email}-${m.version}`}>{m.email} · v{m.version} · {t(`reportWorkflow.mailStatus.${m.status}`, { defaultValue: m.status })}
                {m.sentAt && <> · {formatDateTime(m.sentAt)}</>}{m.error && <span className="error"> · {m.error}</span>}</li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
