import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLatest } from '../../components/useLatest';
import type { MpptInputBody } from '../api';
import { useEditor } from '../context';
import type { BoxProps, InverterProps } from '../layers';
import { NumberField } from '../tools/FillFields';

type MpptInput = InverterProps['mpptInputs'][number] & { maxVoltageV?: number | null; maxCurrentA?: number | null };
export type InverterFeature = GeoJSON.Feature<GeoJSON.Geometry, InverterProps & { manufacturer?: string | null; model?: string | null }>;
export type BoxFeature = GeoJSON.Feature<GeoJSON.Geometry, BoxProps & { inputCount?: number | null }>;

function TextField({ label, value, onChange, testId }: { label: string; value: string; onChange(v: string): void; testId?: string }) {
  return (
    <label className="field">
      <span className="field-label">{label}</span>
      <input value={value} maxLength={120} onChange={(e) => onChange(e.target.value)} data-testid={testId} />
    </label>
  );
}

/**
 * A form's values from the server's: taken again when the server's change (an undo, another
 * edit) unless the person has started typing; `saved` makes it follow the server again.
 */
function useDraft<T>(source: T): [T, (patch: Partial<T>) => void, () => void] {
  const [draft, setDraft] = useState(source);
  const dirty = useRef(false);
  // Compared by value: the server's answer is a new object at each refetch.
  const key = JSON.stringify(source);
  const latest = useLatest(source);
  useEffect(() => {
    if (!dirty.current) setDraft(latest.current);
  }, [key, latest]);
  const edit = (patch: Partial<T>) => {
    dirty.current = true;
    setDraft((d) => ({ ...d, ...patch }));
  };
  return [draft, edit, () => { dirty.current = false; }];
}

/** The MPPT inputs 1…count, keeping the limits of the inputs that stay. */
export function mpptList(current: readonly MpptInput[], count: number): MpptInputBody[] {
  return Array.from({ length: count }, (_, i) => {
    const had = current.find((m) => m.index === i + 1);
    return {
      index: i + 1,
      ...(had?.maxStrings ? { maxStrings: had.maxStrings } : {}),
      ...(had?.maxVoltageV ? { maxVoltageV: Number(had.maxVoltageV) } : {}),
      ...(had?.maxCurrentA ? { maxCurrentA: Number(had.maxCurrentA) } : {}),
    };
  });
}

/** Code, make, model and MPPT inputs of an inverter. */
export function InverterForm({ inverter, onDeleted }: { inverter: InverterFeature; onDeleted(): void }) {
  const { t } = useTranslation();
  const editor = useEditor();
  const p = inverter.properties;
  const [draft, edit, saved] = useDraft({ code: p.code, manufacturer: p.manufacturer ?? '', model: p.model ?? '', mppts: p.mpptInputs.length });
  const { code, manufacturer, model, mppts } = draft;
  const id = String(inverter.id);
  const valid = code.trim().length > 0 && Number.isInteger(mppts) && mppts >= 1 && mppts <= 64;
  const save = () => editor.run(() => editor.api.patchInverter(id, {
    code: code.trim(),
    ...(manufacturer.trim() ? { manufacturer: manufacturer.trim() } : {}),
    ...(model.trim() ? { model: model.trim() } : {}),
    ...(mppts !== p.mpptInputs.length ? { mpptInputs: mpptList(p.mpptInputs, mppts) } : {}),
  })).then((done) => done !== undefined && saved());
  return (
    <div className="le-grid" data-testid="le-wire-inverter-form">
      <TextField label={t('layout.wiring.code')} value={code} onChange={(v) => edit({ code: v })} testId="le-wire-code" />
      <NumberField label={t('layout.wiring.mppts')} value={mppts} onChange={(v) => edit({ mppts: v })} min={1} max={64} step={1} testId="le-wire-mppts" />
      <TextField label={t('layout.wiring.manufacturer')} value={manufacturer} onChange={(v) => edit({ manufacturer: v })} />
      <TextField label={t('layout.wiring.model')} value={model} onChange={(v) => edit({ model: v })} />
      <div className="actions le-wide">
        <button type="button" className="primary" disabled={!valid || editor.busy} onClick={() => void save()} data-testid="le-wire-save">{t('layout.wiring.save')}</button>
        <button type="button" className="danger" disabled={editor.busy}
          onClick={() => void editor.run(() => editor.api.deleteInverter(id)).then((done) => done !== undefined && onDeleted())}>{t('layout.wiring.remove')}</button>
      </div>
    </div>
  );
}

/** Code, inverter and input count of a junction box. */
export function BoxForm({ box, inverters, onDeleted }: { box: BoxFeature; inverters: InverterFeature[]; onDeleted(): void }) {
  const { t } = useTranslation();
  const editor = useEditor();
  const p = box.properties;
  const [draft, edit, saved] = useDraft({ code: p.code, inverterId: p.inverterId ?? '', inputs: p.inputCount ?? Number.NaN });
  const { code, inverterId, inputs } = draft;
  const id = String(box.id);
  const valid = code.trim().length > 0 && (Number.isNaN(inputs) || (Number.isInteger(inputs) && inputs >= 1 && inputs <= 128));
  const save = () => editor.run(() => editor.api.patchJunctionBox(id, {
    code: code.trim(), inverterId: inverterId || null, ...(Number.isNaN(inputs) ? {} : { inputCount: inputs }),
  })).then((done) => done !== undefined && saved());
  return (
    <div className="le-grid" data-testid="le-wire-box-form">
      <TextField label={t('layout.wiring.code')} value={code} onChange={(v) => edit({ code: v })} testId="le-wire-code" />
      <NumberField label={t('layout.wiring.inputs')} value={inputs} onChange={(v) => edit({ inputs: v })} min={1} max={128} step={1} />
      <label className="field le-wide">
        <span className="field-label">{t('layout.boxes.inverter')}</span>
        <select value={inverterId} onChange={(e) => edit({ inverterId: e.target.value })}>
          <option value="">—</option>
          {inverters.map((i) => <option key={String(i.id)} value={String(i.id)}>{i.properties.code}</option>)}
        </select>
      </label>
      <div className="actions le-wide">
        <button type="button" className="primary" disabled={!valid || editor.busy} onClick={() => void save()} data-testid="le-wire-save">{t('layout.wiring.save')}</button>
        <button type="button" className="danger" disabled={editor.busy}
          onClick={() => void editor.run(() => editor.api.deleteJunctionBox(id)).then((done) => done !== undefined && onDeleted())}>{t('layout.wiring.remove')}</button>
      </div>
    </div>
  );
}
