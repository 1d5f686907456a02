import { type FormEvent, useEffect, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { AUDIT_TYPES, type AuditType, type Mission, MissionCreate, MissionUpdate } from '@calepin/core';
import { ApiError } from '../api/http';
import { usePlants } from '../api/queries';
import { ErrorMessage, Field, Loading } from '../components/ui';
import { type FieldErrors, topLevel, validate } from '../forms/validate';
import { safetyDefaults, useMission, useSaveMission, useStaff } from './api';
import { type Chosen, ChoicesFields } from './ChoicesFields';
import { fromLocalInput, toLocalInput } from './time';

interface Values extends Chosen {
  plantId: string; reference: string; title: string; auditTypes: AuditType[]; leadId: string; technicianIds: string[];
  plannedStart: string; plannedEnd: string; estimatedHours: string; safetyInstructions: string; accessNotes: string; notes: string;
}

const fromMission = (m: Mission | undefined, plantId: string | null): Values => ({
  plantId: m?.plantId ?? plantId ?? '',
  reference: m?.reference ?? '',
  title: m?.title ?? '',
  auditTypes: m?.auditTypes ?? [],
  leadId: m?.members.find((x) => x.role === 'lead')?.userId ?? '',
  technicianIds: m?.members.filter((x) => x.role === 'technician').map((x) => x.userId) ?? [],
  plannedStart: toLocalInput(m?.plannedStart ?? null),
  plannedEnd: toLocalInput(m?.plannedEnd ?? null),
  estimatedHours: m?.estimatedHours?.toString() ?? '',
  safetyInstructions: m?.safetyInstructions ?? '',
  accessNotes: m?.accessNotes ?? '',
  notes: m?.notes ?? '',
  zoneIds: m?.zoneIds ?? [],
  checklistTemplateIds: m?.checklistTemplateIds ?? [],
  planIds: m?.planIds ?? [],
});

function toBody(v: Values, creating: boolean): Record<string, unknown> {
  const text = (s: string) => (s.trim() ? s.trim() : creating ? undefined : null);
  return {
    ...(creating ? { plantId: v.plantId || undefined } : {}),
    reference: v.reference.trim() || undefined,
    title: v.title,
    auditTypes: v.auditTypes,
    leadId: v.leadId || (creating ? undefined : null),
    technicianIds: v.technicianIds.filter((id) => id !== v.leadId),
    plannedStart: fromLocalInput(v.plannedStart) ?? (creating ? undefined : null),
    plannedEnd: fromLocalInput(v.plannedEnd) ?? (creating ? undefined : null),
    estimatedHours: v.estimatedHours.trim() ? Number(v.estimatedHours.replace(',', '.')) : creating ? undefined : null,
    safetyInstructions: v.safetyInstructions.trim() ? v.safetyInstructions : undefined,
    accessNotes: text(v.accessNotes),
    notes: text(v.notes),
    zoneIds: v.zoneIds,
    checklistTemplateIds: v.checklistTemplateIds,
    planIds: v.planIds,
  };
}

export function MissionFormPage() {
  const { missionId } = useParams();
  const mission = useMission(missionId);
  if (missionId && mission.isPending) return <Loading />;
  if (missionId && mission.error) return <ErrorMessage error={mission.error} />;
  return <MissionForm mission={mission.data} />;
}

function MissionForm({ mission }: { mission: Mission | undefined }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [search] = useSearchParams();
  const [values, setValues] = useState<Values>(() => fromMission(mission, search.get('plant')));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [safetyEdited, setSafetyEdited] = useState(Boolean(mission));
  const plants = usePlants({ limit: 500 });
  const staff = useStaff();
  const save = useSaveMission(mission?.id);
  const set = <K extends keyof Values>(key: K, value: Values[K]) => setValues((v) => ({ ...v, [key]: value }));

  // The safety text follows the audit types until the coordinator writes in it.
  useEffect(() => {
    if (safetyEdited || values.auditTypes.length === 0) return;
    const controller = new AbortController();
    void safetyDefaults(values.auditTypes, values.plantId || undefined)
      .then((d) => { if (!controller.signal.aborted) setValues((v) => ({ ...v, safetyInstructions: d.text })); })
      .catch(() => undefined);
    return () => controller.abort();
  }, [values.auditTypes, values.plantId, safetyEdited]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const body = toBody(values, !mission);
    const checked = validate(mission ? MissionUpdate : MissionCreate, body);
    if (checked.errors) return setErrors(checked.errors);
    setErrors({});
    try {
      const saved = await save.mutateAsync(checked.data as MissionCreate);
      navigate(`/missions/${saved.id}`, { state: { mail: saved.mail } });
    } catch (error) {
      if (error instanceof ApiError) setErrors(topLevel(error.fieldErrors()));
    }
  }

  const toggle = (list: string[], id: string) => (list.includes(id) ? list.filter((x) => x !== id) : [...list, id]);
  return (
    <div className="page">
      <div className="page-head"><h1>{mission ? `${t('missions.edit')} ${mission.reference}` : t('missions.new')}</h1></div>
      <form className="form" onSubmit={(e) => void submit(e)} noValidate data-testid="mission-form">
        {!mission && (
          <Field label={t('missions.fields.plant')} error={errors.plantId}>
            <select name="plantId" value={values.plantId}
              onChange={(e) => setValues((v) => ({ ...v, plantId: e.target.value, zoneIds: [], planIds: [] }))}>
              <option value="">{t('missions.choosePlant')}</option>
              {plants.data?.items.map((p) => <option key={p.id} value={p.id}>{p.name} — {p.clientName}</option>)}
            </select>
          </Field>
        )}
        <Field label={t('missions.fields.title')} error={errors.title} wide>
          <input name="title" value={values.title} onChange={(e) => set('title', e.target.value)} />
        </Field>
        <Field label={t('missions.fields.reference')} error={errors.reference} hint={t('missions.fields.referenceHint')}>
          <input name="reference" value={values.reference} onChange={(e) => set('reference', e.target.value)} />
        </Field>
        <fieldset className={`field wide${errors.auditTypes ? ' invalid' : ''}`}>
          <legend className="field-label">{t('missions.fields.auditTypes')}</legend>
          <div className="checks">
            {AUDIT_TYPES.map((a) => (
              <label key={a}><input type="checkbox" name={`audit-${a}`} checked={values.auditTypes.includes(a)}
                onChange={() => set('auditTypes', toggle(values.auditTypes, a) as AuditType[])} /> {t(`auditTypes.${a}`)}</label>
            ))}
          </div>
          {errors.auditTypes && <span className="field-error" role="alert">{errors.auditTypes}</span>}
        </fieldset>
        <Field label={t('missions.fields.lead')} error={errors.leadId}>
          <select name="leadId" value={values.leadId} onChange={(e) => set('leadId', e.target.value)}>
            <option value="">{t('missions.noLead')}</option>
            {staff.data?.map((u) => <option key={u.id} value={u.id}>{u.fullName}</option>)}
          </select>
        </Field>
        <fieldset className={`field${errors.technicianIds ? ' invalid' : ''}`}>
          <legend className="field-label">{t('missions.fields.technicians')}</legend>
          <div className="checks">
            {staff.data?.filter((u) => u.id !== values.leadId).map((u) => (
              <label key={u.id}><input type="checkbox" checked={values.technicianIds.includes(u.id)}
                onChange={() => set('technicianIds', toggle(values.technicianIds, u.id))} /> {u.fullName}</label>
            ))}
          </div>
          {errors.technicianIds && <span className="field-error" role="alert">{errors.technicianIds}</span>}
        </fieldset>
        <Field label={t('missions.fields.plannedStart')} error={errors.plannedStart}>
          <input type="datetime-local" name="plannedStart" value={values.plannedStart} onChange={(e) => set('plannedStart', e.target.value)} />
        </Field>
        <Field label={t('missions.fields.plannedEnd')} error={errors.plannedEnd}>
          <input type="datetime-local" name="plannedEnd" value={values.plannedEnd} onChange={(e) => set('plannedEnd', e.target.value)} />
        </Field>
        <Field label={t('missions.fields.estimatedHours')} error={errors.estimatedHours}>
          <input name="estimatedHours" inputMode="decimal" value={values.estimatedHours} onChange={(e) => set('estimatedHours', e.target.value)} />
        </Field>
        <ChoicesFields plantId={values.plantId} chosen={values} errors={errors}
          onChange={(chosen) => setValues((v) => ({ ...v, ...chosen }))} />
        <Field label={t('missions.fields.safety')} error={errors.safetyInstructions} hint={t('missions.fields.safetyHint')} wide>
          <textarea name="safetyInstructions" rows={6} value={values.safetyInstructions}
            onChange={(e) => { setSafetyEdited(true); set('safetyInstructions', e.target.value); }} />
        </Field>
        <Field label={t('missions.fields.access')} error={errors.accessNotes} wide>
          <textarea name="accessNotes" rows={3} value={values.accessNotes} onChange={(e) => set('accessNotes', e.target.value)} />
        </Field>
        <Field label={t('missions.fields.notes')} error={errors.notes} wide>
          <textarea name="notes" rows={3} value={values.notes} onChange={(e) => set('notes', e.target.value)} />
        </Field>
        {Object.keys(errors).length > 0 && <p className="error" role="alert">{t('error.form')}</p>}
        <ErrorMessage error={save.error instanceof ApiError && !save.error.field ? save.error : null} />
        <div className="actions">
          <button type="submit" className="primary" disabled={save.isPending}>{save.isPending ? t('common.saving') : t('common.save')}</button>
          <Link className="button" to={mission ? `/missions/${mission.id}` : '/missions'}>{t('common.cancel')}</Link>
        </div>
      </form>
    </div>
  );
}
