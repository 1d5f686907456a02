// The dashboard's figures: modules done out of modules as a bar, open defects by severity.
import { useTranslation } from 'react-i18next';
import { SEVERITIES, SEVERITY_COLORS, type Severity } from '@calepin/core';
import { formatNumber, formatPercent } from '../format';

/** Modules done out of modules: a bar and the figures ("12 / 242 modules done · 5 %"). */
export function Meter({ done, total, testId, large = false }: { done: number; total: number; testId?: string; large?: boolean }) {
  const { t } = useTranslation();
  const ratio = total ? done / total : 0;
  return (
    <div className={`meter${large ? ' large' : ''}`} data-testid={testId} data-done={done} data-total={total}>
      <span className="meter-track" role="progressbar" aria-valuemin={0} aria-valuemax={total} aria-valuenow={done}>
        <span className="meter-fill" style={{ width: `${(ratio * 100).toFixed(1)}%` }} />
      </span>
      <span className="meter-text">
        {t('progress.done', { done: formatNumber(done), total: formatNumber(total) })} · {formatPercent(ratio)}
      </span>
    </div>
  );
}

/** Open defects by severity, each in its colour (core's SEVERITY_COLORS, as the plant map's key). */
export function SeverityCounts({ counts, testId, labelled = false }: { counts: Partial<Record<Severity, number>>; testId?: string; labelled?: boolean }) {
  const { t } = useTranslation();
  return (
    <span className="severity-counts" data-testid={testId}>
      {SEVERITIES.map((s) => (
        <span key={s} className={counts[s] ? '' : 'zero'} title={t(`severities.${s}`)} data-severity={s}>
          <i style={{ background: SEVERITY_COLORS[s] }} />
          <span className={labelled ? '' : 'sr-only'}>{t(`severities.${s}`)} </span>{formatNumber(counts[s] ?? 0)}
        </span>
      ))}
    </span>
  );
}
