// EL night mode, as the current platform's technicians work: the modules one after another
// in numbering order, a key (1–6) sets the status and moves on, a whole string or table at
// once, undo; large buttons on a dark screen, the screen kept on; French voice commands where
// the browser offers speech recognition (otherwise the keys).
import { useCallback, useEffect, useState } from 'react';
import { MODULE_STATUSES, type ModuleStatus, STATUS_COLORS } from '@calepin/core';
import { keepAwake, listen, speechAvailable } from '../device';
import { useI18n } from '../i18n';
import { useLatest } from '../app/useLatest';
import { useEditor } from '../screens/mission/editor';
import { describeError } from '../screens/errors';
import type { Geometry } from '../store/gpkg/geometry';
import type { ModuleDetail } from '../store/engine/queries';
import type { Change } from '../store/types';
import { StatusChip } from './ModulePanel';
import { type ModuleForStatus, setModuleStatus } from './status-actions';
import { commandOf } from './voice-commands';

type ModuleData = ModuleDetail;
const lastKey = (audit: string | null) => `calepin.field.night.${audit ?? ''}`;
const asModule = (m: ModuleData): ModuleForStatus =>
  ({ id: String(m.id), centre: m.centre, defects: m.defects as Record<string, unknown>[], results: m.results as Record<string, unknown>[] });

