// Checklists: the mission's templates with their progress; a template's sections of typed
// fields (yes/no, choice, text, number with unit and limits, photo), each answer saved at
// once; a non-conformity asks for its photo; a control point placed where the technician
// stands; a section validated once complete.
import { useEffect, useState } from 'react';
import {
  type ChecklistAnswer, type ChecklistField, type ChecklistSection, type Locale, answerProblem, isNonConformity, optionValue, sectionProgress,
} from '@calepin/core';
import type { Fix } from '../device';
import { useI18n } from '../i18n';
import { useEditor } from '../screens/mission/editor';
import { describeError } from '../screens/errors';
import type { Change } from '../store/types';
import { checklistResponseId } from './checklist-id';
import { storePhoto } from './files';
import { PhotoThumb } from './PhotoThumb';

interface Template { id: string; name: string; sections: ChecklistSection[] }
type Answers = Record<string, ChecklistAnswer | undefined>;
interface Response { id: string; template_id: string; answers: Answers; validated_sections: string[] }

const label = (l: { fr: string; en: string }, lang: Locale) => l[lang];

export function ChecklistsPanel({ position, placing, onPlace, onClose }: {
  position: Fix | null;
  /** A control point waits for a tap on the map. */
  placing: boolean;
  /** Asks for the next tap on the map (null: no more). */
  onPlace(place: ((lngLat: [number, number]) => void) | null): void;
  onClose(): void;
}) {
  const { t, lang } = useI18n();
  const editor = useEditor();
  const { store, version, summary } = editor;
  const [data, setData] = useState<{ templates: Template[]; responses: Response[] } | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [photos, setPhotos] = useState<Record<string, { sha256: string; mime_type: string }>>({});
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let gone = false;
    void store.read('checklists', undefined as never).then(async (d) => {
      const responses = d.responses as unknown as Response[];
      const ids = responses.flatMap((r) => Object.values(r.answers ?? {}).flatMap((a) => a?.photos ?? []));
      const rows = ids.length ? await store.read('photos', { ids }) : [];
      if (gone) return;
      setData({ templates: d.templates as unknown as Template[], responses });
      setPhotos(Object.fromEntries(rows.map((p) => [String(p.id), { sha256: String(p.sha256), mime_type: String(p.mime_type) }])));
    });
    return () => {
      gone = true;
    };
  }, [store, version]);

  if (!data) return <section className="muted">{t('app.loading')}</section>;
  const template = data.templates.find((x) => x.id === open);
  const responseOf = (id: string) => data.responses.find((r) => r.template_id === id);

  const save = async (tpl: Template, field: ChecklistField, answer: ChecklistAnswer, extra: Change[] = []) => {
    setError(null);
    const problem = answerProblem(field, answer);
    if (problem === 'checklist.out_of_range') return setError(t('checklist.outOfRange'));
    const existing = responseOf(tpl.id);
    const id = existing?.id ?? (await checklistResponseId(summary.missionId, tpl.id));
    const change: Change = existing
      ? { table: 'checklist_responses', op: 'patch', key: { id }, values: { [`answers.${field.id}`]: answer } }
      : { table: 'checklist_responses', op: 'create', key: { id }, values: { template_id: tpl.id, [`answers.${field.id}`]: answer } };
    try {
      await editor.apply([...extra, change]);
    } catch (e) {
      setError(describeError(e, t));
    }
  };

  const addPhoto = async (tpl: Template, field: ChecklistField, answer: ChecklistAnswer | undefined) => {
    try {
      const taken = await storePhoto();
      if (!taken) return;
      const photoId = crypto.randomUUID();
      const photo: Change = {
        table: 'photos', op: 'create', key: { id: photoId }, file: taken.file,
        values: {
          category: 'visual', sha256: taken.sha256, original_filename: taken.file.filename, mime_type: taken.file.mimeType, size_bytes: taken.file.size,
          width: taken.width, height: taken.height, taken_at: taken.takenAt,
          ...(position ? { geom: { type: 'Point', coordinates: [position.lon, position.lat] }, gps_source: 'device' } : {}),
        },
      };
      await save(tpl, field, { value: answer?.value ?? (field.type === 'photo' ? true : null), ...answer, photos: [...(answer?.photos ?? []), photoId] }, [photo]);
    } catch (e) {
      setError(describeError(e, t));
    }
  };

  const validate = async (tpl: Template, section: ChecklistSection) => {
    const existing = responseOf(tpl.id);
    if (!existing) return;
    await editor.apply([{ table: 'checklist_responses', op: 'patch', key: { id: existing.id }, values: { validated_sections: [...existing.validated_sections, section.id] } }])
      .catch((e: unknown) => setError(describeError(e, t)));
  };

  if (!template) {
    return (
      <section className="checklists" data-testid="checklists">
        <header className="panel-head"><h2>{t('checklist.title')}</h2><button type="button" className="close" onClick={onClose} aria-label={t('app.close')}>×</button></header>
        {data.templates.length === 0 && <p className="muted">{t('checklist.none')}</p>}
        <ul className="template-list">
          {data.templates.map((tpl) => {
            const answers = responseOf(tpl.id)?.answers ?? {};
            const progress = tpl.sections.map((s) => sectionProgress(s, answers));
            const done = progress.reduce((n, p) => n + p.answered, 0);
            const total = progress.reduce((n, p) => n + p.total, 0);
            return (
              <li key={tpl.id}>
                <button type="button" className="template" onClick={() => setOpen(tpl.id)} data-testid="template">
                  <strong>{tpl.name}</strong>
                  <progress max={total} value={done} /> <span>{t('checklist.progress', { done, total })}</span>
                </button>
              </li>
            );
          })}
        </ul>
      </section>
    );
  }

  const response = responseOf(template.id);
  const answers = response?.answers ?? {};
  return (
    <section className="checklists" data-testid="checklist">
      <header className="panel-head">
        <button type="button" onClick={() => setOpen(null)} aria-label={t('app.back')}>‹</button>
        <h2>{template.name}</h2>
        <button type="button" className="close" onClick={onClose} aria-label={t('app.close')}>×</button>
      </header>
      {error && <p className="error" role="alert">{error}</p>}
      {placing && (
        <p className="notice" role="status" data-testid="placing-point">
          {t('checklist.tapMap')} <button type="button" className="link" onClick={() => onPlace(null)}>{t('zones.cancel')}</button>
        </p>
      )}
      {template.sections.map((section) => {
        const progress = sectionProgress(section, answers);
        const validated = response?.validated_sections.includes(section.id) ?? false;
        return (
          <fieldset key={section.id} className={`section${validated ? ' validated' : ''}`} data-testid={`section-${section.id}`}>
            <legend>{label(section.title, lang)} <span className="muted">{t('checklist.progress', { done: progress.answered, total: progress.total })}</span></legend>
            {section.fields.map((field) => (
              <FieldInput key={field.id} field={field} answer={answers[field.id]} disabled={validated} photos={photos} position={position}
                onAnswer={(a) => void save(template, field, a)} onPhoto={() => void addPhoto(template, field, answers[field.id])}
                onPlaceOnMap={(a) => onPlace((lngLat) => void save(template, field, { ...a, point: lngLat }))} />
            ))}
            {validated ? <p className="ok-note">{t('checklist.validated')}</p> : (
              <button type="button" className="primary" disabled={!progress.complete || !response} onClick={() => void validate(template, section)} data-testid={`validate-${section.id}`}>
                {progress.complete ? t('checklist.validate') : t('checklist.missing', { count: progress.missing.length })}
              </button>
            )}
          </fieldset>
        );
      })}
    </section>
  );
}

