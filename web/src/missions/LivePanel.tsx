// Who is on the mission now and the team chat (docs/realtime.md): the office follows the
// night from here. A message pinned to a module names it and links to the plant map, which
// opens zoomed on that module. The mission page opens the live connection (one per page,
// shared with the progress dashboard) and hands it here.
import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { LiveMission, LiveMissionState } from '@calepin/map-kit';
import { useAuth } from '../auth/session';
import { formatDateTime } from '../format';
import { useBlobUrl } from '../api/useBlobUrl';
import type { LiveView } from './ProgressPanel';

export function LivePanel({ live, plantId }: { live: LiveView; plantId: string }) {
  const { t } = useTranslation();
  const { mission, state } = live;
  if (!mission || !state) return null;
  const people = [...state.presence.values()].sort((a, b) => a.name.localeCompare(b.name));
  const locksOf = (userId: string) => [...state.locks.values()].filter((l) => l.holder === userId).length;
  return (
    <section className="card live-panel" data-testid="live-panel">
      <h2>{t('live.title')} <span className={`live-dot ${state.connected ? 'on' : ''}`} aria-hidden /></h2>
      {!state.connected && <p className="muted" role="status">{state.lastEventId ? t('live.offlineNote') : t('live.connecting')}</p>}
      {people.length === 0 ? <p className="muted">{t('live.nobody')}</p> : (
        <ul className="plain presence" data-testid="presence">
          {people.map((p) => (
            <li key={p.userId} data-testid={`presence-${p.userId}`} data-state={p.state}>
              <span className="swatch" style={{ background: p.colour, opacity: p.state === 'offline' ? 0.35 : 1 }} />
              <strong>{p.name}</strong> <span className={`muted state-${p.state}`}>{t(`live.states.${p.state}`)}</span>
              {locksOf(p.userId) > 0 && <span className="muted"> · {t('live.annotating', { n: locksOf(p.userId) })}</span>}
            </li>
          ))}
        </ul>
      )}
      <Chat mission={mission} state={state} plantId={plantId} />
    </section>
  );
}

function Chat({ mission, state, plantId }: { mission: LiveMission; state: LiveMissionState; plantId: string }) {
  const { t } = useTranslation();
  const { user } = useAuth();
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string | null>(null);
  const list = useRef<HTMLOListElement>(null);
  const last = state.chat.at(-1);
  const visible = useSyncExternalStore(
    (notify) => { document.addEventListener('visibilitychange', notify); return () => document.removeEventListener('visibilitychange', notify); },
    () => document.visibilityState === 'visible',
  );
  // Seen: the newest message is marked read while the page is in view.
  useEffect(() => {
    list.current?.lastElementChild?.scrollIntoView({ block: 'nearest' });
    if (last && visible && state.connected && state.reads.get(user?.id ?? '')?.messageId !== last.id) void mission.markRead(last.id);
  }, [last, visible, state.connected, mission, state.reads, user?.id]);
  const send = async () => {
    const body = draft.trim();
    if (!body) return;
    const answer = await mission.sendChat({ id: crypto.randomUUID(), body });
    if (answer.ok) { setDraft(''); setError(null); } else setError(t('live.refused', { message: answer.message }));
  };
  const readers = (messageId: string) => [...state.reads.values()]
    .filter((r) => r.messageId === messageId && r.userId !== user?.id)
    .map((r) => state.presence.get(r.userId)?.name ?? '?');
  return (
    <div className="chat" data-testid="chat">
      <h3>{t('live.chat')}</h3>
      {state.chat.length === 0 && <p className="muted">{t('live.noMessage')}</p>}
      <ol className="plain chat-list" ref={list}>
        {state.chat.map((m) => (
          <li key={m.id} data-testid="chat-message" className={m.authorId === user?.id ? 'mine' : ''}>
            <div className="chat-head">
              <span className="swatch" style={{ background: state.presence.get(m.authorId)?.colour ?? '#94a3b8' }} />
              <strong>{m.authorName}</strong> <span className="muted">{formatDateTime(m.sentAt)}</span>
            </div>
            {m.body && <p>{m.body}</p>}
            {m.moduleId && <Link to={`/plants/${plantId}/map?module=${m.moduleId}`} className="chat-pin" data-testid="chat-pin">{t('live.pin', { code: m.moduleCode ?? '?' })}</Link>}
            {m.photoId && <ChatPhoto id={m.photoId} />}
            {readers(m.id).length > 0 && <p className="muted small" data-testid="chat-read">{t('live.readBy', { names: readers(m.id).join(', ') })}</p>}
          </li>
        ))}
      </ol>
      <form className="chat-form" onSubmit={(e) => { e.preventDefault(); void send(); }}>
        <input value={draft} onChange={(e) => setDraft(e.target.value)} placeholder={t('live.placeholder')} maxLength={4000} aria-label={t('live.placeholder')} />
        <button type="submit" className="primary" disabled={!state.connected || !draft.trim()}>{t('live.send')}</button>
      </form>
      {error && <p className="error" role="alert">{error}</p>}
    </div>
  );
}

/** A message's photo, fetched with the token (its web size); a click opens it whole in a new tab. */
function ChatPhoto({ id }: { id: string }) {
  const { t } = useTranslation();
  // A message is pushed before its photo's file is uploaded: asked again every 3 s until it is there.
  const [attempt, setAttempt] = useState(0);
  const { src, failed } = useBlobUrl(`/api/v1/photos/${id}/file?size=web#${attempt}`);
  useEffect(() => {
    if (!failed || attempt >= 100) return;
    const timer = setTimeout(() => setAttempt((a) => a + 1), 3000);
    return () => clearTimeout(timer);
  }, [failed, attempt]);
  if (failed) return <p className="muted small" data-testid="chat-photo-pending">{t('live.photoPending')}</p>;
  if (!src) return <p className="muted small">{t('live.photo')}…</p>;
  return (
    <a href={src} target="_blank" rel="noreferrer" className="chat-photo" title={t('live.photo')}>
      <img src={src} alt={t('live.photo')} data-testid="chat-photo-img" />
    </a>
  );
}
