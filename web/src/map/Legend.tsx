import { useTranslation } from 'react-i18next';
import { MAP_STATUSES, type MapStatus, type PlantStatusCounts } from '@calepin/core';
import { StatusSwatch } from '../components/ui';
import { formatNumber } from '../format';

interface Props {
  counts: PlantStatusCounts | undefined;
  /** Total modules of the plant under the other filters, to say how many are shown. */
  plantTotal: number | undefined;
  statuses: readonly MapStatus[];
  onChange(statuses: MapStatus[]): void;
}

/** The legend is also the status filter: a checkbox per status, with its live count. */
export function Legend({ counts, plantTotal, statuses, onChange }: Props) {
  const { t } = useTranslation();
  const toggle = (status: MapStatus) =>
    onChange(statuses.includes(status) ? statuses.filter((s) => s !== status) : MAP_STATUSES.filter((s) => s === status || statuses.includes(s)));
  return (
    <section className="legend" aria-label={t('map.legend')} data-testid="legend">
      <h3>{t('map.legend')}</h3>
      <ul>
        {MAP_STATUSES.map((status) => (
          <li key={status} data-status={status} className={statuses.includes(status) ? '' : 'off'}>
            <label>
              <input type="checkbox" checked={statuses.includes(status)} onChange={() => toggle(status)} />
              <StatusSwatch status={status} />
              <span className="legend-label">{t(`statuses.${status}`)}</span>
              <span className="num" data-testid={`count-${status}`}>{counts ? formatNumber(counts.counts[status]) : '…'}</span>
            </label>
            <button type="button" className="link only" title={t('map.showOnly')} onClick={() => onChange([status])}>
              ⊙<span className="sr-only">{t('map.showOnly')}</span>
            </button>
          </li>
        ))}
      </ul>
      <p className="muted" data-testid="legend-total">
        {counts && plantTotal !== undefined ? t('map.shown', { shown: formatNumber(counts.total), total: formatNumber(plantTotal) }) : ''}
      </p>
      {statuses.length < MAP_STATUSES.length && (
        <button type="button" className="link" onClick={() => onChange([...MAP_STATUSES])}>{t('map.resetFilters')}</button>
      )}
    </section>
  );
}
