import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { queryKeys } from '@calepin/map-kit/api';
import { api } from '../../api/http';
import { ErrorMessage } from '../../components/ui';
import { formatNumber } from '../../format';
import { usePlans } from '../../plans/api';
import type { Plan } from '../../plans/types';
import { useEditor } from '../context';
import { type Orientation, previewTable } from '../preview';
import { ModelSelect, NumberField } from './FillFields';

type Candidate = GeoJSON.Feature<GeoJSON.Polygon, { layer: string; handle: string; areaM2: number }>;
type As = 'tables' | 'modules';

/** Module outlines drawn in the preview at most (beyond, the table outlines alone). */
const MAX_PREVIEW_MODULES = 6000;

const usable = (p: Plan) => p.kind === 'vector' && p.status === 'georeferenced';
const optional = (n: number) => (Number.isFinite(n) && n >= 1 ? Math.round(n) : undefined);

/**
 * Turns the closed outlines of a georeferenced DXF/DWG plan (its chosen layers) into tables
 * filled with a model, or into single modules, in one edit (undone as one).
 */
export function CandidatesPanel() {
  const { t } = useTranslation();
  const editor = useEditor();
  const queryClient = useQueryClient();
  const plans = usePlans(editor.plant.id);
  const choices = (plans.data?.items ?? []).filter(usable);
  const [planId, setPlanId] = useState('');
  const plan = choices.find((p) => p.id === planId) ?? choices[0];
  const [layers, setLayers] = useState<string[] | null>(null);
  const chosen = layers ?? (plan?.layers ?? []).filter((l) => l.selected).map((l) => l.name);
  const [candidates, setCandidates] = useState<Candidate[] | null>(null);
  const [loading, setLoading] = useState(false);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [as, setAs] = useState<As>('tables');
  const [modelId, setModelId] = useState(editor.models[0]?.id ?? '');
  const [rows, setRows] = useState(Number.NaN);
  const [columns, setColumns] = useState(Number.NaN);
  const [orientation, setOrientation] = useState<Orientation>('portrait');
  const [azimuthDeg, setAzimuth] = useState(180);
  const [tiltDeg, setTilt] = useState(20);
  const model = editor.models.find((m) => m.id === modelId);

  const pickPlan = (id: string) => {
    setPlanId(id);
    setLayers(null);
    setCandidates(null);
  };
  const toggle = (name: string, on: boolean) => {
    setLayers(on ? [...new Set([...chosen, name])] : chosen.filter((n) => n !== name));
    setCandidates(null);
  };

  const load = async () => {
    if (!plan) return;
    setLoading(true);
    setLoadError(null);
    try {
      const saved = (plan.layers ?? []).filter((l) => l.selected).map((l) => l.name).sort();
      if (JSON.stringify(saved) !== JSON.stringify([...chosen].sort())) {
        await api.patch('/plans/{planId}', { path: { planId: plan.id }, body: { layers: chosen } });
        void queryClient.invalidateQueries({ queryKey: queryKeys.plans(editor.plant.id) });
      }
      // The route declares no schema for its answer: the outlines of docs/plans.md.
      const found = (await api.get('/plans/{planId}/candidates', { path: { planId: plan.id } })) as GeoJSON.FeatureCollection<GeoJSON.Polygon, Candidate['properties']>;
      setCandidates(found.features as Candidate[]);
    } catch (e) {
      setLoadError(e);
    } finally {
      setLoading(false);
    }
  };

  const valid = Number.isFinite(azimuthDeg) && azimuthDeg >= 0 && azimuthDeg < 360 && Number.isFinite(tiltDeg) && tiltDeg >= 0 && tiltDeg <= 90 &&
    (Number.isNaN(rows) || (rows >= 1 && rows <= 100)) && (Number.isNaN(columns) || (columns >= 1 && columns <= 1000));

  // The preview: core's fillTable on each outline, in metres in the plant CRS (what the server stores).
  const preview = useMemo(() => {
    if (!candidates?.length || !valid) return null;
    const mounting = { azimuthDeg, tiltDeg, heightM: 0 };
    if (as === 'modules') {
      return { features: candidates.map((c) => ({ type: 'Feature' as const, properties: { kind: 'module' }, geometry: c.geometry })), tables: 0, modules: candidates.length };
    }
    const fill = model ? { rows: optional(rows), columns: optional(columns), orientation, gapM: 0.02, rowGapM: 0.02 } : null;
    const features: GeoJSON.Feature[] = [];
    let modules = 0;
    for (const c of candidates) {
      const p = previewTable(editor.crs, { polygon: c.geometry }, mounting, fill, model);
      modules += p.modules;
      const table = p.features[0];
      if (table) features.push(table);
      if (modules <= MAX_PREVIEW_MODULES) features.push(...p.features.slice(1));
    }
    return { features, tables: candidates.length, modules };
  }, [candidates, as, model, rows, columns, orientation, azimuthDeg, tiltDeg, valid, editor.crs]);

  const { setPreview } = editor;
  useEffect(() => setPreview(preview?.features ?? []), [preview, setPreview]);
  useEffect(() => () => setPreview([]), [setPreview]);

  const create = async () => {
    if (!candidates?.length) return;
    const done = await editor.run(() => editor.api.candidates({
      features: { type: 'FeatureCollection', features: candidates.map((c) => ({ type: 'Feature', properties: c.properties, geometry: c.geometry })) },
      as, azimuthDeg, tiltDeg,
      ...(model ? { modelId: model.id } : {}),
      ...(as === 'tables' ? { orientation, rows: optional(rows), columns: optional(columns) } : {}),
    }));
    if (done !== undefined) setCandidates(null);
  };

  if (plans.isPending) return <div className="le-panel"><p className="muted">{t('common.loading')}</p></div>;
  return (
    <div className="le-panel" data-testid="le-candidates-panel">
      <p className="hint">{t('layout.candidates.hint')}</p>
      <ErrorMessage error={plans.error} />
      {!plan ? <p className="muted" data-testid="le-cand-none">{t('layout.candidates.noPlan')}</p> : (
        <>
          <label className="field">
            <span className="field-label">{t('layout.candidates.plan')}</span>
            <select value={plan.id} onChange={(e) => pickPlan(e.target.value)} data-testid="le-cand-plan">
              {choices.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
            </select>
          </label>
          <fieldset className="le-choice">
            <legend className="field-label">{t('layout.candidates.layers')}</legend>
            {(plan.layers ?? []).map((l) => (
              <label key={l.name} className="check">
                <input type="checkbox" checked={chosen.includes(l.name)} onChange={(e) => toggle(l.name, e.target.checked)} data-testid={`le-cand-layer-${l.name}`} />
                {l.name} <span className="muted">({t('layout.candidates.entities', { count: l.featureCount })})</span>
              </label>
            ))}
          </fieldset>
          <button type="button" disabled={!chosen.length || loading} onClick={() => void load()} data-testid="le-cand-load">
            {loading ? t('common.loading') : t('layout.candidates.load')}
          </button>
          <ErrorMessage error={loadError} />
          {candidates && <p className="muted" data-testid="le-cand-found">{t('layout.candidates.found', { count: candidates.length })}</p>}
          <fieldset className="le-choice">
            <legend className="field-label">{t('layout.candidates.as')}</legend>
            <label className="check"><input type="radio" checked={as === 'tables'} onChange={() => setAs('tables')} data-testid="le-cand-as-tables" />{t('layout.candidates.asTables')}</label>
            <label className="check"><input type="radio" checked={as === 'modules'} onChange={() => setAs('modules')} data-testid="le-cand-as-modules" />{t('layout.candidates.asModules')}</label>
          </fieldset>
          <div className="le-grid">
            <div className="le-wide"><ModelSelect models={editor.models} value={modelId} onChange={setModelId} /></div>
            <NumberField label={t('layout.table.azimuth')} value={azimuthDeg} onChange={setAzimuth} min={0} max={359.99} testId="le-cand-azimuth" />
            <NumberField label={t('layout.table.tilt')} value={tiltDeg} onChange={setTilt} min={0} max={90} testId="le-cand-tilt" />
            {as === 'tables' && (
              <>
                <NumberField label={t('layout.candidates.rows')} value={rows} onChange={setRows} min={1} max={100} step={1} testId="le-cand-rows" />
                <NumberField label={t('layout.candidates.columns')} value={columns} onChange={setColumns} min={1} max={1000} step={1} testId="le-cand-columns" />
                <label className="field le-wide">
                  <span className="field-label">{t('layout.table.orientation')}</span>
                  <select value={orientation} onChange={(e) => setOrientation(e.target.value as Orientation)}>
                    <option value="portrait">{t('layout.table.portrait')}</option>
                    <option value="landscape">{t('layout.table.landscape')}</option>
                  </select>
                </label>
              </>
            )}
          </div>
          {as === 'tables' && <p className="hint">{t('layout.candidates.fitHint')}</p>}
          {preview && (
            <p className="muted" data-testid="le-cand-summary">
              {as === 'tables'
                ? t('layout.candidates.summaryTables', { tables: preview.tables, modules: preview.modules, kwp: formatNumber((preview.modules * (model?.powerWp ?? 0)) / 1000, 1) })
                : t('layout.candidates.summaryModules', { modules: preview.modules })}
            </p>
          )}
          <button type="button" className="primary" disabled={!preview || editor.busy} onClick={() => void create()} data-testid="le-cand-create">
            {editor.busy ? t('layout.table.creating') : as === 'tables' ? t('layout.candidates.createTables') : t('layout.candidates.createModules')}
          </button>
        </>
      )}
    </div>
  );
}
