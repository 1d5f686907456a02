import { useTranslation } from 'react-i18next';
import type { ModuleModel } from '@calepin/core';
import type { Orientation } from '../preview';

export interface FillForm {
  modelId: string;
  rows: number;
  columns: number;
  orientation: Orientation;
  gapM: number;
  rowGapM: number;
  azimuthDeg: number;
  tiltDeg: number;
  heightM: number;
}

export const DEFAULT_FILL: Omit<FillForm, 'modelId'> = {
  rows: 2, columns: 12, orientation: 'portrait', gapM: 0.02, rowGapM: 0.02, azimuthDeg: 180, tiltDeg: 20, heightM: 0.8,
};

export function NumberField(props: { label: string; value: number; onChange(value: number): void; min?: number; max?: number; step?: number; testId?: string }) {
  return (
    <label className="field">
      <span className="field-label">{props.label}</span>
      <input
        type="number" value={Number.isFinite(props.value) ? props.value : ''} min={props.min} max={props.max} step={props.step ?? 'any'}
        onChange={(e) => props.onChange(e.target.valueAsNumber)} data-testid={props.testId}
      />
    </label>
  );
}

export function ModelSelect({ models, value, onChange }: { models: ModuleModel[]; value: string; onChange(id: string): void }) {
  const { t } = useTranslation();
  if (!models.length) return <p className="error">{t('layout.table.noModel')}</p>;
  return (
    <label className="field">
      <span className="field-label">{t('layout.table.model')}</span>
      <select value={value} onChange={(e) => onChange(e.target.value)} data-testid="le-model">
        {models.map((m) => (
          <option key={m.id} value={m.id}>{m.manufacturer} {m.model} ({m.powerWp} Wp)</option>
        ))}
      </select>
    </label>
  );
}

/** Mounting (azimuth, tilt, height) and fill (model, rows × columns, orientation, gaps) of tables. */
export function FillFields({ value, onChange, models, withGrid = true }: { value: FillForm; onChange(v: FillForm): void; models: ModuleModel[]; withGrid?: boolean }) {
  const { t } = useTranslation();
  const set = <K extends keyof FillForm>(key: K) => (v: FillForm[K]) => onChange({ ...value, [key]: v });
  return (
    <div className="le-grid">
      <NumberField label={t('layout.table.azimuth')} value={value.azimuthDeg} onChange={set('azimuthDeg')} min={0} max={359.99} testId="le-azimuth" />
      <NumberField label={t('layout.table.tilt')} value={value.tiltDeg} onChange={set('tiltDeg')} min={0} max={90} testId="le-tilt" />
      <NumberField label={t('layout.table.height')} value={value.heightM} onChange={set('heightM')} min={0} testId="le-height" />
      <div className="le-wide"><ModelSelect models={models} value={value.modelId} onChange={set('modelId')} /></div>
      {withGrid && (
        <>
          <NumberField label={t('layout.table.rows')} value={value.rows} onChange={set('rows')} min={1} max={100} step={1} testId="le-rows" />
          <NumberField label={t('layout.table.columns')} value={value.columns} onChange={set('columns')} min={1} max={1000} step={1} testId="le-columns" />
          <label className="field">
            <span className="field-label">{t('layout.table.orientation')}</span>
            <select value={value.orientation} onChange={(e) => set('orientation')(e.target.value as FillForm['orientation'])} data-testid="le-orientation">
              <option value="portrait">{t('layout.table.portrait')}</option>
              <option value="landscape">{t('layout.table.landscape')}</option>
            </select>
          </label>
          <NumberField label={t('layout.table.gap')} value={value.gapM} onChange={set('gapM')} min={0} max={5} testId="le-gap" />
          <NumberField label={t('layout.table.rowGap')} value={value.rowGapM} onChange={set('rowGapM')} min={0} max={20} testId="le-row-gap" />
        </>
      )}
    </div>
  );
}

/** The form is usable: every number finite and in range. */
export function fillValid(v: FillForm): boolean {
  return Boolean(v.modelId) && Number.isInteger(v.rows) && v.rows >= 1 && v.rows <= 100 && Number.isInteger(v.columns) &&
    v.columns >= 1 && v.columns <= 1000 && v.gapM >= 0 && v.rowGapM >= 0 && v.azimuthDeg >= 0 && v.azimuthDeg < 360 &&
    v.tiltDeg >= 0 && v.tiltDeg <= 90 && v.heightM >= 0;
}
