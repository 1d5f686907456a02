import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CABLE_KINDS, type CableKind } from '@calepin/core';
import { useLatest } from '../../components/useLatest';
import { formatNumber } from '../../format';
import type { CableEnd } from '../api';
import { useEditor, useMapClick } from '../context';
import { useLayer } from '../layers';
import { nearestTarget, reachMetres } from '../snap-points';
import { useEndTargets } from '../wiring-edit/targets';
import { NumberField } from './FillFields';

/** The next free code of a prefix (INV-1, INV-2…). */
function nextCode(prefix: string, codes: readonly string[]): string {
  let n = codes.length + 1;
  while (codes.includes(`${prefix}${n}`)) n += 1;
  return `${prefix}${n}`;
}

function CodeField({ label, value, onChange, testId }: { label: string; value: string; onChange(v: string): void; testId?: string }) {
  return (
    <label className="field">
      <span className="field-label">{label}</span>
      <input value={value} maxLength={64} onChange={(e) => onChange(e.target.value)} data-testid={testId} />
    </label>
  );
}

/** Click to place an inverter with its MPPT inputs. */
export function InverterPanel() {
  const { t } = useTranslation();
  const editor = useEditor();
  const inverters = useLayer(editor.plant.id, 'inverters');
  const [code, setCode] = useState('');
  const [mppts, setMppts] = useState(2);
  const suggested = nextCode('INV-', inverters.data?.map((f) => f.properties.code) ?? []);
  useMapClick((e) => {
    if (editor.busy || !(mppts >= 1 && mppts <= 64)) return;
    void editor.run(() => editor.api.createInverter({
      code: code.trim() || suggested,
      location: [e.lngLat.lng, e.lngLat.lat],
      mpptInputs: Array.from({ length: mppts }, (_, i) => ({ index: i + 1 })),
    })).then((done) => done !== undefined && setCode(''));
  });
  return (
    <div className="le-panel" data-testid="le-inverter-panel">
      <p className="hint">{t('layout.inverters.click')}</p>
      <div className="le-grid">
        <CodeField label={t('layout.inverters.code')} value={code || suggested} onChange={setCode} testId="le-inverter-code" />
        <NumberField label={t('layout.inverters.mppts')} value={mppts} onChange={setMppts} min={1} max={64} step={1} testId="le-mppts" />
      </div>
    </div>
  );
}

/** Click to place a junction box, tied to an inverter. */
export function JunctionBoxPanel() {
  const { t } = useTranslation();
  const editor = useEditor();
  const boxes = useLayer(editor.plant.id, 'junction-boxes');
  const inverters = useLayer(editor.plant.id, 'inverters');
  const [code, setCode] = useState('');
  const [inverterId, setInverterId] = useState('');
  const suggested = nextCode('JB-', boxes.data?.map((f) => f.properties.code) ?? []);
  useMapClick((e) => {
    if (editor.busy) return;
    void editor.run(() => editor.api.createJunctionBox({
      code: code.trim() || suggested, inverterId: inverterId || null,
      location: [e.lngLat.lng, e.lngLat.lat],
    })).then((done) => done !== undefined && setCode(''));
  });
  return (
    <div className="le-panel">
      <p className="hint">{t('layout.boxes.click')}</p>
      <div className="le-grid">
        <CodeField label={t('layout.boxes.code')} value={code || suggested} onChange={setCode} />
        <label className="field">
          <span className="field-label">{t('layout.boxes.inverter')}</span>
          <select value={inverterId} onChange={(e) => setInverterId(e.target.value)} data-testid="le-jb-inverter">
            <option value="">—</option>
            {inverters.data?.map((i) => <option key={String(i.id)} value={String(i.id)}>{i.properties.code}</option>)}
          </select>
        </label>
      </div>
    </div>
  );
}

/** Draws a cable as a line; its length is computed by the server in the plant CRS. */
export function CablePanel() {
  const { t } = useTranslation();
  const editor = useEditor();
  const cables = useLayer(editor.plant.id, 'cables');
  const [code, setCode] = useState('');
  const [kind, setKind] = useState<CableKind>('dc_string');
  const suggested = nextCode('C-', cables.data?.map((f) => f.properties.code) ?? []);
  const latest = { code: code.trim() || suggested, kind };
  const { draw, stopDrawing, run, api, map, crs, setLineSnap } = editor;
  // The cable's points snap to inverters, boxes and string ends (Alt: no snapping); its ends record them.
  const targets = useEndTargets(editor.plant.id, map, true);
  const latestTargets = useLatest(targets);
  useEffect(() => {
    if (!map) return undefined;
    setLineSnap((p) => (p.alt ? undefined : nearestTarget(crs, [p.lng, p.lat], latestTargets.current, reachMetres(map, crs, p))?.at));
    return () => setLineSnap(null);
  }, [map, crs, setLineSnap, latestTargets]);
  const endAt = (p: GeoJSON.Position | undefined): CableEnd | undefined => {
    const hit = p && nearestTarget(crs, [p[0]!, p[1]!], targets, 0.001);
    return hit ? { kind: hit.target.kind, id: hit.target.id } : undefined;
  };
  // A finished line is sent as a cable, with the code, kind and snapped ends of that moment.
  const finish = useLatest(async (line: GeoJSON.LineString) => {
    const from = endAt(line.coordinates[0]);
    const to = endAt(line.coordinates[line.coordinates.length - 1]);
    const done = await run(() => api.createCable({ code: latest.code, kind: latest.kind, line, ...(from ? { from } : {}), ...(to ? { to } : {}) }));
    if (done !== undefined) {
      setCode('');
      // The list shows the length the server computed: read it back now.
      void cables.refetch();
    }
  });
  useEffect(() => {
    let drawing = true;
    // One line after the other, while the panel is open.
    const start = () => draw('linestring', (g) => void finish.current(g as GeoJSON.LineString).then(() => drawing && start()));
    start();
    return () => {
      drawing = false;
      stopDrawing();
    };
  }, [draw, stopDrawing, finish]);
  return (
    <div className="le-panel" data-testid="le-cable-panel">
      <p className="hint">{t('layout.cables.draw')}</p>
      <div className="le-grid">
        <CodeField label={t('layout.cables.code')} value={code || suggested} onChange={setCode} />
        <label className="field">
          <span className="field-label">{t('layout.cables.kind')}</span>
          <select value={kind} onChange={(e) => setKind(e.target.value as CableKind)}>
            {CABLE_KINDS.map((k) => <option key={k} value={k}>{t(`layout.cables.kinds.${k}`)}</option>)}
          </select>
        </label>
      </div>
      <ul className="le-list" data-testid="le-cables">
        {cables.data?.length === 0 && <li className="muted">{t('layout.cables.none')}</li>}
        {cables.data?.map((c) => (
          <li key={String(c.id)}>
            <span>{c.properties.code} · {t(`layout.cables.kinds.${c.properties.kind as CableKind}`)}</span>
            <span className="num">{c.properties.lengthM === null ? '—' : t('layout.cables.length', { length: formatNumber(c.properties.lengthM, 1) })}</span>
            <button type="button" className="link" onClick={() => void run(() => api.deleteCable(String(c.id)))} aria-label={t('common.remove')}>×</button>
          </li>
        ))}
      </ul>
    </div>
  );
}
