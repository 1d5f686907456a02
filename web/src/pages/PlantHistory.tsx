import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { usePlantHistory } from '../api/queries';
import { isStaff, useAuth } from '../auth/session';
import { ErrorMessage, Loading } from '../components/ui';
import { formatDate, formatDateTime, formatNumber } from '../format';

export function PlantHistory({ plantId }: { plantId: string }) {
  const { t } = useTranslation();
  const history = usePlantHistory(plantId);
  const { user } = useAuth();
  return (
    <section className="card" data-testid="history">
      <h2>{t('history.title')}</h2>
      {history.isPending && <Loading />}
      <ErrorMessage error={history.error} />
      {history.data && history.data.missions.length === 0 && <p className="muted">{t('history.empty')}</p>}
      <ol className="timeline">
        {history.data?.missions.map((m) => (
          <li key={m.id}>
            <div className="timeline-head">
              <strong>{m.reference}</strong> — {m.title}
              <span className={`pill pill-${m.status}`}>{t(`history.missionStatuses.${m.status}`)}</span>
            </div>
            <div className="muted">{formatDate(m.plannedStart)} → {formatDate(m.plannedEnd)}</div>
            <ul className="plain">
              {m.interventions.map((i) => (
                <li key={i.id}>
                  {i.technician} · {formatDateTime(i.start)} → {formatDateTime(i.end)} · {t(`history.missionStatuses.${i.status}`)}
                </li>
              ))}
              {m.audits.map((a) => (
                <li key={a.id}>
                  <Link to={`/plants/${plantId}/map?audit=${a.id}`}>{t(`auditTypes.${a.auditType}`)}</Link>
                  {' · '}{t(`history.auditStatuses.${a.status}`)}
                  {' · '}{t('history.inspected', { n: formatNumber(a.modulesInspected) })}
                  {' · '}{t('history.defects', { n: formatNumber(a.openDefects) })}
                  {isStaff(user?.role) && <>{' · '}<Link to={`/audits/${a.id}/review`} data-testid="review-link">{t('review.open')}</Link></>}
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ol>
      {history.data && history.data.reports.length > 0 && (
        <>
          <h3>{t('reportWorkflow.plantHistory')}</h3>
          <ul className="plain" data-testid="history-reports">
            {history.data.reports.map((r) => (
              <li key={`${r.reportId}-${r.action}-${r.at}`}>
                {formatDateTime(r.at)} · <strong>{r.actor}</strong>{' '}
                {t(`reportWorkflow.action.${r.action}`, { version: r.version, to: r.recipients.join(', ') })}
                {' · '}<Link to={`/reports/${r.reportId}`}>{r.title}</Link>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
