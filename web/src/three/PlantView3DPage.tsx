import { useEffect, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { MAP_STATUSES, type Plant } from '@calepin/core';
import { useLiveQueries } from '@calepin/map-kit/react';
import { live } from '../api/http';
import { useModuleDetail, usePlant } from '../api/queries';
import { canManage, useAuth } from '../auth/session';
import { ErrorMessage, Loading, StatusSwatch } from '../components/ui';
import { formatNumber } from '../format';
import { ModulePanel } from '../map/ModulePanel';
import { PlantScene3D, type SceneProgress, webglAvailable } from './PlantScene3D';

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
  const [params, setParams] = useSearchParams();
  const selected = params.get('module');
  const detail = useModuleDetail(plant.id, selected, undefined);
  const [progress, setProgress] = useState<SceneProgress>({ modules: 0, tables: 0, done: false });
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

  const pick = (id: string | null) => setParams((current) => {
    const next = new URLSearchParams(current);
    if (id) next.set('module', id);
    else next.delete('module');
    return next;
  }, { replace: true });

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
      {supported && (
        <PlantScene3D plant={plant} selected={selected} onPick={pick} onProgress={setProgress} onError={setError} revision={revision} />
      )}
      {selected && (
        <ModulePanel detail={detail.data} loading={detail.isPending} error={detail.error} onClose={() => setParams({}, { replace: true })} />
      )}
    </div>
  );
}
