// The team chat on the tablet (docs/realtime.md §9): read from the device's synced
// chat_messages (offline too) with what the live link heard before the next pull, written
// as a synced row (pushed when the network returns), with a photo and a pinned module whose
// pin zooms the map to it; who has read what, while online.
import { useEffect, useMemo, useRef, useState } from 'react';
import type { RtChatMessage, RtChatRead, RtPresence } from '@calepin/core';
import type { LiveMission } from '@calepin/map-kit';
import { useI18n } from '../i18n';
import { useEditor } from '../screens/mission/editor';
import { describeError } from '../screens/errors';
import { formatTime } from '../screens/format';
import type { Fix } from '../device';
import type { ChatRow } from '../store/engine/queries';
import type { Change } from '../store/types';
import { type TakenFile, storePhoto } from './files';
import { PhotoThumb } from './PhotoThumb';

export interface LiveChat {
  mission: LiveMission | null;
  connected: boolean;
  messages: RtChatMessage[];
  reads: ReadonlyMap<string, RtChatRead>;
  presence: ReadonlyMap<string, RtPresence>;
}

interface Props {
  live: LiveChat;
  self: string | null;
  /** The module last selected on the map, offered as a pin. */
  pinnable: string | null;
  position: Fix | null;
  onPin(moduleId: string): void;
  onClose(): void;
}

/** The device's rows, and the live ones it does not have yet (the office's, until the next pull). */
function merged(rows: ChatRow[], live: RtChatMessage[]): ChatRow[] {
  const known = new Set(rows.map((r) => r.id));
  const heard = live.filter((m) => !known.has(m.id)).map((m): ChatRow => ({
    id: m.id, author_id: m.authorId, author_name: m.authorName, body: m.body, module_id: m.moduleId, module_code: m.moduleCode,
    photo_id: m.photoId, photo_sha256: null, photo_mime_type: null, sent_at: m.sentAt, waiting: false,
  }));
  return [...rows, ...heard].sort((a, b) => a.sent_at.localeCompare(b.sent_at) || a.id.localeCompare(b.id));
}

