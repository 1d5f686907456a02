import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { MIN_POINTS, TRANSFORM_METHODS, type TransformMethod } from '@calepin/core/georef';
import type { Plant, WebConfig } from '@calepin/core';
import { usePlant, useWebConfig } from '../../api/queries';
import { ErrorMessage, Loading } from '../../components/ui';
import { usePlan, useSaveGeoreference } from '../api';
import { JobProgress } from '../JobProgress';
import type { Plan } from '../types';
import { PlanPane } from './PlanPane';
import { PointsPanel } from './PointsPanel';
import { TargetPane } from './TargetPane';
import { pixelSpace } from './pixelSpace';
import { usePlanImage } from './planImage';
import { type EditorPoint, useResiduals } from './useResiduals';
import type { MarkerItem } from './markers';
import '../plans.css';

const savedPoints = (plan: Plan): EditorPoint[] =>
  (plan.georef?.method === 'control_points' ? plan.georef.controlPoints ?? [] : []).map((p, i) => ({
    id: p.id, n: i + 1, pixel: p.pixel, lonLat: p.lonLat,
  }));

const isMethod = (value: unknown): value is TransformMethod => TRANSFORM_METHODS.includes(value as TransformMethod);

/** The richest transform the points allow among the usual ones: what the editor proposes first. */
function defaultMethod(count: number): TransformMethod {
  return count >= MIN_POINTS.affine ? 'affine' : 'helmert';
}

/** The control-point editor: the plan and the plant map side by side. */
export function GeorefPage() {
  const { plantId = '', planId = '' } = useParams();
  const plant = usePlant(plantId);
  const plan = usePlan(planId);
  const config = useWebConfig();
  if (plant.isPending || plan.isPending) return <Loading />;
  if (plant.error || plan.error) return <ErrorMessage error={plant.error ?? plan.error} />;
  return <Editor key={plan.data.id} plant={plant.data} plan={plan.data} config={config.data} />;
}

