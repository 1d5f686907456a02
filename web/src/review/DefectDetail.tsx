// One defect as the office reviews it: what the technician recorded, its photos beside,
// and accept / correct / reject.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MODULE_STATUSES, SEVERITIES } from '@calepin/core';
import { ErrorMessage, SeverityBadge, StatusBadge } from '../components/ui';
import { formatDateTime } from '../format';
import { PhotoStrip } from './PhotoStrip';
import { type Defect, useCorrectDefect, useReviewDefect } from './queries';

export function DefectDetail({ defect, canReview }: { defect: Defect; canReview: boolean }) {
  const { t } = useTranslation();
  const review = useReviewDefect();
  const correct = useCorrectDefect();
  const [editing, setEditing] = useState(false);
  const [note, setNote] = useState('');
  const [changes, setChanges] = useState({ severity: defect.severity, moduleStatus: defect.moduleStatus, description: defect.description ?? '' });

  return (
    <section className="review-detail" data-testid="defect-detail">
      <PhotoStrip photos={defect.photos} />
      <div className="review-facts">
        <h3>
          {defect.moduleCode ?? t(`review.targets.${defect.targetKind}`, { defaultValue: defect.targetKind })} · {t(`defectTypes.${defect.defectType}`)}
        </h3>
        <p><StatusBadge status={defect.moduleStatus} /> <SeverityBadge severity={defect.severity} /></p>
        <p className="muted">{defect.author} · {formatDateTime(defect.observedAt)}</p>
        {defect.description && <p>{defect.description}</p>}
        {defect.review && (
          <p className={`pill review-${defect.review}`}>
            {t(`review.reviews.${defect.review}`)}{defect.reviewedBy ? ` · ${defect.reviewedBy}` : ''}{defect.reviewNote ? ` — ${defect.reviewNote}` : ''}
          </p>
        )}
        {canReview && !editing && (
          <div className="review-actions">
            <button type="button" onClick={() => review.mutate({ defectId: defect.id, decision: 'accepted' })} disabled={review.isPending} data-testid="accept">
              {t('review.accept')}
            </button>
            <button type="button" onClick={() => setEditing(true)} data-testid="correct">{t('review.correct')}</button>
            <input value={note} onChange={(e) => setNote(e.target.value)} placeholder={t('review.rejectNote')} aria-label={t('review.rejectNote')} />
            <button type="button" className="danger" onClick={() => review.mutate({ defectId: defect.id, decision: 'rejected', note: note || undefined })} disabled={review.isPending} data-testid="reject">
              {t('review.reject')}
            </button>
          </div>
        )}
        {canReview && editing && (
          <form
            className="review-correct"
            onSubmit={(e) => {
              e.preventDefault();
              correct.mutate({ defectId: defect.id, changes }, { onSuccess: () => setEditing(false) });
            }}
          >
            <label className="field">
              <span className="field-label">{t('review.columns.severity')}</span>
              <select value={changes.severity} onChange={(e) => setChanges({ ...changes, severity: e.target.value as Defect['severity'] })} data-testid="correct-severity">
                {SEVERITIES.map((s) => <option key={s} value={s}>{t(`severities.${s}`)}</option>)}
              </select>
            </label>
            <label className="field">
              <span className="field-label">{t('review.columns.status')}</span>
              <select value={changes.moduleStatus} onChange={(e) => setChanges({ ...changes, moduleStatus: e.target.value as Defect['moduleStatus'] })}>
                {MODULE_STATUSES.map((s) => <option key={s} value={s}>{t(`statuses.${s}`)}</option>)}
              </select>
            </label>
            <label className="field">
              <span className="field-label">{t('review.description')}</span>
              <textarea value={changes.description} onChange={(e) => setChanges({ ...changes, description: e.target.value })} rows={2} />
            </label>
            <div className="review-actions">
              <button type="submit" disabled={correct.isPending} data-testid="save-correction">{t('review.save')}</button>
              <button type="button" onClick={() => setEditing(false)}>{t('review.cancel')}</button>
            </div>
          </form>
        )}
        <ErrorMessage error={review.error ?? correct.error} />
      </div>
    </section>
  );
}
