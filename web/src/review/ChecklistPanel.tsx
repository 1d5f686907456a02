// A mission's checklist answers, section by section, non-conformities marked with whether
// they have their photo.
import { useTranslation } from 'react-i18next';
import { ErrorMessage, Loading } from '../components/ui';
import { useChecklists } from './queries';

interface Field {
  id: string;
  type: string;
  label?: Record<string, string>;
  unit?: string;
  nonConformity?: unknown[];
}
interface Section {
  id: string;
  title?: Record<string, string>;
  fields?: Field[];
}

/** An answer is a value, or {value, photos, note} (docs/sync.md §2). */
function parts(answer: unknown): { value: unknown; photos: string[]; note: string | null } {
  if (answer && typeof answer === 'object' && !Array.isArray(answer) && 'value' in answer) {
    const a = answer as { value: unknown; photos?: unknown; note?: unknown };
    return { value: a.value, photos: Array.isArray(a.photos) ? a.photos.map(String) : [], note: typeof a.note === 'string' ? a.note : null };
  }
  return { value: answer, photos: [], note: null };
}

export function ChecklistPanel({ missionId }: { missionId: string | null }) {
  const { t, i18n } = useTranslation();
  const responses = useChecklists(missionId);
  const word = (labels: Record<string, string> | undefined, fallback: string) => labels?.[i18n.language] ?? labels?.en ?? fallback;
  if (responses.isPending) return <Loading />;
  if (responses.error) return <ErrorMessage error={responses.error} />;
  if (!responses.data.items.length) return <p className="muted">{t('review.checklist.none')}</p>;
  return (
    <div className="review-checklists" data-testid="checklist-panel">
      {responses.data.items.map((r) => (
        <section key={r.id}>
          <h3>{r.templateName} <span className="muted">{r.author ? t('review.checklist.by', { name: r.author }) : ''}</span></h3>
          {(r.sections as Section[]).map((s) => (
            <div key={s.id} className="review-section">
              <h4>
                {word(s.title, s.id)}
                {r.validatedSections.includes(s.id) && <span className="pill pill-done"> {t('review.checklist.validatedSection')}</span>}
              </h4>
              <dl>
                {(s.fields ?? []).map((f) => {
                  const answer = parts(r.answers[f.id]);
                  const bad = Array.isArray(f.nonConformity) && f.nonConformity.includes(answer.value);
                  const shown = answer.value === undefined || answer.value === null ? t('review.checklist.unanswered')
                    : typeof answer.value === 'boolean' ? t(answer.value ? 'common.yes' : 'common.no')
                    : `${String(answer.value)}${f.unit ? ` ${f.unit}` : ''}`;
                  return (
                    <div key={f.id} className={bad ? 'nonconformity' : undefined} data-testid={bad ? 'nonconformity' : undefined}>
                      <dt>{word(f.label, f.id)}</dt>
                      <dd>
                        {shown}
                        {bad && <> · <strong>{t('review.checklist.nonConformity')}</strong> ({answer.photos.length ? t('review.checklist.photos', { count: answer.photos.length }) : t('review.checklist.noPhoto')})</>}
                        {answer.note && <div className="muted">{answer.note}</div>}
                      </dd>
                    </div>
                  );
                })}
              </dl>
            </div>
          ))}
        </section>
      ))}
    </div>
  );
}
