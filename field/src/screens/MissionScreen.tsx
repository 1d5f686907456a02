// A mission on the tablet: the map of the plant from the package, a top bar (audit, search,
// filters, night mode, checklists, sync) and one side panel at a time (beside the map in
// landscape, under it in portrait). Everything is read from and written to the device store.
import { Suspense, lazy, useCallback, useEffect, useMemo, useState } from 'react';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { IDLE_AFTER_MS, MAP_STATUSES, MAP_TILE_SOURCES, userColour } from '@calepin/core';
import { type MapFilter, PLANT_TILES_SOURCE, followLiveTiles } from '@calepin/map-kit';
import { useIdle, useLiveMission } from '@calepin/map-kit/react';
import { rememberedUser, tokens } from '../app/session';
import { useField } from '../app/store-context';
import { type Fix, watchFix } from '../device';
import { useI18n } from '../i18n';
import { FieldMap, type PlanState, type Team as MapTeam } from '../map/FieldMap';
import { LocalChanges } from '../map/local-changes';
import { SyncEngine, type SyncStatus } from '../sync/engine';
import type { Geometry } from '../store/gpkg/geometry';
import type { Change } from '../store/types';
import { ChatPanel } from '../panels/ChatPanel';
import { ChecklistsPanel } from '../panels/Checklists';
import { DefectForm } from '../panels/DefectForm';
import { DefectList } from '../panels/DefectList';
import { LayersPanel } from '../panels/LayersPanel';
import { ModulePanel } from '../panels/ModulePanel';
import { NightMode } from '../panels/NightMode';
import { SyncPanel } from '../panels/SyncPanel';
import { ZonesPanel } from '../panels/ZonesPanel';
import type { LocalProgress, ZoneShape } from '../store/engine/progress';
import type { ControlPoint } from '../map/control-points';
import { describeError } from './errors';
import { EditorProvider, applyChanges } from './mission/editor';
import { TopBar } from './mission/TopBar';
import { useMission } from './mission/useMission';
import { useModuleLock } from './mission/useModuleLock';
import { useSharedPosition } from './mission/useSharedPosition';
import { Team } from './mission/Team';

/** three.js is loaded when the 3D view first opens (the service worker has cached its file with the rest). */
const View3D = lazy(() => import('./mission/View3D').then((m) => ({ default: m.View3D })));

/** Two minutes, or what an e2e test set on the page to see it happen (`__calepinIdleAfterMs`). */
const idleAfterMs = () => (window as { __calepinIdleAfterMs?: number }).__calepinIdleAfterMs ?? IDLE_AFTER_MS;

/** A burst of live changes (a batch of results) is pulled once. */
const LIVE_PULL_DELAY_MS = 150;

/** Messages heard live after the one the user last read (all of them when none was read). */
function unreadCount(messages: { id: string; authorId: string }[], readId: string | null, self: string | null): number {
  const from = readId ? messages.findIndex((m) => m.id === readId) + 1 : 0;
  return messages.slice(from).filter((m) => m.authorId !== self).length;
}

export type Panel =
  | { kind: 'module'; moduleId: string }
  | { kind: 'defect'; moduleId: string | null; defectId: string | null; point: [number, number] | null }
  | { kind: 'checklists' }
  | { kind: 'chat' }
  | { kind: 'defects' }
  | { kind: 'layers' }
  | { kind: 'sync' }
  | { kind: 'zones' }
  | null;