function FieldInput({ field, answer, disabled, photos, position, onAnswer, onPhoto, onPlaceOnMap }: {
  field: ChecklistField; answer: ChecklistAnswer | undefined; disabled: boolean; position: Fix | null;
  photos: Record<string, { sha256: string; mime_type: string }>;
  onAnswer(a: ChecklistAnswer): void; onPhoto(): void; onPlaceOnMap(a: ChecklistAnswer): void;
}) {
  const { t, lang } = useI18n();
  const [draft, setDraft] = useState<string | null>(null);
  const value = answer?.value ?? null;
  const set = (v: ChecklistAnswer['value']) => onAnswer({ ...answer, value: v });
  const nc = isNonConformity(field, answer);
  return (
    <div className={`field${nc ? ' nc' : ''}`} data-testid={`field-${field.id}`}>
      <span className="field-label">{label(field.label, lang)}{field.required ? ' *' : ''}</span>
      {field.type === 'boolean' && (
        <span className="choices">
          <button type="button" disabled={disabled} aria-pressed={value === true} onClick={() => set(true)}>{t('app.yes')}</button>
          <button type="button" disabled={disabled} aria-pressed={value === false} onClick={() => set(false)}>{t('app.no')}</button>
        </span>
      )}
      {field.type === 'choice' && (
        <span className="choices">
          {field.options.map((o) => {
            const v = optionValue(o);
            return <button key={v} type="button" disabled={disabled} aria-pressed={value === v} onClick={() => set(v)}>{typeof o === 'string' ? t(`choice.${o}` as never) : label(o.label, lang)}</button>;
          })}
        </span>
      )}
      {field.type === 'number' && (
        <span className="number">
          <input type="number" inputMode="decimal" disabled={disabled} min={field.min} max={field.max} step="any" value={draft ?? (value === null ? '' : String(value))}
            onChange={(e) => setDraft(e.target.value)} onBlur={() => { if (draft !== null) set(draft === '' ? null : Number(draft)); setDraft(null); }} />
          {field.unit && <span className="unit">{field.unit}</span>}
        </span>
      )}
      {field.type === 'text' && (
        <textarea rows={2} disabled={disabled} maxLength={field.maxLength} value={draft ?? (typeof value === 'string' ? value : '')}
          onChange={(e) => setDraft(e.target.value)} onBlur={() => { if (draft !== null) set(draft); setDraft(null); }} />
      )}
      {(field.type === 'photo' || nc) && (
        <span className="field-photos">
          {nc && !(answer?.photos?.length) && <span className="error">{t('checklist.photoRequired')}</span>}
          {(answer?.photos ?? []).map((id) => photos[id] && <PhotoThumb key={id} sha256={photos[id].sha256} mimeType={photos[id].mime_type} label={label(field.label, lang)} />)}
          <button type="button" disabled={disabled} onClick={onPhoto} data-testid={`photo-${field.id}`}>{t('checklist.takePhoto')}</button>
        </span>
      )}
      {answer && field.type !== 'photo' && (
        <span className="place-point">
          {answer.point && <span className="muted" data-testid={`point-${field.id}`}>{t('checklist.pointPlaced')}</span>}
          <button type="button" className="link" disabled={disabled || !position} title={position ? '' : t('checklist.needGps')}
            onClick={() => position && onAnswer({ ...answer, point: [position.lon, position.lat] })}>
            {t('checklist.placePoint')}
          </button>
          <button type="button" className="link" disabled={disabled} data-testid={`place-${field.id}`} onClick={() => onPlaceOnMap(answer)}>
            {t('checklist.placeOnMap')}
          </button>
        </span>
      )}
    </div>
  );
}
