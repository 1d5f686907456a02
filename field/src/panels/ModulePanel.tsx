// A module tapped on the map: where it is in the plant and the wiring, its result in the
// audit (six buttons set it in one tap), its defects in this mission, what previous audits
// found, its photos; a new or existing defect opens the defect form.
import { useEffect, useState } from 'react';
import { MODULE_STATUSES, type ModuleStatus, STATUS_COLORS } from '@calepin/core';
import { useI18n } from '../i18n';
import { useEditor } from '../screens/mission/editor';
import { describeError } from '../screens/errors';
import type { Geometry } from '../store/gpkg/geometry';
import type { ModuleDetail } from '../store/engine/queries';
import { PhotoThumb } from './PhotoThumb';
import { setModuleStatus } from './status-actions';

type ModuleData = ModuleDetail;

export function StatusChip({ status }: { status: string }) {
  const { t } = useI18n();
  return <span className="chip" style={{ background: STATUS_COLORS[status as ModuleStatus] ?? STATUS_COLORS.pending }} data-status={status}>{t(`status.${status}` as never)}</span>;
}

export function ModulePanel({ moduleId, onClose, onHighlight, onDefect }: {
  moduleId: string;
  onClose(): void;
  onHighlight(g: Geometry | null): void;
  onDefect(defectId: string | null, point: [number, number] | null): void;
}) {
  const { t } = useI18n();
  const editor = useEditor();
  const { store, audit, version } = editor;
  const [module, setModule] = useState<ModuleData | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let gone = false;
    store.read('module', { id: moduleId, audit }).then((m) => {
      if (gone) return;
      setModule(m);
      onHighlight(m.geometry);
    }, (e: unknown) => !gone && setError(describeError(e, t)));
    return () => {
      gone = true;
    };
  }, [store, moduleId, audit, version, onHighlight, t]);

  if (error) return <section><p className="error" role="alert">{error}</p><button type="button" onClick={onClose}>{t('app.close')}</button></section>;
  if (!module) return <section className="muted">{t('app.loading')}</section>;
  const rows: [string, unknown][] = [
    [t('module.table'), module.table_code], [t('module.string'), module.string_code ? `${String(module.string_code)} · ${t('module.position', { n: String(module.position_in_string ?? '—') })}` : null],
    [t('module.inverter'), module.inverter_code ? `${String(module.inverter_code)}${module.mppt_index ? ` · MPPT ${String(module.mppt_index)}` : ''}` : null],
    [t('module.box'), module.junction_box_code], [t('module.model'), module.model_name ? `${String(module.model_manufacturer ?? '')} ${String(module.model_name)} · ${String(module.power_wp ?? '')} Wp` : null],
  ];
  const setStatus = async (status: ModuleStatus) => {
    setError(null);
    try {
      await setModuleStatus(editor, module, status);
    } catch (e) {
      setError(describeError(e, t));
    }
  };
  const ours = module.defects.filter((d) => d.audit_id === audit);
  return (
    <section className="module-panel">
      <header className="panel-head">
        <h2 data-testid="module-code">{t('module.title', { code: String(module.code) })}</h2>
        <StatusChip status={module.status} />
        <button type="button" className="close" onClick={onClose} aria-label={t('app.close')}>×</button>
      </header>
      <dl className="facts">{rows.filter(([, v]) => v).map(([k, v]) => <div key={k}><dt>{k}</dt><dd>{String(v)}</dd></div>)}</dl>
      <h3>{t('module.setStatus')}</h3>
      <div className="status-buttons" role="group">
        {MODULE_STATUSES.map((s, i) => (
          <button key={s} type="button" className="status-button" style={{ borderColor: STATUS_COLORS[s] }} data-testid={`set-${s}`}
            aria-pressed={module.status === s} onClick={() => void setStatus(s)}>
            <span className="swatch" style={{ background: STATUS_COLORS[s] }} />{i + 1} · {t(`status.${s}`)}
          </button>
        ))}
      </div>
      <button type="button" className="primary big" data-testid="new-defect" onClick={() => onDefect(null, module.centre ?? null)}>{t('defect.new')}</button>
      <h3>{t('module.defects', { count: ours.length })}</h3>
      <ul className="defects">
        {ours.map((d) => (
          <li key={String(d.id)}>
            <button type="button" className="link" onClick={() => onDefect(String(d.id), null)} data-testid="defect-item">
              <StatusChip status={String(d.module_status)} /> {t(`defectType.${String(d.defect_type)}` as never)} · {t(`severity.${String(d.severity)}` as never)}
              {Number(d.photo_count) > 0 && ` · ${t('defect.photos', { count: Number(d.photo_count) })}`}
            </button>
          </li>
        ))}
      </ul>
      {module.previous.length > 0 && (
        <>
          <h3>{t('module.previous')}</h3>
          <ul className="defects previous">
            {module.previous.map((d) => <li key={String(d.id)}>{t(`audit.${String(d.audit_type)}` as never)} · {t(`defectType.${String(d.defect_type)}` as never)} · <StatusChip status={String(d.module_status)} /></li>)}
          </ul>
        </>
      )}
      {module.photos.length > 0 && (
        <div className="photos">{module.photos.map((p) => <PhotoThumb key={String(p.id)} photoId={String(p.id)} sha256={String(p.sha256)} mimeType={String(p.mime_type)} label={String(p.category)} />)}</div>
      )}
    </section>
  );
}