function Editor({ plant, plan, config }: { plant: Plant; plan: Plan; config: WebConfig | undefined }) {
  const { t } = useTranslation();
  const [points, setPoints] = useState<EditorPoint[]>(() => savedPoints(plan));
  const [chosen, setChosen] = useState<TransformMethod | null>(() => {
    const saved = plan.georef?.method === 'control_points' ? plan.georef.transform : undefined;
    return isMethod(saved) ? saved : null;
  });
  const [selected, setSelected] = useState<string | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const image = usePlanImage(plan.id, plan.page);
  const save = useSaveGeoreference(plan.id);
  const srid = plan.georef?.method === 'control_points' ? plan.georef.srid : plan.suggestedSrid;

  const complete = points.filter((p) => p.lonLat).length;
  const pending = points.find((p) => !p.lonLat) ?? null;
  // The chosen transform while the points allow it; otherwise the best the points allow.
  const method: TransformMethod = chosen && complete >= MIN_POINTS[chosen] ? chosen : defaultMethod(complete);
  const residuals = useResiduals(plan.id, srid, method, points);

  const space = useMemo(() => {
    if (!image.image) return null;
    return pixelSpace(plan.width ?? image.image.naturalWidth, plan.height ?? image.image.naturalHeight);
  }, [image.image, plan.width, plan.height]);

  // The panes read these handlers through a ref: plain functions of the current state are enough.
  const pickPlan = (pixel: [number, number]) => {
    if (pending) {
      setPoints(points.map((p) => (p === pending ? { ...p, pixel } : p)));
      return;
    }
    const id = crypto.randomUUID();
    setPoints([...points, { id, n: points.reduce((max, p) => Math.max(max, p.n), 0) + 1, pixel, lonLat: null }]);
    setSelected(id);
  };
  const pickMap = useCallback((lonLat: [number, number]) => {
    setPoints((current) => current.map((p) => (p.lonLat ? p : { ...p, lonLat })));
  }, []);
  const movePixel = useCallback((id: string, pixel: [number, number]) =>
    setPoints((current) => current.map((p) => (p.id === id ? { ...p, pixel } : p))), []);
  const moveLonLat = useCallback((id: string, lonLat: [number, number]) =>
    setPoints((current) => current.map((p) => (p.id === id ? { ...p, lonLat } : p))), []);
  const remove = useCallback((id: string) => setPoints((current) => current.filter((p) => p.id !== id)), []);

  useEffect(() => {
    const cancel = (event: KeyboardEvent) => {
      if (event.key === 'Escape') setPoints((current) => current.filter((p) => p.lonLat));
    };
    window.addEventListener('keydown', cancel);
    return () => window.removeEventListener('keydown', cancel);
  }, []);

  const planMarkers = useMemo((): MarkerItem[] => (space
    ? points.map((p) => ({ id: p.id, label: String(p.n), lngLat: space.toLngLat(p.pixel), pending: !p.lonLat, selected: p.id === selected }))
    : []), [points, space, selected]);
  const targetMarkers = useMemo((): MarkerItem[] => points.flatMap((p) =>
    p.lonLat ? [{ id: p.id, label: String(p.n), lngLat: p.lonLat, selected: p.id === selected }] : []), [points, selected]);

  const canSave = complete >= MIN_POINTS[method] && !residuals.problem && !save.isPending && !pending;
  const submit = () => {
    setDone(false);
    save.mutate(
      { transform: method, srid, points: points.filter((p) => p.lonLat).map((p) => ({ id: p.id, pixel: p.pixel, lonLat: p.lonLat! })) },
      { onSuccess: (answer) => setJobId(answer.job.id) },
    );
  };

  return (
    <div className="georef-page">
      <aside className="georef-side">
        <p className="crumbs"><Link to={`/plants/${plant.id}`}>← {plant.name}</Link></p>
        <h1>{t('plans.editor.title', { name: plan.name })}</h1>
        <p className="georef-hint" data-testid="georef-hint">
          {pending ? t('plans.editor.pickMap') : points.length === 0 ? t('plans.editor.help') : t('plans.editor.pickPlan')}
        </p>
        <PointsPanel
          points={points} residuals={residuals} method={method} srid={srid} selected={selected}
          onMethod={setChosen} onSelect={setSelected} onDelete={remove}
        />
        {complete < MIN_POINTS[method] && <p className="hint">{t('plans.editor.tooFew', { count: MIN_POINTS[method] })}</p>}
        <div className="actions">
          <button type="button" className="primary" disabled={!canSave} onClick={submit} data-testid="georef-save">
            {save.isPending ? t('plans.editor.saving') : t('plans.editor.save')}
          </button>
        </div>
        <ErrorMessage error={save.error} />
        {jobId && <JobProgress key={jobId} jobId={jobId} label={t('plans.editor.warping')} onEnd={(job) => setDone(job.state === 'completed')} />}
        {(done || (jobId !== null && plan.status === 'georeferenced' && !plan.job)) && (
          <p className="ok-text" data-testid="georef-done">
            {t('plans.editor.done')} <Link to={`/plants/${plant.id}/map`}>{t('plans.editor.openMap')}</Link>
          </p>
        )}
      </aside>
      <div className="georef-maps">
        <section className={`georef-pane${pending ? '' : ' picking'}`}>
          <h2>{t('plans.editor.plan')}</h2>
          {image.error ? <ErrorMessage error={image.error} /> : !space || !image.image ? <Loading /> : (
            <PlanPane imageUrl={image.image.url} space={space} markers={planMarkers}
              detailTiles={image.image.downscaled ? `/api/v1/plans/${plan.id}/pixel-tiles/{z}/{x}/{y}?page=${plan.page}` : undefined}
              onPick={pickPlan} onMove={movePixel} onSelect={setSelected} />
          )}
        </section>
        <section className={`georef-pane${pending ? ' picking' : ''}`}>
          <h2>{t('plans.editor.map')}</h2>
          <TargetPane plant={plant} config={config} markers={targetMarkers} onPick={pickMap} onMove={moveLonLat} onSelect={setSelected} />
        </section>
      </div>
    </div>
  );
}
