// The plant's audits in time, each with its modules per status as a stacked bar (the six
// status colours); the chosen one colours the map, the charts and the downloads.
import { useTranslation } from 'react-i18next';
import { MODULE_STATUSES, STATUS_COLORS, type PlantTimeline } from '@calepin/core';
import { formatDate, formatNumber } from '../format';

type Audit = PlantTimeline['audits'][number];

export const auditName = (a: Audit, t: (key: string) => string) => `${t(`auditTypes.${a.auditType}`)} · ${formatDate(a.at)}`;

export function Timeline({ audits, selected, onSelect }: { audits: Audit[]; selected: string | undefined; onSelect(id: string): void }) {
  const { t } = useTranslation();
  return (
    <section className="card" data-testid="web-report-timeline">
      <h2>{t('webReport.timeline.title')}</h2>
      <p className="muted">{t('webReport.timeline.intro')}</p>
      <ol className="timeline">
        {audits.map((a) => (
          <li key={a.id}>
            <button type="button" className={a.id === selected ? 'timeline-audit selected' : 'timeline-audit'} aria-pressed={a.id === selected}
              onClick={() => onSelect(a.id)} data-testid="timeline-audit" data-audit={a.id}>
              <strong>{auditName(a, t)}</strong>
              <span className="muted">
                {t('webReport.timeline.modules', { count: a.inspected, formatted: formatNumber(a.inspected) })}
                {!a.validated && ` · ${t('webReport.timeline.notValidated')}`}
              </span>
              <span className="status-bar" aria-hidden="true">
                {MODULE_STATUSES.filter((s) => a.byStatus[s] > 0).map((s) => (
                  <span key={s} style={{ flexGrow: a.byStatus[s], background: STATUS_COLORS[s] }} title={`${t(`statuses.${s}`)}: ${a.byStatus[s]}`} />
                ))}
              </span>
              <span className="status-counts">
                {MODULE_STATUSES.filter((s) => s !== 'ok' && a.byStatus[s] > 0).map((s) => (
                  <span key={s}><i style={{ background: STATUS_COLORS[s] }} />{t(`statuses.${s}`)} {formatNumber(a.byStatus[s])}</span>
                ))}
              </span>
            </button>
          </li>
        ))}
      </ol>
    </section>
  );
}
