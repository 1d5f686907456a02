import { useEffect, useRef, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { MAP_STATUSES, type MapStatus, type Plant } from '@calepin/core';
import { type LonLat, plantCrs } from '@calepin/map-kit';
import { useLiveQueries } from '@calepin/map-kit/react';
import { live } from '../api/http';
import { useModuleDetail, usePlant } from '../api/queries';
import { canManage, useAuth } from '../auth/session';
import { ErrorMessage, Loading, StatusSwatch } from '../components/ui';
import { useLatest } from '../components/useLatest';
import { formatNumber } from '../format';
import { allFeatures } from '../layout-editor/api';
import { ModulePanel } from '../map/ModulePanel';
import { type PanelProps, PlantScene } from '@calepin/map-kit/three';
import './view3d.css';

interface ModuleProps extends PanelProps { status: MapStatus }

const ringOf = (g: GeoJSON.Geometry): LonLat[] => (g.type === 'Polygon' ? (g.coordinates[0] as LonLat[]) : []);

function webglAvailable(): boolean {
  try {
    return Boolean(document.createElement('canvas').getContext('webgl2'));
  } catch {
    return false;
  }
}

export function PlantView3DPage() {
  const { plantId = '' } = useParams();
  const plant = usePlant(plantId);
  if (plant.isPending) return <Loading />;
  if (plant.error) return <ErrorMessage error={plant.error} />;
  return <View3D plant={plant.data} />;
}

function View3D({ plant }: { plant: Plant }) {
  const { t } = useTranslation();
  const { user } = useAuth();
  const container = useRef<HTMLDivElement>(null);
  const sceneRef = useRef<PlantScene | null>(null);
  const [params, setParams] = useSearchParams();
  const selected = params.get('module');
  const detail = useModuleDetail(plant.id, selected, undefined);
  const [progress, setProgress] = useState({ modules: 0, tables: 0, done: false });
  const [error, setError] = useState<unknown>(null);
  const [supported] = useState(webglAvailable);
  // Someone changed the tables or modules: the scene is drawn once, so it offers to redraw.
  const [stale, setStale] = useState(false);
  const [revision, setRevision] = useState(0);
  useLiveQueries(live, plant.id);
  useEffect(() => live.listen(plant.id, {
    change: (change) => {
      if (change.table === 'modules' || change.table === 'tables') setStale(true);
    },
    reset: () => setStale(true),
  }), [plant.id]);

  // The scene is drawn once per plant (or redraw), placed by the plant as it is then.
  const latestPlant = useLatest(plant);
  useEffect(() => {
    const plant = latestPlant.current;
    if (!supported || !container.current) return undefined;
    const centre: LonLat = plant.bbox
      ? [(plant.bbox[0] + plant.bbox[2]) / 2, (plant.bbox[1] + plant.bbox[3]) / 2]
      : ((plant.location?.coordinates as LonLat | undefined) ?? [2.35, 46.6]);
    const crs = plantCrs(plant.srid, centre);
    const scene = new PlantScene(container.current, crs, crs.toMetric(centre));
    sceneRef.current = scene;
    (window as unknown as { __calepin3d?: PlantScene }).__calepin3d = scene;
    const abort = new AbortController();
    setProgress({ modules: 0, tables: 0, done: false });
    const update = (done = false) => setProgress({ modules: scene.moduleCount, tables: scene.tableCount, done });
    // Tables first (few), then the modules page by page: each page is drawn as it arrives.
    void (async () => {
      try {
        await allFeatures<PanelProps>(plant.id, 'tables', {
          signal: abort.signal, pageSize: 5000,
          onPage: (page) => {
            scene.addTables(page.map((f) => ({ ring: ringOf(f.geometry), props: f.properties })));
            update();
          },
        });
        await allFeatures<ModuleProps>(plant.id, 'modules', {
          signal: abort.signal, pageSize: 10_000,
          onPage: (page) => {
            scene.addModules(page.map((f) => ({ id: String(f.id), ring: ringOf(f.geometry), props: f.properties, status: f.properties.status })));
            update();
          },
        });
        update(true);
      } catch (e) {
        if ((e as Error).name !== 'AbortError') setError(e);
      }
    })();
    return () => {
      abort.abort();
      scene.dispose();
      sceneRef.current = null;
    };
  }, [plant.id, supported, revision, latestPlant]);

  useEffect(() => {
    sceneRef.current?.select(selected);
  }, [selected, progress.done]);

  // A click (not a drag of the orbit) picks the module under the pointer.
  const down = useRef<{ x: number; y: number } | null>(null);
  const onPointerDown = (e: React.PointerEvent) => {
    down.current = { x: e.clientX, y: e.clientY };
  };
  const onPointerUp = (e: React.PointerEvent) => {
    const start = down.current;
    down.current = null;
    if (!start || Math.hypot(e.clientX - start.x, e.clientY - start.y) > 4 || e.button !== 0) return;
    const rect = (e.currentTarget as HTMLElement).getBoundingClientRect();
    const id = sceneRef.current?.pick(e.clientX - rect.left, e.clientY - rect.top) ?? null;
    setParams((current) => {
      const next = new URLSearchParams(current);
      if (id) next.set('module', id);
      else next.delete('module');
      return next;
    }, { replace: true });
  };

  return (
    <div className="map-page view3d-page">
      <aside className="map-sidebar">
        <p className="crumbs">
          <Link to={`/plants/${plant.id}`}>← {plant.name}</Link> · <Link to={`/plants/${plant.id}/map`}>{t('layout.three.map')}</Link>
          {canManage(user?.role) && <> · <Link to={`/plants/${plant.id}/layout`}>{t('layout.open')}</Link></>}
        </p>
        <h1 className="map-title">{t('layout.three.title', { name: plant.name })}</h1>
        {!supported && <p className="error">{t('layout.three.noWebgl')}</p>}
        <ErrorMessage error={error} />
        {stale && (
          <p className="hint" role="status" data-testid="view3d-stale">
            {t('layout.three.stale')}{' '}
            <button type="button" onClick={() => { setStale(false); setRevision((r) => r + 1); }}>{t('layout.three.redraw')}</button>
          </p>
        )}
        <p data-testid="view3d-count">
          {progress.done
            ? progress.modules ? t('layout.three.count', { modules: formatNumber(progress.modules), tables: formatNumber(progress.tables) }) : t('layout.three.empty')
            : t('layout.three.loading', { count: formatNumber(progress.modules) })}
        </p>
        <p className="hint">{t('layout.three.help')}</p>
        <ul className="view3d-legend">
          {MAP_STATUSES.map((s) => <li key={s}><StatusSwatch status={s} /> {t(`statuses.${s}`)}</li>)}
        </ul>
      </aside>
      <div
        ref={container} className="view3d" data-testid="view3d" data-loaded={progress.done ? 'true' : 'false'}
        data-modules={progress.modules} onPointerDown={onPointerDown} onPointerUp={onPointerUp}
      />
      {selected && (
        <ModulePanel detail={detail.data} loading={detail.isPending} error={detail.error} onClose={() => setParams({}, { replace: true })} />
      )}
    </div>
  );
}
