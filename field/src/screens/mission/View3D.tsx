// The plant in 3D on the tablet (issue 15): the scene the office's 3D page draws (map-kit's
// PlantScene, three.js), built from the package — tables, then modules page by page in the
// colours of the audit worked on — over the map, offline like the rest. A tap on a module
// (not a drag of the orbit) opens its panel.
import { useEffect, useRef, useState } from 'react';
import { MAP_STATUSES, type MapStatus, STATUS_COLORS } from '@calepin/core';
import { type LonLat, plantCrs } from '@calepin/map-kit';
import { PlantScene } from '@calepin/map-kit/three';
import { useI18n } from '../../i18n';
import { useField } from '../../app/store-context';
import type { Queries } from '../../store/engine/queries';
import type { PackageSummary } from '../../store/types';

declare global {
  interface Window {
    __calepin3d?: PlantScene;
  }
}

function webglAvailable(): boolean {
  try {
    return Boolean(document.createElement('canvas').getContext('webgl2'));
  } catch {
    return false;
  }
}

interface Props {
  summary: PackageSummary;
  audit: string | null;
  selected: string | null;
  onSelect(moduleId: string | null): void;
  onClose(): void;
}

export function View3D({ summary, audit, selected, onSelect, onClose }: Props) {
  const { t } = useI18n();
  const { store } = useField();
  const container = useRef<HTMLDivElement>(null);
  const sceneRef = useRef<PlantScene | null>(null);
  const [supported] = useState(webglAvailable);
  const [count, setCount] = useState({ modules: 0, tables: 0, done: false });

  useEffect(() => {
    if (!supported || !container.current) return undefined;
    const [w, s, e, n] = summary.bounds;
    const centre: LonLat = [(w + e) / 2, (s + n) / 2];
    const crs = plantCrs(summary.plant.srid, centre);
    const scene = new PlantScene(container.current, crs, crs.toMetric(centre));
    sceneRef.current = scene;
    window.__calepin3d = scene;
    let gone = false;
    const update = (done = false) => !gone && setCount({ modules: scene.moduleCount, tables: scene.tableCount, done });
    void (async () => {
      for (const kind of ['tables', 'modules'] as const) {
        let after: number | null = 0;
        while (after !== null && !gone) {
          const page: ReturnType<Queries['scene3d']> = await store.read('scene3d', { kind, audit, after });
          if (gone) return;
          if (kind === 'tables') scene.addTables(page.features);
          else scene.addModules(page.features.map((f) => ({ ...f, status: f.status as MapStatus })));
          after = page.next;
          update();
        }
      }
      update(true);
    })();
    return () => {
      gone = true;
      scene.dispose();
      sceneRef.current = null;
      if (window.__calepin3d === scene) delete window.__calepin3d;
    };
  }, [store, summary, audit, supported]);

  useEffect(() => {
    sceneRef.current?.select(selected);
  }, [selected, count.done]);

  const down = useRef<{ x: number; y: number } | null>(null);
  const onPointerUp = (e: React.PointerEvent) => {
    const start = down.current;
    down.current = null;
    if (!start || Math.hypot(e.clientX - start.x, e.clientY - start.y) > 6) return;
    const rect = (e.currentTarget as HTMLElement).getBoundingClientRect();
    onSelect(sceneRef.current?.pick(e.clientX - rect.left, e.clientY - rect.top) ?? null);
  };

  return (
    <div className="view3d-field" data-testid="view3d" data-loaded={count.done ? 'true' : 'false'} data-modules={count.modules}>
      <div className="view3d-canvas" ref={container} onPointerDown={(e) => { down.current = { x: e.clientX, y: e.clientY }; }} onPointerUp={onPointerUp} />
      <div className="view3d-key">
        <button type="button" className="primary" onClick={onClose} data-testid="view3d-close">{t('view3d.back')}</button>
        {!supported && <p className="error" role="alert">{t('view3d.noWebgl')}</p>}
        <p data-testid="view3d-count">{count.done ? t('view3d.count', { modules: count.modules, tables: count.tables }) : t('view3d.loading', { modules: count.modules })}</p>
        <ul className="plain legend-3d">
          {MAP_STATUSES.map((s) => <li key={s}><span className="swatch" style={{ background: STATUS_COLORS[s] }} />{t(`status.${s}`)}</li>)}
        </ul>
        <p className="muted small">{t('view3d.help')}</p>
      </div>
    </div>
  );
}
