// An audit's defects in a table, worst first, filtered by severity and review state.
import { useTranslation } from 'react-i18next';
import { SeverityBadge, StatusBadge } from '../components/ui';
import { Pager } from '../components/Pager';
import { formatDateTime } from '../format';
import type { Defect, DefectFilters } from './queries';

interface Props {
  items: readonly Defect[];
  total: number;
  filters: DefectFilters;
  selected: string | null;
  onFilters(next: DefectFilters): void;
  onSelect(defect: Defect): void;
}

export function DefectsTable({ items, total, filters, selected, onFilters, onSelect }: Props) {
  const { t } = useTranslation();
  const pending = (d: Defect) => d.photos.filter((p) => p.fileState === 'pending').length;
  return (
    <div className="review-table">
      <div className="review-filters">
        <label className="field">
          <span className="field-label">{t('review.filters.severity')}</span>
          <select value={filters.severity ?? ''} onChange={(e) => onFilters({ ...filters, offset: 0, severity: (e.target.value || undefined) as DefectFilters['severity'] })} data-testid="filter-severity">
            <option value="">{t('review.filters.all')}</option>
            {(['urgent', 'warning', 'info'] as const).map((s) => <option key={s} value={s}>{t(`severities.${s}`)}</option>)}
          </select>
        </label>
        <label className="field">
          <span className="field-label">{t('review.filters.review')}</span>
          <select value={filters.review ?? ''} onChange={(e) => onFilters({ ...filters, offset: 0, review: (e.target.value || undefined) as DefectFilters['review'] })} data-testid="filter-review">
            <option value="">{t('review.filters.all')}</option>
            <option value="none">{t('review.filters.none')}</option>
            {(['accepted', 'corrected'] as const).map((r) => <option key={r} value={r}>{t(`review.reviews.${r}`)}</option>)}
          </select>
        </label>
      </div>
      {items.length === 0 ? (
        <p className="muted">{t('review.noDefect')}</p>
      ) : (
        <table className="list" data-testid="defects-table">
          <thead>
            <tr>
              <th>{t('review.columns.module')}</th><th>{t('review.columns.type')}</th><th>{t('review.columns.status')}</th>
              <th>{t('review.columns.severity')}</th><th>{t('review.columns.observed')}</th><th>{t('review.columns.review')}</th>
              <th>{t('review.columns.photos')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((d) => (
              <tr key={d.id} className={d.id === selected ? 'selected' : undefined} onClick={() => onSelect(d)} data-testid="defect-row">
                <td>{d.moduleCode ?? d.targetKind}</td>
                <td>{t(`defectTypes.${d.defectType}`)}</td>
                <td><StatusBadge status={d.moduleStatus} /></td>
                <td><SeverityBadge severity={d.severity} /></td>
                <td>{formatDateTime(d.observedAt)}<div className="muted">{d.author}</div></td>
                <td>{t(`review.reviews.${d.review ?? 'none'}`)}</td>
                <td>
                  {d.photos.length}
                  {pending(d) > 0 && <span className="photo-flag" data-testid="pending-flag"> · {t('review.photoPending')} ({pending(d)})</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager total={total} limit={filters.limit} offset={filters.offset} onChange={(offset) => onFilters({ ...filters, offset })} />
    </div>
  );
}
