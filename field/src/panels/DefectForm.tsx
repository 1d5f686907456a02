// The defect form: what was found (audit, target, the module status it implies, type,
// severity, IEC 62446-3 class and ΔT for thermography, text), a voice note and photos taken
// on the device, the GPS fix with its accuracy. Saved at once, in one transaction with its
// photos; shown at once on the map.
import { useEffect, useState } from 'react';
import { DEFECT_TYPES, MODULE_STATUSES, PHOTO_CATEGORIES, SEVERITIES, STATUS_COLORS, SEVERITY_COLORS } from '@calepin/core';
import { type Fix, type Recording, recordVoice } from '../device';
import { useI18n } from '../i18n';
import { useEditor } from '../screens/mission/editor';
import { describeError } from '../screens/errors';
import type { Change } from '../store/types';
import { PhotoThumb } from './PhotoThumb';
import { type TakenFile, storePhoto, storeVoice } from './files';

const IEC_TYPES = new Set(['hot_spot', 'bypass_diode', 'junction_box', 'connector', 'pid', 'other']);
type Row = Record<string, unknown>;

interface Props {
  moduleId: string | null;
  defectId: string | null;
  /** Where the defect is when the GPS gives nothing better (the module's centre). */
  point: [number, number] | null;
  position: Fix | null;
  onDone(): void;
}

