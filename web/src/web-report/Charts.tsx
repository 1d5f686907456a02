// The statistics of the PDF as charts (docs/reports.md): defect rates per inverter, string
// and zone, defects by severity, and the estimated loss by repair in €/year (kWh/year
// without a tariff) — the figures of GET /audits/{id}/statistics, the PDF's own.
import { useTranslation } from 'react-i18next';
import { SEVERITIES, SEVERITY_COLORS, type AuditStatistics } from '@calepin/core';
import { formatNumber, formatPercent } from '../format';
import { type Bar, BarChart } from './BarChart';

const RATE_COLOR = '#f97316';
const LOSS_COLOR = '#b91c1c';

type Rate = AuditStatistics['rates']['inverter'][number];

const rateBars = (rates: Rate[], limit = Infinity): Bar[] =>
  [...rates].sort((a, b) => b.rate - a.rate || a.code.localeCompare(b.code)).slice(0, limit)
    .map((r) => ({ key: r.id, label: r.code, value: r.rate, color: RATE_COLOR, text: `${formatPercent(r.rate)} (${r.defective}/${r.audited})` }));

export function Charts({ statistics: s }: { statistics: AuditStatistics }) {
  const { t } = useTranslation();
  const empty = t('webReport.charts.noData');
  const eur = s.losses.tariffEurPerKwh !== null;
  const losses: Bar[] = s.losses.byAction.map((a) => {
    const value = eur ? (a.eurPerYear ?? 0) : a.lostKwp * s.losses.specificYieldKwhPerKwp;
    return { key: a.action, label: t(`webReport.charts.actions.${a.action}`), value, color: LOSS_COLOR, text: `${formatNumber(value)} ${eur ? '€' : 'kWh'}` };
  });
  const severity: Bar[] = SEVERITIES.map((sev) => ({
    key: sev, label: t(`severities.${sev}`), value: s.defects.bySeverity[sev], color: SEVERITY_COLORS[sev], text: formatNumber(s.defects.bySeverity[sev]),
  }));
  return (
    <section className="card web-report-charts" data-testid="web-report-charts">
      <h2>{t('webReport.charts.title')}</h2>
      <p className="web-report-loss" data-testid="web-report-loss">
        {eur && s.losses.lostEurPerYear !== null
          ? t('webReport.charts.lostEur', { eur: formatNumber(s.losses.lostEurPerYear) })
          : t('webReport.charts.lost', { kwh: formatNumber(s.losses.lostKwhPerYear) })}
      </p>
      <div className="chart-grid">
        <BarChart testId="chart-inverter" title={t('webReport.charts.rateInverter')} bars={rateBars(s.rates.inverter)} format={formatPercent} empty={empty} />
        <BarChart testId="chart-string" title={t('webReport.charts.rateString')} bars={rateBars(s.rates.string, 15)} format={formatPercent} empty={empty} />
        {s.rates.zone.length > 0 && (
          <BarChart testId="chart-zone" title={t('webReport.charts.rateZone')} bars={rateBars(s.rates.zone)} format={formatPercent} empty={empty} />
        )}
        <BarChart testId="chart-severity" title={t('webReport.charts.severity')} bars={severity} format={(v) => formatNumber(v)} empty={empty} />
        <BarChart testId="chart-losses" title={eur ? t('webReport.charts.losses') : t('webReport.charts.lossesKwh')} bars={losses} format={(v) => formatNumber(v)} empty={empty} />
      </div>
    </section>
  );
}
