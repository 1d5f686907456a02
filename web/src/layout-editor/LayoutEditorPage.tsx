import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { MAP_STATUSES, type ModuleModel, type Plant, type WebConfig } from '@calepin/core';
import { plantCrs } from '@calepin/map-kit';
import { plantEditKeys, queryKeys } from '@calepin/map-kit/api';
import { api } from '../api/http';
import { usePlant, useWebConfig } from '../api/queries';
import { canManage, useAuth } from '../auth/session';
import { ErrorMessage, Loading } from '../components/ui';
import { PlantMap, plantCentre } from '../map/PlantMap';
import { type Selection, layoutApi } from './api';
import { ClickContext, ClickSlot, type Editor, EditorContext, TOOLS, type Tool } from './context';
import { Drawing } from './draw';
import { useLayer } from './layers';
import { ELECTRICAL, PREVIEW, addOverlays, electricalFeatures, setGeoJson, showSelection, showStrings } from './overlays';
import { ExportSection } from './sections/ExportSection';
import { InvertersSection } from './sections/InvertersSection';
import { NumberingSection } from './sections/NumberingSection';
import { StringsSection } from './sections/StringsSection';
import { WarningsSection } from './sections/WarningsSection';
import { AreaPanel } from './tools/AreaPanel';
import { CandidatesPanel } from './tools/CandidatesPanel';
import { CablePanel, InverterPanel, JunctionBoxPanel } from './tools/ElectricalPanels';
import { SelectPanel } from './tools/SelectPanel';
import { SingleModulePanel } from './tools/SingleModulePanel';
import { StringPickPanel } from './tools/StringPickPanel';
import { TablePanel } from './tools/TablePanel';
import { WiringEditPanel } from './wiring-edit/WiringEditPanel';
import { outlineSnapper } from './snap-points';
import { useBoxSelect } from './useBoxSelect';
import { HistoryStatus } from './HistoryStatus';
import { EDITOR_LAYERS, type EditorLayer, LayerSwitches } from './LayerSwitches';
import { useEditHistory } from './useEditHistory';
import './editor.css';

const PANELS: Record<Tool, () => React.JSX.Element> = {
  select: SelectPanel, table: TablePanel, area: AreaPanel, candidates: CandidatesPanel, module: SingleModulePanel, string: StringPickPanel,
  inverter: InverterPanel, junctionBox: JunctionBoxPanel, cable: CablePanel, electrical: WiringEditPanel,
};

const NO_FILTER = { statuses: MAP_STATUSES };

export function LayoutEditorPage() {
  const { t } = useTranslation();
  const { plantId = '' } = useParams();
  const { user } = useAuth();
  const plant = usePlant(plantId);
  const config = useWebConfig();
  const models = useQuery({
    queryKey: queryKeys.moduleModels(),
    queryFn: () => api.get('/module-models', { query: { limit: 500 } }),
  });
  // The map is made once from the configuration (its basemaps and glyphs): wait for it too.
  if (plant.isPending || models.isPending || config.isPending) return <Loading />;
  if (plant.error) return <ErrorMessage error={plant.error} />;
  if (models.error) return <ErrorMessage error={models.error} />;
  if (!canManage(user?.role)) return <p className="error">{t('layout.readOnlyNote')}</p>;
  return <EditorScreen plant={plant.data} config={config.data} models={models.data.items} />;
}