export function NightMode({ onExit, onFocus }: { onExit(): void; onFocus(bbox: [number, number, number, number], geometry: Geometry | null): void }) {
  const { t, lang } = useI18n();
  const editor = useEditor();
  const { store, audit, version } = editor;
  const [current, setCurrent] = useState<{ id: string; code: string; index: number; total: number } | null>(null);
  const [shown, setShown] = useState<ModuleData | null>(null);
  const [undo, setUndo] = useState<{ moduleId: string; changes: Change[] }[]>([]);
  const [bulk, setBulk] = useState<'string' | 'table' | null>(null);
  const [voice, setVoice] = useState(false);
  const [heard, setHeard] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const go = useCallback(async (from: string | null, delta: number) => {
    const next = await store.neighbour(from, delta);
    setCurrent(next);
    localStorage.setItem(lastKey(audit), next.id);
  }, [store, audit]);

  // Back where the technician left off in this audit; the first module when that one is gone.
  useEffect(() => {
    let gone = false;
    const saved = localStorage.getItem(lastKey(audit));
    void store.neighbour(saved, 0).catch(() => store.neighbour(null, 0)).then((first) => {
      if (!gone) setCurrent(first);
    });
    return () => {
      gone = true;
    };
  }, [store, audit]);

  // The map flies to each module as it comes up. onFocus is read, not followed: the screen
  // hands a new one at each render, and following it flew the map again at every render, so
  // that the map never came to rest.
  const focus = useLatest(onFocus);
  useEffect(() => {
    if (!current) return;
    let gone = false;
    void store.read('module', { id: current.id, audit }).then((m) => {
      if (gone) return;
      setShown(m);
      if (m.bbox) focus.current(m.bbox, m.geometry);
    });
    return () => {
      gone = true;
    };
  }, [store, current, audit, version, focus]);

  useEffect(() => {
    let release: (() => void) | null = null;
    void keepAwake().then((r) => { release = r; });
    return () => release?.();
  }, []);

  const rate = useCallback(async (status: ModuleStatus) => {
    if (!current) return;
    setError(null);
    try {
      // A key pressed as soon as the next module shows comes before its data: read it then,
      // rather than rate the module shown before it.
      const module = shown && String(shown.id) === current.id ? shown : await store.read('module', { id: current.id, audit });
      if (bulk) {
        const key = bulk === 'string' ? { stringId: String(module.string_id ?? '') } : { tableId: String(module.table_id ?? '') };
        const members = await store.read('modulesOf', key);
        const all: Change[] = [];
        for (const member of members) {
          const data = await store.read('module', { id: String(member.id), audit });
          all.push(...(await setModuleStatus(editor, asModule(data), status)));
        }
        setUndo((u) => [...u, { moduleId: current.id, changes: all.reverse() }]);
        setBulk(null);
      } else {
        const inverse = await setModuleStatus(editor, asModule(module), status);
        setUndo((u) => [...u, { moduleId: current.id, changes: inverse }]);
      }
      await go(current.id, 1);
    } catch (e) {
      setError(describeError(e, t));
    }
  }, [shown, current, bulk, store, audit, editor, go, t]);

  const back = useCallback(async () => {
    const last = undo[undo.length - 1];
    if (!last) return;
    setError(null);
    try {
      await editor.apply(last.changes);
      setUndo((u) => u.slice(0, -1));
      await go(last.moduleId, 0);
    } catch (e) {
      setError(describeError(e, t));
    }
  }, [undo, editor, go, t]);

  const act = useLatest({ rate, back, go, current, setBulk, onExit });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement || e.target instanceof HTMLSelectElement) return;
      const a = act.current;
      const digit = Number(e.key);
      if (digit >= 1 && digit <= 6) void a.rate(MODULE_STATUSES[digit - 1] as ModuleStatus);
      else if (e.key === 'ArrowRight' || e.key === ' ' || e.key === 'n') void a.go(a.current?.id ?? null, 1);
      else if (e.key === 'ArrowLeft' || e.key === 'p') void a.go(a.current?.id ?? null, -1);
      else if (e.key === 'Backspace' || e.key === 'u' || (e.key === 'z' && (e.ctrlKey || e.metaKey))) void a.back();
      else if (e.key === 's') a.setBulk('string');
      else if (e.key === 't') a.setBulk('table');
      else if (e.key === 'Escape') a.setBulk(null);
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [act]);

  useEffect(() => {
    if (!voice) return;
    return listen(lang === 'fr' ? 'fr-FR' : 'en-GB', (phrase) => {
      setHeard(phrase);
      const command = commandOf(phrase);
      const a = act.current;
      if (!command) return;
      if (command.kind === 'status') void a.rate(command.status);
      else if (command.kind === 'next') void a.go(a.current?.id ?? null, 1);
      else if (command.kind === 'previous') void a.go(a.current?.id ?? null, -1);
      else if (command.kind === 'undo') void a.back();
    }, (code) => {
      setError(t('night.voiceError', { code }));
      setVoice(false);
    });
  }, [voice, lang, act, t]);

  return (
    <section className="night-mode" data-testid="night-mode" aria-live="polite">
      <div className="night-head">
        <div className="night-code" data-testid="night-code">{current?.code ?? '…'}</div>
        <div className="muted">{current ? t('night.position', { index: current.index + 1, total: current.total }) : ''}
          {shown?.string_code ? ` · ${String(shown.string_code)}` : ''}</div>
        {shown && <StatusChip status={shown.status} />}
        <button type="button" className="close" onClick={onExit} aria-label={t('night.exit')}>×</button>
      </div>
      {bulk && <p className="notice" role="status">{t(bulk === 'string' ? 'night.bulkString' : 'night.bulkTable')}</p>}
      <div className="night-keys">
        {MODULE_STATUSES.map((s, i) => (
          <button key={s} type="button" className="night-key" style={{ background: STATUS_COLORS[s] }} onClick={() => void rate(s)} data-testid={`key-${i + 1}`}>
            <kbd>{i + 1}</kbd><span>{t(`status.${s}`)}</span>
          </button>
        ))}
      </div>
      <div className="night-nav">
        <button type="button" onClick={() => void go(current?.id ?? null, -1)}>‹ {t('night.previous')}</button>
        <button type="button" onClick={() => void back()} disabled={!undo.length} data-testid="undo">{t('night.undo')}</button>
        <button type="button" aria-pressed={bulk === 'string'} onClick={() => setBulk(bulk === 'string' ? null : 'string')}>{t('night.string')}</button>
        <button type="button" aria-pressed={bulk === 'table'} onClick={() => setBulk(bulk === 'table' ? null : 'table')}>{t('night.table')}</button>
        {speechAvailable() && <button type="button" aria-pressed={voice} onClick={() => setVoice(!voice)}>{t('night.voice')}</button>}
        <button type="button" onClick={() => void go(current?.id ?? null, 1)}>{t('night.next')} ›</button>
      </div>
      {heard && voice && <p className="muted">« {heard} »</p>}
      {error && <p className="error" role="alert">{error}</p>}
      <p className="muted keys-help">{t('night.help')}</p>
    </section>
  );
}
