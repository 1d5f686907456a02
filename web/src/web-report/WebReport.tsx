// The interactive web report of one plant (docs/reports.md): the audits in time, the map
// coloured by the chosen audit (click a module: its defects, photos and history), the
// comparison with an earlier audit, the statistics as charts and the downloads. Read-only;
// the same page for a client user, staff and a share link (access.tsx).
import { useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { useTranslation } from 'react-i18next';
import { MAP_STATUSES, type MapStatus, type Plant, type WebConfig } from '@calepin/core';
import { ErrorMessage, Loading } from '../components/ui';
import { Legend } from '../map/Legend';
import { ModulePanel } from '../map/ModulePanel';
import { PlantMap } from '../map/PlantMap';
import { PlantScene3D, webglAvailable } from '../three/PlantScene3D';
import { useReportAccess } from './access';
import { useAuditStatuses, useComparison, useModule, useStatistics, useStatusCounts, useTimeline } from './api';
import { Charts } from './Charts';
import { Comparison, type CompareMode } from './Comparison';
import { Downloads } from './Downloads';
import { ModuleHistoryList } from './ModuleHistoryList';
import { Timeline, auditName } from './Timeline';
import { showDifference } from './difference-layer';
import './web-report.css';

export function WebReport({ plant, config }: { plant: Plant; config: WebConfig | undefined }) {
  const { t } = useTranslation();
  const access = useReportAccess();
  const timeline = useTimeline(plant.id);
  const audits = useMemo(() => timeline.data?.audits ?? [], [timeline.data]);
  const [chosen, setChosen] = useState<string | undefined>();
  // The latest audit until one is chosen.
  const auditId = chosen ?? audits.at(-1)?.id;
  const audit = audits.find((a) => a.id === auditId);
  const earlier = audits.filter((a) => audit && a.at < audit.at);
  const [other, setOther] = useState<string | undefined>();
  const otherId = other && earlier.some((a) => a.id === other) ? other : earlier.at(-1)?.id;
  const [mode, setMode] = useState<CompareMode>('none');
  const comparison = useComparison(mode === 'none' ? undefined : auditId, otherId);
  const statistics = useStatistics(auditId);
  const [moduleId, setModuleId] = useState<string | null>(null);
  const detail = useModule(plant.id, moduleId, auditId);
  const [map, setMap] = useState<MapLibreMap | null>(null);
  // The legend is the status filter of the maps (both, side by side).
  const [statuses, setStatuses] = useState<MapStatus[]>([...MAP_STATUSES]);
  const filter = useMemo(() => ({ statuses }), [statuses]);
  const counts = useStatusCounts(plant.id, auditId);
  const shown = useMemo(() => counts.data && {
    ...counts.data, total: statuses.reduce((sum, s) => sum + counts.data.counts[s], 0),
  }, [counts.data, statuses]);
  // The plan map or the plant in 3D, both coloured by the chosen audit.
  const [view, setView] = useState<'map' | '3d'>('map');
  const auditStatuses = useAuditStatuses(auditId, view === '3d');
  const [sceneError, setSceneError] = useState<unknown>(null);
  // Asked once (it makes a WebGL context), not at every render.
  const [webgl] = useState(webglAvailable);

  useEffect(() => {
    if (map) showDifference(map, mode === 'difference' ? (comparison.data ?? null) : null);
  }, [map, mode, comparison.data]);

  if (timeline.isPending) return <Loading />;
  if (timeline.error) return <ErrorMessage error={timeline.error} />;
  const name = `${plant.name}-${audit?.auditType ?? 'audit'}-${audit?.at.slice(0, 10) ?? ''}`;
  const otherAudit = audits.find((a) => a.id === otherId);

  return (
    <div className="web-report" data-testid="web-report">
      <header className="web-report-head">
        <h1>{t('webReport.subtitle', { plant: plant.name })}</h1>
        {!access.share && (
          <nav className="web-report-links">
            <Link to={`/plants/${plant.id}/3d`} data-testid="web-report-3d">{t('webReport.view3d')}</Link>
            <Link to={`/plants/${plant.id}`}>{t('webReport.pdf')}</Link>
          </nav>
        )}
      </header>
      {audits.length === 0 ? <p className="muted">{t('webReport.timeline.none')}</p> : (
        <>
          <Timeline audits={audits} selected={auditId} onSelect={(id) => { setChosen(id); setModuleId(null); }} />
          {audit && (
            <Comparison audits={earlier} other={otherId} onOther={setOther} mode={mode} onMode={setMode} comparison={comparison.data} error={comparison.error} />
          )}
          {mode === 'sideBySide' && otherAudit && audit ? (
            <section className="web-report-side" data-testid="web-report-side">
              {[otherAudit, audit].map((a, i) => (
                <div key={a.id} className="web-report-side-map">
                  <h3>{i === 0 ? t('webReport.compare.before') : t('webReport.compare.after')} — {auditName(a, t)}</h3>
                  <PlantMap plant={plant} config={config} audit={a.id} filter={filter} showDefects={false}
                    highlight={null} focus={null} onSelect={setModuleId} access={access} />
                </div>
              ))}
            </section>
          ) : (
            <section className="web-report-map">
              <div className="web-report-map-head">
                <h2>{t('webReport.map.title', { audit: audit ? auditName(audit, t) : '' })}</h2>
                <div className="segmented" role="group" aria-label={t('webReport.map.show')}>
                  {(['map', '3d'] as const).map((v) => (
                    <button key={v} type="button" aria-pressed={view === v} onClick={() => {
                      setView(v);
                      // The plan map goes (it is made again, onMap, on the way back).
                      if (v === '3d') setMap(null);
                    }} data-testid={`web-report-view-${v}`}>
                      {t(v === 'map' ? 'webReport.map.plan' : 'webReport.map.three')}
                    </button>
                  ))}
                </div>
                <p className="muted">{t(view === '3d' ? 'webReport.map.hint3d' : 'webReport.map.hint')}</p>
              </div>
              <div className="web-report-map-body">
                {view === 'map' && (
                  <aside className="web-report-legend">
                    <Legend counts={shown} plantTotal={counts.data?.total} statuses={statuses} onChange={setStatuses} />
                  </aside>
                )}
                {view === '3d' ? (
                  <>
                    {!webgl && <p className="error">{t('layout.three.noWebgl')}</p>}
                    <ErrorMessage error={sceneError ?? auditStatuses.error} />
                    {webgl && (
                      <PlantScene3D plant={plant} selected={moduleId} onPick={setModuleId} onError={setSceneError} client={access.api}
                        statuses={auditStatuses.data ?? null} />
                    )}
                  </>
                ) : (
                  <PlantMap plant={plant} config={config} audit={auditId} filter={filter} showDefects
                    highlight={detail.data ?? null} focus={null} onSelect={setModuleId} onMap={setMap} access={access} />
                )}
                {moduleId && (
                  <ModulePanel detail={detail.data} loading={detail.isPending} error={detail.error} onClose={() => setModuleId(null)} client={access.api}>
                    <ModuleHistoryList plantId={plant.id} moduleId={moduleId} />
                  </ModulePanel>
                )}
              </div>
            </section>
          )}
          {statistics.data && <Charts statistics={statistics.data} />}
          <ErrorMessage error={statistics.error} />
          {auditId && <Downloads auditId={auditId} name={name} />}
        </>
      )}
    </div>
  );
}