export function DefectForm({ moduleId, defectId, point, position, onDone }: Props) {
  const { t } = useI18n();
  const editor = useEditor();
  const { store, summary } = editor;
  const [existing, setExisting] = useState<(Row & { photos: Row[] }) | null>(null);
  const [values, setValues] = useState<Row>({ audit_id: editor.audit, module_status: 'microcracks', defect_type: 'microcrack', severity: 'warning', target_kind: moduleId ? 'module' : 'point' });
  const [photos, setPhotos] = useState<(TakenFile & { id: string; category: string })[]>([]);
  const [voice, setVoice] = useState<TakenFile | null>(null);
  const [recording, setRecording] = useState<Recording | null>(null);
  const [category, setCategory] = useState<string>('el');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  // The module's string and inverter: a defect may be on them rather than on the module.
  const [targets, setTargets] = useState<{ string: string | null; inverter: string | null }>({ string: null, inverter: null });
  useEffect(() => {
    if (!moduleId) return;
    let gone = false;
    void store.read('module', { id: moduleId, audit: null }).then((m) => {
      if (!gone) setTargets({ string: (m.string_id as string | null) ?? null, inverter: (m.inverter_id as string | null) ?? null });
    });
    return () => {
      gone = true;
    };
  }, [store, moduleId]);

  useEffect(() => {
    if (!defectId) return;
    let gone = false;
    void store.read('defect', { id: defectId }).then((d) => {
      if (gone) return;
      setExisting(d as Row & { photos: Row[] });
      setValues(d as Row);
    }, (e: unknown) => !gone && setError(describeError(e, t)));
    return () => {
      gone = true;
    };
  }, [store, defectId, t]);

  const auditType = summary.audits.find((a) => a.id === values.audit_id)?.audit_type;
  const set = (column: string, value: unknown) => setValues((v) => ({ ...v, [column]: value }));

  const takePhoto = async () => {
    setError(null);
    try {
      const taken = await storePhoto();
      if (taken) setPhotos((all) => [...all, { ...taken, id: crypto.randomUUID(), category }]);
    } catch (e) {
      setError(describeError(e, t));
    }
  };

  const toggleVoice = async () => {
    setError(null);
    try {
      if (recording) {
        setVoice(await storeVoice(await recording.stop()));
        setRecording(null);
      } else {
        setRecording(await recordVoice());
      }
    } catch (e) {
      setRecording(null);
      setError(describeError(e, t));
    }
  };

  const save = async () => {
    setSaving(true);
    setError(null);
    const id = defectId ?? crypto.randomUUID();
    const fresh = position && Date.now() - position.at < 60_000 ? position : null;
    const geom = { type: 'Point', coordinates: fresh && values.target_kind === 'point' ? [fresh.lon, fresh.lat] : point ?? (fresh ? [fresh.lon, fresh.lat] : summary.bounds.slice(0, 2)) };
    const thermo = auditType === 'thermography';
    const fields: Row = {
      target_kind: values.target_kind, module_id: values.target_kind === 'module' ? moduleId : null,
      target_id: values.target_kind === 'module' || values.target_kind === 'point' ? null : (values.target_id ?? null),
      defect_type: values.defect_type, module_status: values.module_status, severity: values.severity,
      iec_class: thermo && IEC_TYPES.has(String(values.defect_type)) && values.iec_class ? Number(values.iec_class) : null,
      delta_t_c: thermo && values.delta_t_c !== '' && values.delta_t_c !== null && values.delta_t_c !== undefined ? Number(values.delta_t_c) : null,
      description: values.description ? String(values.description) : null,
      ...(voice ? { voice_note_key: voice.sha256 } : {}),
    };
    const changes: Change[] = [];
    if (defectId && existing) {
      const patch = Object.fromEntries(Object.entries(fields).filter(([k, v]) => JSON.stringify(existing[k] ?? null) !== JSON.stringify(v ?? null)));
      if (Object.keys(patch).length || voice) changes.push({ table: 'defects', op: 'patch', key: { id }, values: patch, ...(voice ? { file: voice.file } : {}) });
    } else {
      changes.push({
        table: 'defects', op: 'create', key: { id },
        values: { audit_id: values.audit_id, ...fields, geom, observed_at: new Date().toISOString(), ...(fresh ? { gps_accuracy_m: Math.round(fresh.accuracyM * 100) / 100 } : {}) },
        ...(voice ? { file: voice.file } : {}),
      });
    }
    for (const p of photos) {
      changes.push({
        table: 'photos', op: 'create', key: { id: p.id }, file: p.file,
        values: {
          audit_id: values.audit_id, defect_id: id, module_id: moduleId, category: p.category, sha256: p.sha256, original_filename: p.file.filename,
          mime_type: p.file.mimeType, size_bytes: p.file.size, width: p.width, height: p.height, taken_at: p.takenAt,
          ...(fresh ? { geom: { type: 'Point', coordinates: [fresh.lon, fresh.lat] }, gps_source: 'device' } : {}),
        },
      });
    }
    try {
      if (changes.length) await editor.apply(changes);
      onDone();
    } catch (e) {
      setError(describeError(e, t));
    } finally {
      setSaving(false);
    }
  };

  const remove = async () => {
    if (!defectId || !existing || !window.confirm(t('defect.confirmDelete'))) return;
    try {
      await editor.apply([
        ...existing.photos.map((p): Change => ({ table: 'photos', op: 'delete', key: { id: String(p.id) } })),
        { table: 'defects', op: 'delete', key: { id: defectId } },
      ]);
      onDone();
    } catch (e) {
      setError(describeError(e, t));
    }
  };

  return (
    <section className="defect-form" data-testid="defect-form">
      <header className="panel-head">
        <h2>{defectId ? t('defect.edit') : t('defect.new')}</h2>
        <button type="button" className="close" onClick={onDone} aria-label={t('app.close')}>×</button>
      </header>
      <label>{t('defect.audit')}
        <select value={String(values.audit_id ?? '')} disabled={Boolean(defectId)} onChange={(e) => set('audit_id', e.target.value)}>
          {summary.audits.map((a) => <option key={a.id} value={a.id}>{t(`audit.${a.audit_type}` as never)}</option>)}
        </select>
      </label>
      <label>{t('defect.target')}
        <select value={String(values.target_kind)} data-testid="defect-target" onChange={(e) => {
          set('target_kind', e.target.value);
          set('target_id', e.target.value === 'string' ? targets.string : e.target.value === 'inverter' ? targets.inverter : null);
        }}>
          {(moduleId ? ['module', ...(targets.string ? ['string'] : []), ...(targets.inverter ? ['inverter'] : []), 'point'] : ['point'])
            .map((k) => <option key={k} value={k}>{t(`target.${k}` as never)}</option>)}
        </select>
      </label>
      <fieldset>
        <legend>{t('defect.status')}</legend>
        <div className="status-buttons">
          {MODULE_STATUSES.map((s) => (
            <button key={s} type="button" className="status-button" aria-pressed={values.module_status === s} style={{ borderColor: STATUS_COLORS[s] }}
              onClick={() => set('module_status', s)} data-testid={`status-${s}`}>
              <span className="swatch" style={{ background: STATUS_COLORS[s] }} />{t(`status.${s}`)}
            </button>
          ))}
        </div>
      </fieldset>
      <label>{t('defect.type')}
        <select value={String(values.defect_type)} onChange={(e) => set('defect_type', e.target.value)} data-testid="defect-type">
          {DEFECT_TYPES.map((d) => <option key={d} value={d}>{t(`defectType.${d}`)}</option>)}
        </select>
      </label>
      <fieldset>
        <legend>{t('defect.severity')}</legend>
        <div className="severity-buttons">
          {SEVERITIES.map((s) => (
            <button key={s} type="button" aria-pressed={values.severity === s} style={{ borderColor: SEVERITY_COLORS[s] }} onClick={() => set('severity', s)} data-testid={`severity-${s}`}>
              {t(`severity.${s}`)}
            </button>
          ))}
        </div>
      </fieldset>
      {auditType === 'thermography' && (
        <div className="row">
          <label>{t('defect.iecClass')}
            <select value={String(values.iec_class ?? '')} disabled={!IEC_TYPES.has(String(values.defect_type))} onChange={(e) => set('iec_class', e.target.value || null)}>
              <option value="">—</option>{[1, 2, 3].map((c) => <option key={c} value={c}>CoA {c}</option>)}
            </select>
          </label>
          <label>{t('defect.deltaT')}<input type="number" step="0.1" min={-100} max={500} value={String(values.delta_t_c ?? '')} onChange={(e) => set('delta_t_c', e.target.value)} /></label>
        </div>
      )}
      <label>{t('defect.description')}<textarea rows={3} maxLength={10000} value={String(values.description ?? '')} onChange={(e) => set('description', e.target.value)} data-testid="defect-description" /></label>
      <div className="row media">
        <button type="button" onClick={() => void toggleVoice()} aria-pressed={Boolean(recording)} data-testid="voice">{recording ? t('defect.voiceStop') : t('defect.voice')}</button>
        {voice && <PhotoThumb sha256={voice.sha256} mimeType={voice.file.mimeType} label={t('defect.voiceNote')} />}
        {!voice && typeof existing?.voice_note_key === 'string' && <PhotoThumb sha256={existing.voice_note_key} mimeType="audio/webm" label={t('defect.voiceNote')} />}
      </div>
      <div className="row media">
        <select value={category} onChange={(e) => setCategory(e.target.value)} aria-label={t('photo.category')} data-testid="photo-category">
          {PHOTO_CATEGORIES.map((c) => <option key={c} value={c}>{t(`photoCategory.${c}`)}</option>)}
        </select>
        <button type="button" onClick={() => void takePhoto()} data-testid="take-photo">{t('defect.photo')}</button>
      </div>
      <div className="photos">
        {existing?.photos.map((p) => <PhotoThumb key={String(p.id)} photoId={String(p.id)} sha256={String(p.sha256)} mimeType={String(p.mime_type)} label={t(`photoCategory.${String(p.category)}` as never)} />)}
        {photos.map((p) => <PhotoThumb key={p.id} sha256={p.sha256} mimeType={p.file.mimeType} label={t(`photoCategory.${p.category}` as never)} />)}
      </div>
      {position && <p className="muted">{t('defect.gps', { accuracy: Math.round(position.accuracyM) })}</p>}
      {error && <p className="error" role="alert">{error}</p>}
      <div className="actions">
        <button type="button" className="primary big" disabled={saving || Boolean(recording)} onClick={() => void save()} data-testid="save-defect">{t('app.save')}</button>
        {defectId && <button type="button" className="danger" onClick={() => void remove()}>{t('app.delete')}</button>}
      </div>
    </section>
  );
}
