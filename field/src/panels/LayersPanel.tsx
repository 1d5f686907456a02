// What the map shows: the legend of the six statuses and pending (with counts, each a filter),
// filters by string and inverter, the colouring (this audit's results, or the latest known),
// the wiring, the plans and their opacity.
import { useEffect, useState } from 'react';
import { MAP_STATUSES, type MapStatus, STATUS_COLORS } from '@calepin/core';
import type { MapFilter } from '@calepin/map-kit';
import type { PlanState } from '../map/FieldMap';
import { useI18n } from '../i18n';
import { useEditor } from '../screens/mission/editor';
import type { StatusCounts } from '../store/types';

interface Props {
  filter: MapFilter;
  onFilter(f: MapFilter): void;
  wiring: boolean;
  onWiring(on: boolean): void;
  plans: PlanState[];
  onPlans(p: PlanState[]): void;
  colourByAudit: boolean;
  onColourByAudit(on: boolean): void;
  onClose(): void;
}

export function LayersPanel(props: Props) {
  const { t } = useI18n();
  const { store, audit, version, summary } = useEditor();
  const [counts, setCounts] = useState<StatusCounts | null>(null);
  const [strings, setStrings] = useState<Record<string, unknown>[]>([]);
  const [inverters, setInverters] = useState<Record<string, unknown>[]>([]);
  const mode = { audit: props.colourByAudit ? audit : null };

  useEffect(() => {
    let gone = false;
    void store.statusCounts({ audit: props.colourByAudit ? audit : null }).then((c) => !gone && setCounts(c));
    return () => {
      gone = true;
    };
  }, [store, audit, props.colourByAudit, version]);
  useEffect(() => {
    void store.read('strings', undefined as never).then(setStrings);
    void store.read('inverters', undefined as never).then(setInverters);
  }, [store]);

  const toggle = (s: MapStatus) => {
    const on = props.filter.statuses.includes(s);
    const statuses = on ? props.filter.statuses.filter((x) => x !== s) : [...props.filter.statuses, s];
    props.onFilter({ ...props.filter, statuses: statuses.length ? statuses : [...MAP_STATUSES] });
  };
  const plan = (id: string) => props.plans.find((p) => p.id === id);
  const setPlan = (id: string, patch: Partial<PlanState>, base: PlanState) =>
    props.onPlans([...props.plans.filter((p) => p.id !== id), { ...base, ...plan(id), ...patch }]);

  return (
    <section className="layers" data-testid="layers">
      <header className="panel-head"><h2>{t('layers.title')}</h2><button type="button" className="close" onClick={props.onClose} aria-label={t('app.close')}>×</button></header>
      <label className="check"><input type="checkbox" checked={props.colourByAudit} onChange={(e) => props.onColourByAudit(e.target.checked)} />{t('layers.byAudit')}</label>
      <ul className="legend" data-mode={mode.audit ?? 'latest'}>
        {MAP_STATUSES.map((s) => (
          <li key={s}>
            <button type="button" aria-pressed={props.filter.statuses.includes(s)} onClick={() => toggle(s)}>
              <span className="swatch" style={{ background: STATUS_COLORS[s] }} />{t(`status.${s}`)}
              <span className="count" data-testid={`count-${s}`}>{counts ? counts[s].toLocaleString() : '…'}</span>
            </button>
          </li>
        ))}
      </ul>
      <label>{t('layers.string')}
        <select value={props.filter.string ?? ''} onChange={(e) => props.onFilter({ ...props.filter, string: e.target.value || undefined })}>
          <option value="">{t('layers.all')}</option>
          {strings.map((s) => <option key={String(s.id)} value={String(s.id)}>{String(s.code)}</option>)}
        </select>
      </label>
      <label>{t('layers.inverter')}
        <select value={props.filter.inverter ?? ''} onChange={(e) => props.onFilter({ ...props.filter, inverter: e.target.value || undefined })}>
          <option value="">{t('layers.all')}</option>
          {inverters.map((s) => <option key={String(s.id)} value={String(s.id)}>{String(s.code)}</option>)}
        </select>
      </label>
      <label className="check"><input type="checkbox" checked={props.wiring} onChange={(e) => props.onWiring(e.target.checked)} data-testid="wiring" />{t('layers.wiring')}</label>
      <h3>{t('layers.plans')}</h3>
      {summary.plans.length === 0 ? <p className="muted">{t('layers.noPlans')}</p> : summary.plans.map((p) => {
        const base = { id: p.id, visible: true, opacity: p.opacity };
        const state = { ...base, ...plan(p.id) };
        return (
          <div key={p.id} className="plan-row">
            <label className="check"><input type="checkbox" checked={state.visible} onChange={(e) => setPlan(p.id, { visible: e.target.checked }, base)} />{p.name}</label>
            <input type="range" min={0} max={1} step={0.05} value={state.opacity} aria-label={t('layers.opacity')} onChange={(e) => setPlan(p.id, { opacity: Number(e.target.value) }, base)} />
          </div>
        );
      })}
    </section>
  );
}