function EditorScreen({ plant, config, models }: { plant: Plant; config: WebConfig | undefined; models: ModuleModel[] }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [map, setMap] = useState<MapLibreMap | null>(null);
  const [drawing, setDrawing] = useState<Drawing | null>(null);
  const [clickSlot] = useState(() => new ClickSlot());
  const [tool, setToolState] = useState<Tool>('table');
  const [selection, setSelection] = useState<Selection>({ modules: [], tables: [] });
  const [picked, setPicked] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [version, setVersion] = useState(0);

  const centre = useMemo((): [number, number] => plantCentre(plant) ?? [2.35, 46.6], [plant]);
  const crs = useMemo(() => plantCrs(plant.srid, centre), [plant.srid, centre]);
  const layout = useMemo(() => layoutApi(plant.id), [plant.id]);

  const onMap = useCallback((m: MapLibreMap | null) => {
    if (m) {
      // The sidebar settles after the map was made: measure again and frame the plant.
      m.resize();
      if (plant.bbox) m.fitBounds([[plant.bbox[0], plant.bbox[1]], [plant.bbox[2], plant.bbox[3]]], { padding: 40, duration: 0 });
      addOverlays(m);
      m.boxZoom.disable();
      m.doubleClickZoom.disable();
      const snap = outlineSnapper(m, crs);
      const made = new Drawing(m, (pointer) => snap(pointer)?.at);
      m.on('click', (e) => {
        if (made.active) return;
        clickSlot.click(e);
      });
      setDrawing(made);
    } else {
      setDrawing(null);
    }
    setMap(m);
  }, [plant.bbox, crs, clickSlot]);
  // A drawing goes with its map (or when the plant's CRS makes a new one).
  useEffect(() => () => drawing?.destroy(), [drawing]);

  // After an edit: the lists now. The map's tiles follow the tile-server's change event
  // (PlantMap listens to /tiles/events), as they do for everyone else with the plant open.
  const refresh = useCallback(() => {
    setVersion((v) => v + 1);
    for (const queryKey of plantEditKeys(plant.id)) void queryClient.invalidateQueries({ queryKey });
  }, [queryClient, plant.id]);

  const clearError = useCallback(() => setError(null), []);
  const afterReplay = useCallback(() => {
    setSelection({ modules: [], tables: [] });
    refresh();
  }, [refresh]);
  const { note: historyNote, replay, forget: forgetHistoryNote } = useEditHistory(plant.id, layout, {
    refusal: error, clearRefusal: clearError, showError: setError, afterReplay,
  });

  const run = useCallback(async <T,>(call: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true);
    setError(null);
    forgetHistoryNote();
    try {
      const result = await call();
      refresh();
      return (result ?? null) as T;
    } catch (e) {
      setError(e);
      return undefined;
    } finally {
      setBusy(false);
    }
  }, [refresh, forgetHistoryNote]);

  const setPreview = useCallback((features: GeoJSON.Feature[]) => {
    if (map) setGeoJson(map, PREVIEW, features);
  }, [map]);
  const draw = useCallback<Editor['draw']>((kind, onFinish) => drawing?.start(kind, onFinish), [drawing]);
  const stopDrawing = useCallback(() => drawing?.stop(), [drawing]);
  const setLineSnap = useCallback<Editor['setLineSnap']>((snap) => drawing?.setLineSnap(snap), [drawing]);

  const setTool = (next: Tool) => {
    drawing?.stop();
    setToolState(next);
  };

  useEffect(() => {
    if (map) showSelection(map, selection.modules, selection.tables, picked);
  }, [map, selection, picked]);

  // Inverters, junction boxes and cables are drawn from the API (the plant map's tiles leave them out).
  const inverters = useLayer(plant.id, 'inverters');
  const boxes = useLayer(plant.id, 'junction-boxes');
  const cables = useLayer(plant.id, 'cables');
  const strings = useLayer(plant.id, 'strings');
  const [shownLayers, setShownLayers] = useState<Set<EditorLayer>>(() => new Set(EDITOR_LAYERS));
  useEffect(() => {
    if (map) showStrings(map, shownLayers.has('strings') ? (strings.data ?? []).map((s) => String(s.id)) : []);
  }, [map, strings.data, shownLayers]);
  useEffect(() => {
    if (!map) return;
    const when = <T,>(layer: EditorLayer, data: T) => (shownLayers.has(layer) ? data : undefined);
    setGeoJson(map, ELECTRICAL, electricalFeatures({
      cables: when('cables', cables.data), inverters: when('inverters', inverters.data), 'junction-boxes': when('junction-boxes', boxes.data),
    }));
  }, [map, inverters.data, boxes.data, cables.data, shownLayers]);

  const editor: Editor = {
    plant, api: layout, crs, map, models, tool, setTool, selection, setSelection, picked, setPicked,
    run, busy, version, setPreview, draw, stopDrawing, setLineSnap,
  };
  useBoxSelect(editor);

  const Panel = PANELS[tool];
  return (
    <EditorContext.Provider value={editor}>
      <ClickContext.Provider value={clickSlot}>
        <div className="map-page layout-editor" data-testid="layout-editor">
          <aside className="map-sidebar le-sidebar">
            <p className="crumbs"><Link to={`/plants/${plant.id}`}>← {plant.name}</Link> · <Link to={`/plants/${plant.id}/3d`}>{t('layout.open3d')}</Link></p>
            <h1 className="map-title">{t('layout.title', { name: plant.name })}</h1>
            {/* Undo, redo and what an edit answered stay in sight while the panels scroll. */}
            <div className="le-feedback">
              <div className="toolbar le-history">
                <button type="button" title={t('layout.history.undoHint')} onClick={() => void replay('undo')} data-testid="le-undo">↶ {t('layout.history.undo')}</button>
                <button type="button" title={t('layout.history.redoHint')} onClick={() => void replay('redo')} data-testid="le-redo">↷ {t('layout.history.redo')}</button>
              </div>
              <HistoryStatus note={historyNote} />
              <ErrorMessage error={error} />
            </div>
            <div className="le-tools" role="toolbar" aria-label={t('layout.tools.label')}>
              {TOOLS.map((key) => (
                <button key={key} type="button" className={tool === key ? 'active' : ''} aria-pressed={tool === key} onClick={() => setTool(key)} data-testid={`le-tool-${key}`}>
                  {t(`layout.tools.${key}`)}
                </button>
              ))}
            </div>
            <Panel />
            <LayerSwitches shown={shownLayers} onChange={setShownLayers} />
            <NumberingSection />
            <StringsSection />
            <InvertersSection />
            <WarningsSection />
            <ExportSection />
          </aside>
          <PlantMap
            plant={plant}
            config={config}
            filter={NO_FILTER}
            showDefects={false}
            highlight={null}
            focus={null}
            onSelect={() => undefined}
            onMap={onMap}
          />
        </div>
      </ClickContext.Provider>
    </EditorContext.Provider>
  );
}
