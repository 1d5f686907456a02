// Comparing the chosen audit with an earlier one: as a difference map over the plant map
// (new, persisting, worsened, improved, repaired: the PDF's comparison) or as two maps side
// by side, each coloured by its audit.
import { useTranslation } from 'react-i18next';
import { CHANGE_COLORS, COMPARISON_CHANGES, type AuditComparison, type PlantTimeline } from '@calepin/core';
import { ErrorMessage } from '../components/ui';
import { formatNumber } from '../format';
import { auditName } from './Timeline';

export type CompareMode = 'none' | 'difference' | 'sideBySide';

interface Props {
  audits: PlantTimeline['audits'];
  other: string | undefined;
  onOther(id: string): void;
  mode: CompareMode;
  onMode(mode: CompareMode): void;
  comparison: AuditComparison | undefined;
  error: unknown;
}

export function Comparison({ audits, other, onOther, mode, onMode, comparison, error }: Props) {
  const { t } = useTranslation();
  if (audits.length === 0) return <section className="card"><h2>{t('webReport.compare.title')}</h2><p className="muted">{t('webReport.compare.none')}</p></section>;
  return (
    <section className="card web-report-compare" data-testid="web-report-compare">
      <h2>{t('webReport.compare.title')}</h2>
      <div className="web-report-compare-controls">
        <label>
          {t('webReport.compare.with')}{' '}
          <select value={other} onChange={(e) => onOther(e.target.value)} data-testid="compare-with">
            {audits.map((a) => <option key={a.id} value={a.id}>{auditName(a, t)}</option>)}
          </select>
        </label>
        <fieldset className="segmented">
          <legend>{t('webReport.compare.mode')}</legend>
          {(['none', 'difference', 'sideBySide'] as const).map((m) => (
            <label key={m}>
              <input type="radio" name="compare-mode" checked={mode === m} onChange={() => onMode(m)} data-testid={`compare-${m}`} />
              {m === 'none' ? t('webReport.compare.single') : t(`webReport.compare.${m}`)}
            </label>
          ))}
        </fieldset>
      </div>
      {mode !== 'none' && comparison && (
        <ul className="change-counts" data-testid="change-counts">
          {COMPARISON_CHANGES.map((c) => (
            <li key={c} data-change={c}><i style={{ background: CHANGE_COLORS[c] }} />{t(`webReport.compare.change.${c}`)} <strong>{formatNumber(comparison.counts[c])}</strong></li>
          ))}
        </ul>
      )}
      <ErrorMessage error={error} />
    </section>
  );
}
