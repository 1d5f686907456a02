// The plant in 3D (map-kit's PlantScene): its tables, then its modules page by page, each
// page drawn as it arrives, in their current status colours or those of an audit
// (`statuses`, the web report's chosen audit); a click (not an orbit drag)
// picks a module. Used by the 3D page and by the web report, whose share link reads the
// layout with its own credential (`client`).
import { useEffect, useRef, useState } from 'react';
import type { MapStatus, Plant } from '@calepin/core';
import { type LonLat, plantCrs } from '@calepin/map-kit';
import type { ApiClient } from '@calepin/map-kit/api';
import { type PanelProps, PlantScene } from '@calepin/map-kit/three';
import { useLatest } from '../components/useLatest';
import { allFeatures } from '../layout-editor/api';
import './view3d.css';

interface ModuleProps extends PanelProps { status: MapStatus }

export interface SceneProgress { modules: number; tables: number; done: boolean }

const ringOf = (g: GeoJSON.Geometry): LonLat[] => (g.type === 'Polygon' ? (g.coordinates[0] as LonLat[]) : []);

export function webglAvailable(): boolean {
  try {
    return Boolean(document.createElement('canvas').getContext('webgl2'));
  } catch {
    return false;
  }
}

export interface PlantScene3DProps {
  plant: Plant;
  /** The module outlined, or null. */
  selected: string | null;
  onPick(moduleId: string | null): void;
  onProgress?(progress: SceneProgress): void;
  onError?(error: unknown): void;
  /** Bumped to draw the scene again (the layout changed). */
  revision?: number;
  client?: ApiClient;
  /** Statuses to colour the modules by (an audit's results) instead of their current ones. */
  statuses?: ReadonlyMap<string, MapStatus> | null;
}

export function PlantScene3D({ plant, selected, onPick, onProgress, onError, revision = 0, client, statuses = null }: PlantScene3DProps) {
  const container = useRef<HTMLDivElement>(null);
  const sceneRef = useRef<PlantScene | null>(null);
  const [progress, setProgress] = useState<SceneProgress>({ modules: 0, tables: 0, done: false });
  const latest = useLatest({ plant, client, onProgress, onError });

  // The scene is drawn once per plant (or redraw), placed by the plant as it is then.
  useEffect(() => {
    const { plant, client } = latest.current;
    if (!container.current) return undefined;
    const centre: LonLat = plant.bbox
      ? [(plant.bbox[0] + plant.bbox[2]) / 2, (plant.bbox[1] + plant.bbox[3]) / 2]
      : ((plant.location?.coordinates as LonLat | undefined) ?? [2.35, 46.6]);
    const crs = plantCrs(plant.srid, centre);
    const scene = new PlantScene(container.current, crs, crs.toMetric(centre));
    sceneRef.current = scene;
    (window as unknown as { __calepin3d?: PlantScene }).__calepin3d = scene;
    const abort = new AbortController();
    const update = (done = false) => {
      const next = { modules: scene.moduleCount, tables: scene.tableCount, done };
      setProgress(next);
      latest.current.onProgress?.(next);
    };
    update();
    // Tables first (few), then the modules page by page: each page is drawn as it arrives.
    void (async () => {
      try {
        await allFeatures<PanelProps>(plant.id, 'tables', {
          signal: abort.signal, pageSize: 5000, client,
          onPage: (page) => {
            scene.addTables(page.map((f) => ({ ring: ringOf(f.geometry), props: f.properties })));
            update();
          },
        });
        await allFeatures<ModuleProps>(plant.id, 'modules', {
          signal: abort.signal, pageSize: 10_000, client,
          onPage: (page) => {
            scene.addModules(page.map((f) => ({ id: String(f.id), ring: ringOf(f.geometry), props: f.properties, status: f.properties.status })));
            update();
          },
        });
        update(true);
      } catch (e) {
        if ((e as Error).name !== 'AbortError') latest.current.onError?.(e);
      }
    })();
    return () => {
      abort.abort();
      scene.dispose();
      sceneRef.current = null;
    };
  }, [plant.id, revision, latest]);

  // After the scene's effect: a new scene is coloured too (modules added later follow).
  useEffect(() => {
    sceneRef.current?.colourBy(statuses);
  }, [statuses, plant.id, revision]);

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
    onPick(sceneRef.current?.pick(e.clientX - rect.left, e.clientY - rect.top) ?? null);
  };

  return (
    <div
      ref={container} className="view3d" data-testid="view3d" data-loaded={progress.done ? 'true' : 'false'}
      data-modules={progress.modules} onPointerDown={onPointerDown} onPointerUp={onPointerUp}
    />
  );
}
