import { type PointerEvent as ReactPointerEvent, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { AUDIT_TYPES, type BoardMission } from '@calepin/core';
import { useClients } from '../api/queries';
import { ErrorMessage, Loading } from '../components/ui';
import { formatNumber } from '../format';
import { useBoard } from '../missions/api';
import { addDays, isoDay, mondayOf } from '../missions/time';
import { BoardGrid } from './BoardGrid';
import { AbsenceForm, FeedsPanel } from './PlanningSide';
import { useSlotDrag } from './useSlotDrag';
import './planning.css';

const WEEKS = 1;

export function PlanningPage() {
  const { t } = useTranslation();
  const [search, setSearch] = useSearchParams();
  const start = mondayOf(search.get('from') ? new Date(`${search.get('from')}T12:00:00`) : new Date());
  const frame = { start, days: WEEKS * 7 };
  const [auditType, setAuditType] = useState('');
  const [clientId, setClientId] = useState('');
  const [region, setRegion] = useState('');
  const clients = useClients({ limit: 500 });
  const board = useBoard({
    from: isoDay(start), to: isoDay(addDays(start, frame.days - 1)),
    auditType: auditType || undefined, clientId: clientId || undefined, region: /^[0-9AB]{2,3}$/i.test(region) ? region : undefined,
  });
  const drag = useSlotDrag();
  const [incoming, setIncoming] = useState<BoardMission | null>(null);
  const go = (days: number) => setSearch({ from: isoDay(addDays(start, days)) });

  const toBook = (board.data?.missions ?? []).filter((m) =>
    (m.status === 'draft' || m.status === 'planned') && (m.estimatedHours === null ? m.bookedHours === 0 : m.bookedHours < m.estimatedHours));

  function pick(event: ReactPointerEvent, mission: BoardMission) {
    event.preventDefault();
    // Pointer events go on to the board under the pointer (no capture): it shows and drops the slot.
    setIncoming(mission);
    // Dropped wherever the pointer is released: on a lane the draft is saved; elsewhere
    // there is no draft and nothing happens.
    const end = () => {
      window.removeEventListener('pointerup', end);
      setIncoming(null);
      void drag.drop({ saved: t('missions.board.saved'), refused: (message) => t('missions.board.refused', { message }) });
    };
    window.addEventListener('pointerup', end);
  }

  return (
    <div className="page planning" data-testid="planning">
      <div className="page-head">
        <h1>{t('missions.board.title')}</h1>
        <Link className="button" to="/planning/week">{t('missions.nav.week')}</Link>
      </div>
      <div className="toolbar">
        <button type="button" onClick={() => go(-7 * WEEKS)} aria-label={t('missions.board.previous')}>←</button>
        <button type="button" onClick={() => setSearch({})}>{t('missions.board.today')}</button>
        <button type="button" onClick={() => go(7 * WEEKS)} aria-label={t('missions.board.next')}>→</button>
        <select value={auditType} onChange={(e) => setAuditType(e.target.value)} aria-label={t('missions.fields.auditTypes')}>
          <option value="">{t('missions.allAuditTypes')}</option>
          {AUDIT_TYPES.map((a) => <option key={a} value={a}>{t(`auditTypes.${a}`)}</option>)}
        </select>
        <select value={clientId} onChange={(e) => setClientId(e.target.value)} aria-label={t('nav.clients')}>
          <option value="">{t('missions.board.allClients')}</option>
          {clients.data?.items.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
        </select>
        <input className="region" value={region} onChange={(e) => setRegion(e.target.value)} placeholder={t('missions.board.region')} aria-label={t('missions.board.region')} />
      </div>
      <section className="to-book" data-testid="to-book">
        <h2>{t('missions.board.toBook')}</h2>
        <p className="muted">{t('missions.board.toBookHint')} {t('missions.board.dragHint')}</p>
        <div className="chips">
          {toBook.map((m) => (
            <div key={m.id} className={`chip audit-${m.auditTypes[0]}`} data-testid={`to-book-${m.reference}`} onPointerDown={(e) => pick(e, m)}>
              <strong>{m.reference}</strong> {m.title}
              <div className="muted">{m.plantName} · {t('missions.board.booked', { booked: formatNumber(m.bookedHours, 1), needed: m.estimatedHours === null ? '—' : formatNumber(m.estimatedHours, 1) })}</div>
            </div>
          ))}
        </div>
      </section>
      <div className="board-status" aria-live="polite" data-testid="board-status">
        {drag.checking && <span className="muted">{t('missions.board.checking')}</span>}
        {drag.conflicts.length > 0 && (
          <ul className="conflicts" data-testid="conflicts">
            {drag.conflicts.map((c, i) => <li key={i} className={c.blocking ? 'blocking' : 'warning'}>{c.message}</li>)}
          </ul>
        )}
        {drag.result && <p className={drag.result.ok ? 'notice' : 'error'} role="status" data-testid="drop-result">{drag.result.message}</p>}
      </div>
      <ErrorMessage error={board.error} />
      {board.isPending ? <Loading /> : board.data && (
        <BoardGrid frame={frame} board={board.data} drag={drag} incoming={incoming} />
      )}
      <div className="grid-2">
        <AbsenceForm technicians={board.data?.technicians ?? []} />
        <FeedsPanel technicians={board.data?.technicians ?? []} />
      </div>
    </div>
  );
}
