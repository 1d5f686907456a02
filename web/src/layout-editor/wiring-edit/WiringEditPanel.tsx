import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type LonLat, MODULES_LAYER } from '@calepin/map-kit';
import type { CableEnd } from '../api';
import { useEditor, useMapClick } from '../context';
import { cableHandles, pointHandle, showHandles } from '../edit-overlay';
import { useLayer } from '../layers';
import { formatNumber } from '../../format';
import { BoxForm, type BoxFeature, InverterForm, type InverterFeature } from './ItemForms';
import { useEndTargets } from './targets';
import { type Picked, useWiringDrag } from './useWiringDrag';

interface CableProps { code: string; kind: string; lengthM: number | null; fromKind: string | null; fromId: string | null; toKind: string | null; toId: string | null }

/** Inverters, junction boxes and cables edited on the map: moved, reshaped, renamed; strings assigned by a click. */
export function WiringEditPanel() {
  const { t } = useTranslation();
  const editor = useEditor();
  const { map } = editor;
  const inverters = useLayer(editor.plant.id, 'inverters');
  const boxes = useLayer(editor.plant.id, 'junction-boxes');
  const cables = useLayer(editor.plant.id, 'cables');
  const strings = useLayer(editor.plant.id, 'strings');
  const [picked, setPicked] = useState<Picked | null>(null);
  const [vertex, setVertex] = useState<number | null>(null);
  const [assigning, setAssigning] = useState(false);
  const [mpptId, setMpptId] = useState('');
  const [note, setNote] = useState<string | null>(null);

  const inverter = picked?.layer === 'inverters' ? (inverters.data?.find((f) => String(f.id) === picked.id) as InverterFeature | undefined) : undefined;
  const box = picked?.layer === 'junction-boxes' ? (boxes.data?.find((f) => String(f.id) === picked.id) as BoxFeature | undefined) : undefined;
  const cable = picked?.layer === 'cables' ? (cables.data?.find((f) => String(f.id) === picked.id) as GeoJSON.Feature<GeoJSON.LineString, CableProps> | undefined) : undefined;
  const line = cable?.geometry.type === 'LineString' ? (cable.geometry.coordinates as LonLat[]) : null;

  const targets = useEndTargets(editor.plant.id, map, Boolean(cable));

  const pick = (p: Picked | null) => {
    setPicked(p);
    setVertex(null);
    setAssigning(false);
    setNote(null);
  };

  const patchLine = (cableId: string, next: LonLat[], changes: { from?: CableEnd; to?: CableEnd } = {}) =>
    editor.run(() => editor.api.patchCable(cableId, { line: { type: 'LineString', coordinates: next }, ...changes }));

  useWiringDrag({
    editor, items: { inverters: inverters.data, 'junction-boxes': boxes.data, cables: cables.data }, picked,
    setPicked: (p) => { if (p?.id !== picked?.id) pick(p); }, setVertex, targets,
    onPointMoved: (p, at) => void editor.run(() => (p.layer === 'inverters'
      ? editor.api.patchInverter(p.id, { location: at })
      : editor.api.patchJunctionBox(p.id, { location: at }))).then((done) => done !== undefined && setNote(t('layout.wiring.moved'))),
    onLineChanged: (cableId, next, index, snapped) => {
      const end: CableEnd = snapped ? { kind: snapped.kind, id: snapped.id } : { kind: 'other' };
      const changes = index === 0 ? { from: end } : index === next.length - 1 ? { to: end } : {};
      void patchLine(cableId, next, changes);
    },
  });

  // The handles of the picked item.
  useEffect(() => {
    if (line) showHandles(map, cableHandles(line, vertex));
    else if (inverter?.geometry.type === 'Point') showHandles(map, [pointHandle(inverter.geometry.coordinates)]);
    else if (box?.geometry.type === 'Point') showHandles(map, [pointHandle(box.geometry.coordinates)]);
    else showHandles(map, []);
  }, [map, line, vertex, inverter, box]);
  useEffect(() => () => showHandles(map, []), [map]);

  const removeVertex = () => {
    if (!cable || !line || vertex === null || line.length <= 2) return;
    const next = line.filter((_, i) => i !== vertex);
    setVertex(null);
    void patchLine(String(cable.id), next);
  };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (target && ['INPUT', 'SELECT', 'TEXTAREA'].includes(target.tagName)) return;
      if (e.key === 'Delete' || e.key === 'Backspace') removeVertex();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const targetName = inverter
    ? t('layout.wiring.input', { code: inverter.properties.code, index: inverter.properties.mpptInputs.find((m) => m.id === mpptId)?.index ?? '?' })
    : box?.properties.code ?? '';

  useMapClick((e) => {
    if (!map) return;
    if (assigning && (inverter || box)) {
      const module = map.queryRenderedFeatures([e.point.x, e.point.y], { layers: [MODULES_LAYER] }).find((f) => typeof f.properties.id === 'string');
      const stringId = module?.properties.string_id as string | undefined;
      if (!stringId) {
        setNote(t('layout.wiring.noString'));
        return;
      }
      const code = strings.data?.find((s) => String(s.id) === stringId)?.properties.code ?? String(module?.properties.string ?? '');
      void editor.run(() => editor.api.patchString(stringId, inverter ? { mpptInputId: mpptId } : { junctionBoxId: String(box?.id) }))
        .then((done) => done !== undefined && setNote(t('layout.wiring.assigned', { string: code, target: targetName })));
      return;
    }
    const box5 = [[e.point.x - 5, e.point.y - 5], [e.point.x + 5, e.point.y + 5]] as [[number, number], [number, number]];
    const point = map.queryRenderedFeatures(box5, { layers: ['le-points'] }).find((f) => typeof f.properties.id === 'string');
    if (point) return pick({ layer: point.properties.layer as Picked['layer'], id: point.properties.id as string });
    if (line && map.queryRenderedFeatures(box5, { layers: ['le-edit-vertex', 'le-edit-mid'] }).length) return undefined;
    const hit = map.queryRenderedFeatures(box5, { layers: ['le-cables'] }).find((f) => typeof f.properties.id === 'string');
    return pick(hit ? { layer: 'cables', id: hit.properties.id as string } : null);
  });

  const endText = (kind: string | null, id: string | null) => {
    if (!kind) return t('layout.wiring.endNone');
    const code = kind === 'inverter' ? inverters.data?.find((f) => String(f.id) === id)?.properties.code
      : kind === 'junction_box' ? boxes.data?.find((f) => String(f.id) === id)?.properties.code
        : kind === 'string' ? strings.data?.find((f) => String(f.id) === id)?.properties.code : undefined;
    if (kind === 'other' && !id) return t('layout.wiring.endNone');
    return t(`layout.wiring.ends.${kind}`, { code: code ?? '?' });
  };

  return (
    <div className="le-panel" data-testid="le-wiring-panel">
      <p className="hint">{t('layout.wiring.hint')}</p>
      {!picked && <p className="muted">{t('layout.wiring.none')}</p>}
      {inverter && (
        <>
          <h4 data-testid="le-wire-title">{t('layout.wiring.inverter', { code: inverter.properties.code })}</h4>
          <InverterForm key={String(inverter.id)} inverter={inverter} onDeleted={() => pick(null)} />
        </>
      )}
      {box && (
        <>
          <h4 data-testid="le-wire-title">{t('layout.wiring.box', { code: box.properties.code })}</h4>
          <BoxForm key={String(box.id)} box={box} inverters={(inverters.data ?? []) as InverterFeature[]} onDeleted={() => pick(null)} />
        </>
      )}
      {(inverter || box) && (
        <div className="le-buttons">
          {inverter && (
            <label className="field">
              <span className="field-label">{t('layout.wiring.assignTo')}</span>
              <select value={mpptId} onChange={(e) => setMpptId(e.target.value)} data-testid="le-wire-mppt">
                <option value="">—</option>
                {inverter.properties.mpptInputs.map((m) => <option key={m.id} value={m.id}>{t('layout.inverters.input', { index: m.index })}</option>)}
              </select>
            </label>
          )}
          <button type="button" className={assigning ? 'active' : ''} aria-pressed={assigning} disabled={Boolean(inverter) && !mpptId}
            onClick={() => setAssigning(!assigning)} data-testid="le-wire-assign">
            {assigning ? t('layout.wiring.assignStop') : t('layout.wiring.assign')}
          </button>
          {assigning && <p className="hint">{t('layout.wiring.assignHint', { target: targetName })}</p>}
        </div>
      )}
      {cable && line && (
        <>
          <h4 data-testid="le-wire-title">{t('layout.wiring.cable', { code: cable.properties.code })}</h4>
          <p data-testid="le-wire-cable-length">{cable.properties.lengthM === null ? '—' : t('layout.wiring.length', { length: formatNumber(cable.properties.lengthM, 1) })}</p>
          <p className="muted" data-testid="le-wire-cable-ends">{t('layout.wiring.between', { from: endText(cable.properties.fromKind, cable.properties.fromId), to: endText(cable.properties.toKind, cable.properties.toId) })}</p>
          <p className="hint">{t('layout.wiring.pointsHint')}</p>
          {vertex !== null && vertex < line.length && (
            <p>
              {t('layout.wiring.vertex', { index: vertex + 1, count: line.length })}
              <button type="button" className="link" disabled={line.length <= 2 || editor.busy} onClick={removeVertex} data-testid="le-wire-remove-vertex">{t('layout.wiring.removeVertex')}</button>
            </p>
          )}
        </>
      )}
      {note && <p className="muted" role="status" data-testid="le-wire-note">{note}</p>}
    </div>
  );
}
