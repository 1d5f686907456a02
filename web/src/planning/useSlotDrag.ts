import { useEffect, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { queryKeys } from '@calepin/map-kit/api';
import { ApiError } from '../api/http';
import { type Conflict, type Slot, checkSlot, saveSlot } from '../missions/api';

export interface Draft extends Slot {
  /** Saved (or being saved): the board keeps it drawn until the board reloads. */
  state: 'dragging' | 'saving';
}

/**
 * The slot being dragged on the board: its conflicts are asked of the server while it
 * moves (the same checks as on saving), and it is saved when dropped. The server's 409,
 * if any, is what the person reads.
 */
export function useSlotDrag() {
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<Draft | null>(null);
  const [conflicts, setConflicts] = useState<Conflict[]>([]);
  const [checking, setChecking] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; message: string } | null>(null);
  const key = draft && draft.state === 'dragging' ? `${draft.missionId}|${draft.technicianId}|${draft.start}|${draft.end}|${draft.interventionId ?? ''}` : null;
  // The drop handler runs from a pointer listener set when the drag began: it reads the draft here.
  const latest = useRef<Draft | null>(null);
  useEffect(() => {
    latest.current = draft;
  }, [draft]);

  useEffect(() => {
    if (!key || !latest.current) return;
    const controller = new AbortController();
    const slot = latest.current;
    const timer = setTimeout(() => {
      setChecking(true);
      checkSlot({ missionId: slot.missionId, technicianId: slot.technicianId, start: slot.start, end: slot.end, interventionId: slot.interventionId }, controller.signal)
        .then((r) => setConflicts(r.conflicts))
        .catch(() => undefined)
        .finally(() => setChecking(false));
    }, 120);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [key]);

  return {
    draft,
    conflicts,
    checking,
    result,
    move(slot: Slot) {
      setResult(null);
      setDraft({ ...slot, state: 'dragging' });
    },
    cancel() {
      setDraft(null);
      setConflicts([]);
    },
    async drop(messages: { saved: string; refused: (m: string) => string }) {
      const slot = latest.current;
      if (!slot || slot.state !== 'dragging') return;
      setDraft({ ...slot, state: 'saving' });
      try {
        await saveSlot(slot);
        setResult({ ok: true, message: messages.saved });
        setConflicts([]);
      } catch (error) {
        setResult({ ok: false, message: messages.refused(error instanceof ApiError ? error.message : String(error)) });
      } finally {
        await queryClient.invalidateQueries({ queryKey: queryKeys.board() });
        setDraft(null);
      }
    },
  };
}
