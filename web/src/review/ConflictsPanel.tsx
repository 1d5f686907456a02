// The conflicts recorded on a mission: both values, both device times, who won; the office
// reverts one by writing the losing value back (docs/sync.md §6).
import { useTranslation } from 'react-i18next';
import { ErrorMessage, Loading } from '../components/ui';
import { formatDateTime } from '../format';
import { useConflicts, useRevertConflict } from './queries';

const show = (value: unknown) => (value === null || value === undefined ? '—' : typeof value === 'object' ? JSON.stringify(value) : String(value));

export function ConflictsPanel({ missionId, canRevert }: { missionId: string | null; canRevert: boolean }) {
  const { t } = useTranslation();
  const conflicts = useConflicts(missionId);
  const revert = useRevertConflict();
  if (conflicts.isPending) return <Loading />;
  if (conflicts.error) return <ErrorMessage error={conflicts.error} />;
  if (!conflicts.data.items.length) return <p className="muted">{t('review.conflicts.none')}</p>;
  return (
    <div data-testid="conflicts-panel">
      <p className="muted">{t('review.conflicts.explain')}</p>
      <table className="list">
        <thead>
          <tr>
            <th>{t('review.conflicts.row')}</th><th>{t('review.conflicts.column')}</th><th>{t('review.conflicts.server')}</th>
            <th>{t('review.conflicts.device')}</th><th>{t('review.conflicts.kept')}</th><th>{t('review.conflicts.when')}</th><th />
          </tr>
        </thead>
        <tbody>
          {conflicts.data.items.map((c) => (
            <tr key={c.id} data-testid="conflict-row">
              <td>{c.table}<div className="muted">{t(`review.conflicts.kinds.${c.kind}`)}</div></td>
              <td>{c.column ?? '—'}</td>
              <td>{show(c.serverValue)}<div className="muted">{c.serverUser} {formatDateTime(c.serverTime)}</div></td>
              <td>{show(c.deviceValue)}<div className="muted">{c.deviceUser} {formatDateTime(c.deviceTime)}</div></td>
              <td>{t(c.kept === 'server' ? 'review.conflicts.keptServer' : 'review.conflicts.keptDevice')}</td>
              <td>{formatDateTime(c.createdAt)}</td>
              <td>
                {c.revertedAt ? (
                  <span className="muted">{t('review.conflicts.reverted', { name: c.revertedBy })}</span>
                ) : canRevert ? (
                  <button type="button" onClick={() => revert.mutate(c.id)} disabled={revert.isPending} data-testid="revert">{t('review.conflicts.revert')}</button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <ErrorMessage error={revert.error} />
    </div>
  );
}