export function MissionScreen({ missionId, onBack }: { missionId: string; onBack(): void }) {
  const { t, lang } = useI18n();
  const { store } = useField();
  const { summary, error, audit, setAudit } = useMission(missionId);
  const [panel, setPanel] = useState<Panel>(null);
  const [night, setNight] = useState(false);
  const [colourByAudit, setColourByAudit] = useState(true);
  const [filter, setFilter] = useState<MapFilter>({ statuses: [...MAP_STATUSES] });
  const [wiring, setWiring] = useState(false);
  const [plans, setPlans] = useState<PlanState[]>([]);
  const [highlight, setHighlight] = useState<Geometry | null>(null);
  const [focus, setFocus] = useState<[number, number, number, number] | null>(null);
  const [gps, setGps] = useState(false);
  const [position, setPosition] = useState<Fix | null>(null);
  const [gpsError, setGpsError] = useState<string | null>(null);
  const [map, setMap] = useState<MapLibreMap | null>(null);
  const [version, setVersion] = useState(0);
  const [syncStatus, setSyncStatus] = useState<SyncStatus | null>(null);
  const [pinnable, setPinnable] = useState<string | null>(null);
  const [progress, setProgress] = useState<LocalProgress | null>(null);
  const [zones, setZones] = useState<ZoneShape[]>([]);
  const [draft, setDraft] = useState<[number, number][] | null>(null);
  const [view3d, setView3d] = useState(false);
  const [controlPoints, setControlPoints] = useState<ControlPoint[]>([]);
  /** A checklist answer waiting for its control point: the next tap on the map places it. */
  const [placing, setPlacing] = useState<((lngLat: [number, number]) => void) | null>(null);
  const changes = useMemo(() => new LocalChanges(), []);
  const sync = useMemo(() => (summary ? new SyncEngine(store, summary.missionId) : null), [store, summary]);
  const live = useLiveMission(tokens, missionId);
  const self = rememberedUser()?.id ?? null;
  useIdle(live.mission, idleAfterMs());
  useSharedPosition(live.mission, live.state?.connected ?? false, gps ? position : null);
  const team = useMemo<MapTeam | null>(() => (live.state?.connected
    ? { positions: [...live.state.positions.values()], locks: [...live.state.locks.values()], people: new Map(live.state.presence), self }
    : null), [live.state, live.version, self]); // eslint-disable-line react-hooks/exhaustive-deps -- the state is updated in place; version says when
  const chat = useMemo(() => ({
    mission: live.mission, connected: live.state?.connected ?? false, messages: [...(live.state?.chat ?? [])],
    reads: new Map(live.state?.reads), presence: new Map(live.state?.presence),
  }), [live.mission, live.state, live.version]); // eslint-disable-line react-hooks/exhaustive-deps -- as above
  const unread = unreadCount(chat.messages, chat.reads.get(self ?? '')?.messageId ?? null, self);
  // A member's live colour (the team's order, docs/realtime.md §8); offline, one from their id.
  const colourOf = useCallback((userId: string) => live.state?.presence.get(userId)?.colour ?? live.state?.members.get(userId)?.colour ?? userColour(userId),
    [live.state, live.version]); // eslint-disable-line react-hooks/exhaustive-deps -- as above
  const plansZones = Boolean(summary && (summary.members.some((m) => m.user_id === self && m.role === 'lead')
    || ['admin', 'manager'].includes(rememberedUser()?.role ?? '')));
  const lock = useModuleLock(live.mission, live.state?.connected ?? false, panel?.kind === 'defect' ? panel.moduleId : null);

  useEffect(() => {
    if (!sync) return;
    const unsubscribe = sync.subscribe(setSyncStatus);
    const stopPages = sync.onPage(() => {
      changes.changed(summary?.plantId ?? '', 'defects', null, null);
      setVersion((v) => v + 1);
    });
    sync.start();
    return () => {
      unsubscribe();
      stopPages();
      sync.stop();
    };
  }, [sync, changes, summary]);

  // What a teammate or the office commits is announced live; its rows come by a pull now
  // (not at the next minute's sync), so their defects and results reach this map in a second.
  useEffect(() => {
    if (!sync || !live.mission) return;
    return live.mission.onChanges((e) => {
      if (e.data.origin === 'push' && e.by?.userId === self) return; // this tablet's own push: its cycle pulls after it
      sync.kick(LIVE_PULL_DELAY_MS);
    });
  }, [sync, live.mission, self]);

  useEffect(() => {
    if (!map || !summary) return;
    return followLiveTiles(map, changes, { plant: summary.plantId, source: PLANT_TILES_SOURCE, drawn: MAP_TILE_SOURCES });
  }, [map, changes, summary]);

  useEffect(() => {
    if (!gps) return;
    return watchFix((fix) => { setPosition(fix); setGpsError(null); }, (e) => { setGpsError(describeError(e, t)); setGps(false); });
  }, [gps, t]);

  // What the map draws of the zones and the checklists, read again with every write and pulled page.
  useEffect(() => {
    if (!summary) return;
    let gone = false;
    void store.read('zones', undefined as never).then((z) => !gone && setZones(z), () => undefined);
    void store.read('controlPoints', undefined as never).then((p) => !gone && setControlPoints(p), () => undefined);
    return () => { gone = true; };
  }, [store, summary, version]);

  // The counts (every module and defect of the package) only while the Zones panel shows them.
  const zonesOpen = panel?.kind === 'zones';
  useEffect(() => {
    if (!summary || !zonesOpen) return;
    let gone = false;
    void store.read('progress', undefined as never).then((p) => !gone && setProgress(p), () => undefined);
    return () => { gone = true; };
  }, [store, summary, version, zonesOpen]);

  const apply = useCallback(async (batch: Change[]) => {
    if (!summary || !sync) throw new Error('no mission open');
    const results = await applyChanges(store, summary, changes, sync, batch);
    setVersion((v) => v + 1);
    return results;
  }, [store, summary, changes, sync]);

  const editor = useMemo(() => (summary ? { store, summary, audit, version, apply } : null), [store, summary, audit, version, apply]);

  const select = useCallback((moduleId: string | null) => {
    if (moduleId) setPinnable(moduleId);
    setPanel((p) => (moduleId ? { kind: 'module', moduleId } : p?.kind === 'module' ? null : p));
    if (!moduleId) setHighlight(null);
  }, []);

  if (error) return <main className="fatal" role="alert"><p>{error}</p><button type="button" onClick={onBack}>{t('app.back')}</button></main>;
  if (!summary || !editor) return <div className="splash">{t('mission.opening')}</div>;

  return (
    <EditorProvider value={editor}>
      <main className={`mission${night ? ' night' : ''}${panel ? ' with-panel' : ''}`} data-testid="mission">
        <TopBar
          summary={summary} audit={audit} onAudit={setAudit} night={night} onNight={setNight} panel={panel} onPanel={setPanel}
          sync={syncStatus} onBack={onBack} gps={gps} onGps={setGps} view3d={view3d} onView3d={setView3d} unread={panel?.kind === 'chat' ? 0 : unread}
          onFound={(hit) => { setFocus(hit.bbox); setPinnable(hit.id); setPanel({ kind: 'module', moduleId: hit.id }); }}
        />
        {gpsError && <p className="notice floating" role="alert">{gpsError}</p>}
        {lock.refusal && <p className="notice floating below-bar" role="alert" data-testid="lock-refused" onClick={lock.dismiss}>{lock.refusal}</p>}
        <Team state={live.state} self={self} />
        <FieldMap
          summary={summary} audit={colourByAudit ? audit : null} filter={filter} wiring={wiring} night={night} plans={plans}
          highlight={highlight} focus={focus} position={position} team={team} onSelect={select} onMap={setMap}
          zones={zones} self={self} colourOf={colourOf} draft={draft} controlPoints={controlPoints} lang={lang}
          onPlace={draft ? (corner) => setDraft((d) => (d ? [...d, corner] : d)) : placing}
        />
        {view3d && (
          <Suspense fallback={<div className="view3d-field splash">{t('app.loading')}</div>}>
          <View3D summary={summary} audit={colourByAudit ? audit : null} selected={panel?.kind === 'module' ? panel.moduleId : null}
            onSelect={(moduleId) => { if (moduleId) setPinnable(moduleId); setPanel(moduleId ? { kind: 'module', moduleId } : null); }}
            onClose={() => setView3d(false)} />
          </Suspense>
        )}
        {night && <NightMode onExit={() => setNight(false)} onFocus={(bbox, geometry) => { setFocus(bbox); setHighlight(geometry); }} />}
        {panel && (
          <aside className="panel" data-testid={`panel-${panel.kind}`}>
            {panel.kind === 'module' && (
              <ModulePanel moduleId={panel.moduleId} onClose={() => select(null)} onHighlight={setHighlight}
                onDefect={(defectId, point) => void lock.take(panel.moduleId).then((free) => {
                  if (free) setPanel({ kind: 'defect', moduleId: panel.moduleId, defectId, point });
                })} />
            )}
            {panel.kind === 'defect' && (
              <DefectForm moduleId={panel.moduleId} defectId={panel.defectId} point={panel.point} position={position}
                onDone={() => setPanel(panel.moduleId ? { kind: 'module', moduleId: panel.moduleId } : null)} />
            )}
            {panel.kind === 'chat' && (
              <ChatPanel live={chat} self={self} pinnable={pinnable} position={position} onClose={() => setPanel(null)}
                onPin={(moduleId) => void store.read('module', { id: moduleId, audit: null }).then((m) => {
                  if (m.bbox) setFocus(m.bbox);
                  if (m.geometry) setHighlight(m.geometry);
                }, () => undefined)} />
            )}
            {panel.kind === 'checklists' && (
              <ChecklistsPanel position={position} onClose={() => { setPlacing(null); setPanel(null); }} placing={placing !== null}
                onPlace={(place) => setPlacing(() => place && ((lngLat: [number, number]) => { setPlacing(null); place(lngLat); }))} />
            )}
            {panel.kind === 'defects' && <DefectList onClose={() => setPanel(null)} onOpen={(moduleId) => { setPinnable(moduleId); setPanel({ kind: 'module', moduleId }); }} />}
            {panel.kind === 'layers' && (
              <LayersPanel filter={filter} onFilter={setFilter} wiring={wiring} onWiring={setWiring} plans={plans} onPlans={setPlans}
                colourByAudit={colourByAudit} onColourByAudit={setColourByAudit} onClose={() => setPanel(null)} />
            )}
            {panel.kind === 'zones' && (
              <ZonesPanel progress={progress} self={self} plans={plansZones} colourOf={colourOf} draft={draft} onDraft={setDraft}
                onFocus={(bbox) => setFocus([...bbox])} onClose={() => { setDraft(null); setPanel(null); }} />
            )}
            {panel.kind === 'sync' && sync && <SyncPanel engine={sync} status={syncStatus} onClose={() => setPanel(null)} />}
          </aside>
        )}
      </main>
    </EditorProvider>
  );
}
