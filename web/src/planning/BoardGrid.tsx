import type { PointerEvent as ReactPointerEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Board, BoardMission, Intervention } from '@calepin/core';
import { addDays } from '../missions/time';
import { DAY_PX, type Frame, NAME_PX, ROW_PX, dayAt, durationOf, xOf } from './geometry';
import type { useSlotDrag } from './useSlotDrag';

type Drag = ReturnType<typeof useSlotDrag>;

interface Props {
  frame: Frame;
  board: Board;
  drag: Drag;
  /** A mission being dragged from the list onto the board (null otherwise). */
  incoming: BoardMission | null;
}

const iso = (ms: number) => new Date(ms).toISOString();
const HOUR = 3_600_000;

/** Where a new booking starts on a day: EL is night work (21:00), the rest starts at 08:00. */
function newSlot(mission: BoardMission, frame: Frame, x: number): { start: number; end: number } {
  const night = mission.auditTypes.every((a) => a === 'el');
  const start = dayAt(frame, x, night ? 21 : 8);
  const remaining = Math.max(1, (mission.estimatedHours ?? 4) - mission.bookedHours);
  return { start, end: start + Math.min(remaining, night ? 9 : 10) * HOUR };
}

export function BoardGrid({ frame, board, drag, incoming }: Props) {
  const { t } = useTranslation();
  const missions = new Map(board.missions.map((m) => [m.id, m]));
  const days = Array.from({ length: frame.days }, (_, i) => addDays(frame.start, i));
  const messages = {
    saved: t('missions.board.saved'),
    refused: (message: string) => t('missions.board.refused', { message }),
  };

  /** The row (technician) and timeline x under a page point. */
  function locate(clientX: number, clientY: number): { technicianId: string | null; x: number } {
    // Every lane starts at the same x: the one under the point tells both.
    const lane = document.elementFromPoint(clientX, clientY)?.closest('[data-technician]');
    return { technicianId: lane?.getAttribute('data-technician') ?? null, x: clientX - (lane?.getBoundingClientRect().left ?? 0) };
  }

  function startBarDrag(event: ReactPointerEvent, slot: Intervention, mode: 'move' | 'stretch') {
    event.preventDefault();
    event.stopPropagation();
    // On the window: the bar itself is replaced by its draft as soon as it moves.
    const origin = { x: event.clientX, start: Date.parse(slot.start), end: Date.parse(slot.end) };
    const onMove = (e: PointerEvent) => {
      const delta = durationOf(e.clientX - origin.x);
      const { technicianId } = locate(e.clientX, e.clientY);
      const start = mode === 'move' ? origin.start + delta : origin.start;
      const end = Math.max(start + HOUR / 2, origin.end + delta);
      drag.move({
        missionId: slot.missionId, interventionId: slot.id, technicianId: mode === 'move' ? (technicianId ?? slot.technicianId) : slot.technicianId,
        start: iso(start), end: iso(end),
      });
    };
    const onUp = () => {
      window.removeEventListener('pointermove', onMove);
      window.removeEventListener('pointerup', onUp);
      void drag.drop(messages);
    };
    window.addEventListener('pointermove', onMove);
    window.addEventListener('pointerup', onUp);
  }

  function onGridMove(event: ReactPointerEvent) {
    if (!incoming) return;
    const { technicianId, x } = locate(event.clientX, event.clientY);
    if (!technicianId || x < 0) return;
    const { start, end } = newSlot(incoming, frame, x);
    drag.move({ missionId: incoming.id, technicianId, start: iso(start), end: iso(end) });
  }

  const bar = (slot: { id: string; start: string; end: string; missionId: string }, extra: string, testId: string, onDown?: (e: ReactPointerEvent, mode: 'move' | 'stretch') => void) => {
    const left = xOf(frame, Date.parse(slot.start));
    const width = Math.max(6, xOf(frame, Date.parse(slot.end)) - left);
    const mission = missions.get(slot.missionId);
    return (
      <div key={`${testId}`} className={`bar ${extra} audit-${mission?.auditTypes[0] ?? 'x'}`} data-testid={testId}
        style={{ left, width }} title={`${mission?.reference ?? ''} ${mission?.title ?? ''} — ${mission?.plantName ?? ''}`}
        onPointerDown={onDown && ((e) => onDown(e, 'move'))}>
        <span>{mission?.reference}</span>
        {onDown && <i className="stretch" data-testid={`${testId}-stretch`} onPointerDown={(e) => onDown(e, 'stretch')} />}
      </div>
    );
  };

  const draft = drag.draft;
  const blocking = drag.conflicts.some((c) => c.blocking);
  return (
    <div className={`board${incoming ? ' dropping' : ''}`} onPointerMove={onGridMove} data-testid="board">
      <div className="board-head" style={{ gridTemplateColumns: `${NAME_PX}px ${frame.days * DAY_PX}px` }}>
        <div className="board-name">{t('missions.board.technician')}</div>
        <div className="board-days">
          {days.map((d) => (
            <div key={d.toISOString()} className={`board-day${d.getDay() === 0 || d.getDay() === 6 ? ' weekend' : ''}`} style={{ width: DAY_PX }}>
              {new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', month: 'short' }).format(d)}
            </div>
          ))}
        </div>
      </div>
      {board.technicians.map((tech) => (
        <div key={tech.id} className="board-row" style={{ gridTemplateColumns: `${NAME_PX}px ${frame.days * DAY_PX}px`, height: ROW_PX }}>
          <div className="board-name">{tech.fullName}</div>
          <div className="board-lane" data-technician={tech.id} data-testid={`lane-${tech.fullName}`} style={{ backgroundSize: `${DAY_PX}px ${ROW_PX}px` }}>
            {board.unavailability.filter((u) => u.technicianId === tech.id).map((u) =>
              <div key={u.id} className="away" style={{ left: xOf(frame, Date.parse(u.start)), width: xOf(frame, Date.parse(u.end)) - xOf(frame, Date.parse(u.start)) }}
                title={t(`missions.board.reasons.${u.reason}`)}>{t('missions.board.away')}</div>)}
            {board.interventions.filter((i) => i.technicianId === tech.id && i.id !== draft?.interventionId).map((i) =>
              bar(i, i.status === 'cancelled' ? 'cancelled' : '', `bar-${i.id}`, (e, mode) => startBarDrag(e, i, mode)))}
            {draft && draft.technicianId === tech.id &&
              bar({ id: 'draft', start: draft.start, end: draft.end, missionId: draft.missionId }, `draft${blocking ? ' conflict' : ''}${draft.state === 'saving' ? ' saving' : ''}`, 'bar-draft')}
          </div>
        </div>
      ))}
    </div>
  );
}
