import { useTranslation } from 'react-i18next';
import { MAP_STATUSES, MODULE_STATUSES, SEVERITIES, STATUS_COLORS } from '@calepin/core';
import { useStats } from '../api/queries';
import { ErrorMessage, Loading, SeverityBadge, StatusSwatch } from '../components/ui';
import { formatNumber, formatPercent, formatPower } from '../format';
import { SEVERITY_COLORS } from '@calepin/core';

function Kpi({ label, value, sub, testId }: { label: string; value: string; sub?: string; testId: string }) {
  return (
    <div className="kpi card" data-testid={testId}>
      <span className="kpi-label">{label}</span>
      <span className="kpi-value">{value}</span>
      {sub && <span className="muted">{sub}</span>}
    </div>
  );
}

/** A horizontal bar per entry, proportional to the largest. */
function Bars({ rows }: { rows: { key: string; label: React.ReactNode; value: number; color?: string }[] }) {
  const max = Math.max(1, ...rows.map((r) => r.value));
  return (
    <table className="bars">
      <tbody>
        {rows.map((r) => (
          <tr key={r.key} data-key={r.key}>
            <th scope="row">{r.label}</th>
            <td className="bar-cell">
              <span className="bar" style={{ width: `${(r.value / max) * 100}%`, background: r.color ?? '#64748b' }} />
            </td>
            <td className="num">{formatNumber(r.value)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}


export function DashboardPage() {
  const { t } = useTranslation();
  const stats = useStats();
  if (stats.isPending) return <Loading />;
  if (stats.error) return <ErrorMessage error={stats.error} onRetry={() => void stats.refetch()} />;
  const s = stats.data;
  return (
    <div className="page">
      <h1>{t('dashboard.title')}</h1>
      <div className="kpis">
        <Kpi testId="kpi-plants" label={t('dashboard.plants')} value={formatNumber(s.plants)} sub={`${formatNumber(s.clients)} ${t('dashboard.clients').toLowerCase()}`} />
        <Kpi testId="kpi-power" label={t('dashboard.peakPower')} value={formatPower(s.peakKwp)} />
        <Kpi testId="kpi-modules" label={t('dashboard.modules')} value={formatNumber(s.modules)} />
        <Kpi
          testId="kpi-audited"
          label={t('dashboard.modulesAudited')}
          value={formatNumber(s.modulesAudited)}
          sub={s.modules ? t('dashboard.auditedShare', { share: formatPercent(s.modulesAudited / s.modules) }) : undefined}
        />
        <Kpi testId="kpi-audits" label={t('dashboard.audits')} value={`${formatNumber(s.audits.done)} / ${formatNumber(s.audits.total)}`} />
        <Kpi testId="kpi-defects" label={t('dashboard.openDefects')} value={formatNumber(s.defects.open)} />
      </div>
      <div className="grid-2">
        <section className="card">
          <h2>{t('dashboard.modulesByStatus')}</h2>
          <Bars
            rows={MAP_STATUSES.map((status) => ({
              key: status,
              label: <><StatusSwatch status={status} /> {t(`statuses.${status}`)}</>,
              value: s.modulesByStatus[status],
              color: STATUS_COLORS[status],
            }))}
          />
        </section>
        <section className="card">
          <h2>{t('dashboard.defectsBySeverity')}</h2>
          <Bars
            rows={SEVERITIES.map((severity) => ({
              key: severity,
              label: <SeverityBadge severity={severity} />,
              value: s.defects.bySeverity[severity],
              color: SEVERITY_COLORS[severity],
            }))}
          />
          <h2>{t('dashboard.defectsByStatus')}</h2>
          <Bars
            rows={MODULE_STATUSES.map((status) => ({
              key: status,
              label: <><StatusSwatch status={status} /> {t(`statuses.${status}`)}</>,
              value: s.defects.byStatus[status],
              color: STATUS_COLORS[status],
            }))}
          />
        </section>
        <section className="card">
          <h2>{t('dashboard.defectsByType')}</h2>
          <Bars rows={s.defects.byType.map((d) => ({ key: d.defectType, label: t(`defectTypes.${d.defectType}`), value: d.count }))} />
        </section>
        <section className="card">
          <h2>{t('dashboard.auditsByType')}</h2>
          <Bars rows={s.auditsByType.map((a) => ({ key: a.auditType, label: t(`auditTypes.${a.auditType}`), value: a.count }))} />
        </section>
      </div>
    </div>
  );
}
