// Undo and redo as the user sees them (issue 13). The server keeps one history per plant,
// shared by everyone who edits it, and a refused edit is not in it. So undo names the edit
// it means (the latest one this screen shows, refetched on every change, the user's or
// another's): the server replays only that one, and the screen says what was undone. And
// while a refused edit's message is on screen, the first undo only dismisses it: the user
// who presses Ctrl+Z then means "forget what I just tried", not "undo what I did before".
import { useCallback, useEffect, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { queryKeys } from '@calepin/map-kit/api';
import type { layoutApi } from './api';

type Layout = ReturnType<typeof layoutApi>;
type Localised = { en: string; fr: string };

export type HistoryNote =
  | { kind: 'undone' | 'redone'; what: Localised }
  | { kind: 'nothing' }
  /** A refused edit's message was dismissed; `next` is what a second undo would undo. */
  | { kind: 'dismissed'; next: Localised | null };

interface Options {
  /** The error on screen, if any: a refused edit shows one. */
  refusal: unknown;
  clearRefusal: () => void;
  showError: (e: unknown) => void;
  afterReplay: () => void;
}

export function useEditHistory(plantId: string, layout: Layout, { refusal, clearRefusal, showError, afterReplay }: Options) {
  const [note, setNote] = useState<HistoryNote | null>(null);
  const edits = useQuery({ queryKey: queryKeys.layout(plantId, 'history'), queryFn: () => layout.history() });
  const items = edits.data?.items ?? [];
  // The server undoes the newest edit not undone, and redoes the oldest undone one.
  const toUndo = items.find((e) => !e.undone) ?? null;
  const toRedo = items.findLast((e) => e.undone) ?? null;

  const replay = useCallback(async (which: 'undo' | 'redo') => {
    if (which === 'undo' && refusal) {
      clearRefusal();
      setNote({ kind: 'dismissed', next: toUndo?.description ?? null });
      return;
    }
    clearRefusal();
    setNote(null);
    const expected = which === 'undo' ? toUndo : toRedo;
    try {
      const done = await layout[which](expected?.editId);
      setNote({ kind: which === 'undo' ? 'undone' : 'redone', what: done.description });
    } catch (e) {
      if ((e as { code?: string }).code?.startsWith('nothing_to_')) setNote({ kind: 'nothing' });
      else showError(e);
    } finally {
      afterReplay();
    }
  }, [refusal, clearRefusal, showError, afterReplay, layout, toUndo, toRedo]);

  /** Any other action of the user makes the last note old news. */
  const forget = useCallback(() => setNote(null), []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (target && ['INPUT', 'SELECT', 'TEXTAREA'].includes(target.tagName)) return;
      if (!(e.ctrlKey || e.metaKey)) return;
      const key = e.key.toLowerCase();
      if (key === 'z' && !e.shiftKey) {
        e.preventDefault();
        void replay('undo');
      } else if (key === 'y' || (key === 'z' && e.shiftKey)) {
        e.preventDefault();
        void replay('redo');
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [replay]);

  return { note, replay, forget };
}