export function ChatPanel({ live, self, pinnable, position, onPin, onClose }: Props) {
  const { t, lang } = useI18n();
  const editor = useEditor();
  const [rows, setRows] = useState<ChatRow[] | null>(null);
  const [draft, setDraft] = useState('');
  const [photo, setPhoto] = useState<TakenFile | null>(null);
  const [pin, setPin] = useState(false);
  const [pinned, setPinned] = useState<{ id: string; code: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const list = useRef<HTMLOListElement>(null);

  useEffect(() => {
    let gone = false;
    void editor.store.read('chat', undefined as never).then((r) => !gone && setRows(r));
    return () => { gone = true; };
  }, [editor.store, editor.version]);

  useEffect(() => {
    if (!pinnable) return;
    let gone = false;
    void editor.store.read('module', { id: pinnable, audit: null }).then((m) => !gone && setPinned({ id: m.id, code: m.code }), () => undefined);
    return () => { gone = true; };
  }, [editor.store, pinnable]);

  const pinCode = pinned && pinned.id === pinnable ? pinned.code : null;
  const messages = useMemo(() => merged(rows ?? [], live.messages), [rows, live.messages]);
  const last = messages.findLast((m) => !m.waiting);
  // Seen: the newest message the server has is marked read while the panel is open.
  useEffect(() => {
    list.current?.lastElementChild?.scrollIntoView({ block: 'nearest' });
    if (last && live.connected && live.mission && live.reads.get(self ?? '')?.messageId !== last.id) void live.mission.markRead(last.id).catch(() => undefined);
  }, [last, live.connected, live.mission, live.reads, self]);

  const readers = (messageId: string) => [...live.reads.values()]
    .filter((r) => r.messageId === messageId && r.userId !== self)
    .map((r) => live.presence.get(r.userId)?.name ?? '?');

  const takePhoto = async () => {
    try {
      setPhoto((await storePhoto()) ?? photo);
    } catch (e) {
      setError(describeError(e, t));
    }
  };

  const send = async () => {
    const body = draft.trim();
    const moduleId = pin && pinnable ? pinnable : null;
    if (!body && !photo && !moduleId) return;
    const batch: Change[] = [];
    const photoId = photo ? crypto.randomUUID() : null;
    if (photo && photoId) {
      batch.push({
        table: 'photos', op: 'create', key: { id: photoId }, file: photo.file,
        values: {
          category: 'context', sha256: photo.sha256, original_filename: photo.file.filename, mime_type: photo.file.mimeType, size_bytes: photo.file.size,
          width: photo.width, height: photo.height, taken_at: photo.takenAt, module_id: moduleId,
          ...(position ? { geom: { type: 'Point', coordinates: [position.lon, position.lat] }, gps_source: 'device' } : {}),
        },
      });
    }
    batch.push({
      table: 'chat_messages', op: 'create', key: { id: crypto.randomUUID() },
      values: { body, module_id: moduleId, photo_id: photoId, sent_at: new Date().toISOString() },
    });
    try {
      await editor.apply(batch);
      setDraft('');
      setPhoto(null);
      setPin(false);
      setError(null);
    } catch (e) {
      setError(describeError(e, t));
    }
  };

  return (
    <section className="chat-panel" data-testid="chat">
      <header className="panel-head">
        <h2>{t('chat.title')}</h2>
        <button type="button" className="close" onClick={onClose} aria-label={t('app.close')}>×</button>
      </header>
      {!live.connected && <p className="muted small" role="status">{t('chat.offline')}</p>}
      {rows && messages.length === 0 && <p className="muted">{t('chat.none')}</p>}
      <ol className="chat-list" ref={list}>
        {messages.map((m) => (
          <li key={m.id} data-testid="chat-message" className={m.author_id === self ? 'mine' : ''} data-waiting={m.waiting}>
            <div className="chat-head">
              <span className="swatch" style={{ background: live.presence.get(m.author_id)?.colour ?? '#94a3b8' }} />
              <strong>{m.author_name ?? live.presence.get(m.author_id)?.name ?? t('chat.office')}</strong>
              <span className="muted"> {formatTime(m.sent_at, lang)}</span>
              {m.waiting && <span className="muted" data-testid="chat-waiting"> · {t('chat.waiting')}</span>}
            </div>
            {m.body && <p>{m.body}</p>}
            {m.module_id && (
              <button type="button" className="link chat-pin" data-testid="chat-pin" onClick={() => onPin(m.module_id as string)}>
                {t('chat.pinned', { code: m.module_code ?? '?' })}
              </button>
            )}
            {m.photo_id && <PhotoThumb sha256={m.photo_sha256} mimeType={m.photo_mime_type ?? 'image/jpeg'} photoId={m.photo_id} label={t('chat.photo')} />}
            {readers(m.id).length > 0 && <p className="muted small" data-testid="chat-read">{t('chat.readBy', { names: readers(m.id).join(', ') })}</p>}
          </li>
        ))}
      </ol>
      <form className="chat-form" onSubmit={(e) => { e.preventDefault(); void send(); }}>
        <input value={draft} onChange={(e) => setDraft(e.target.value)} placeholder={t('chat.placeholder')} aria-label={t('chat.placeholder')}
          maxLength={4000} data-testid="chat-input" />
        <div className="chat-tools">
          <button type="button" onClick={() => void takePhoto()} data-testid="chat-photo" aria-pressed={Boolean(photo)}>
            {photo ? t('chat.photoTaken') : t('chat.photo')}
          </button>
          {pinCode && (
            <label className="check">
              <input type="checkbox" checked={pin} onChange={(e) => setPin(e.target.checked)} data-testid="chat-pin-module" />
              {t('chat.pin', { code: pinCode })}
            </label>
          )}
          <button type="submit" className="primary" data-testid="chat-send" disabled={!draft.trim() && !photo && !(pin && pinnable)}>{t('chat.send')}</button>
        </div>
      </form>
      {error && <p className="error" role="alert">{error}</p>}
    </section>
  );
}
