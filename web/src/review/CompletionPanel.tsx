// The integrity check of a mission, and "mark the mission done" once it holds.
import { useTranslation } from 'react-i18next';
import { ErrorMessage, Loading } from '../components/ui';
import { useCompleteMission, useIntegrity } from './queries';

export function CompletionPanel({ missionId, canComplete }: { missionId: string | null; canComplete: boolean }) {
  const { t } = useTranslation();
  const integrity = useIntegrity(missionId);
  const complete = useCompleteMission();
  if (integrity.isPending) return <Loading />;
  if (integrity.error) return <ErrorMessage error={integrity.error} />;
  const check = integrity.data;
  return (
    <div data-testid="completion-panel">
      {check.complete ? (
        <p className="ok-text">{t('review.completion.complete')}</p>
      ) : (
        <ul className="problems" data-testid="integrity-problems">
          {check.modulesWithoutResult.map((a) => (
            <li key={a.auditId}>{t('review.completion.modules', { count: a.count, type: t(`auditTypes.${a.auditType}`), sample: a.sample.join(', ') })}</li>
          ))}
          {check.nonConformitiesWithoutPhoto.map((n) => (
            <li key={`${n.responseId}-${n.fieldId}`}>{t('review.completion.nonConformity', { field: n.fieldId, template: n.template })}</li>
          ))}
          {check.photosWithoutFile.map((p) => <li key={p.id}>{t('review.completion.photo', { name: p.filename ?? p.sha256.slice(0, 12) })}</li>)}
        </ul>
      )}
      <div className="review-actions">
        <button type="button" onClick={() => void integrity.refetch()}>{t('review.completion.check')}</button>
        {canComplete && missionId && (
          <button type="button" className="primary" disabled={!check.complete || complete.isPending} onClick={() => complete.mutate(missionId)} data-testid="mark-done">
            {t('review.completion.markDone')}
          </button>
        )}
      </div>
      {complete.isSuccess && <p className="ok-text">{t('review.completion.done')}</p>}
      <ErrorMessage error={complete.error} />
    </div>
  );
}
