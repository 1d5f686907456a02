// A mission's live space (docs/realtime.md) for the apps: one Socket.IO connection at /rt,
// the mission joined, the state kept up to date from the events (each shown once, by id),
// joined again with `since` after every reconnection, the token renewed on `unauthorized`.
import { type Socket, io } from 'socket.io-client';
import type { RtAck, RtChatMessage, RtChatRead, RtEnvelope, RtLock, RtMissionState, RtPosition, RtPresence } from '@calepin/core';
import type { LiveSession } from './client';

/** A member of the mission's team as the join state gives it. */
export type RtMember = RtMissionState['members'][number];
import { EventOrder } from './event-order';

export interface LiveMissionState {
  connected: boolean;
  presence: Map<string, RtPresence>;
  /** The mission's team with its colours (the team's order), whether connected yet or not. */
  members: Map<string, RtMember>;
  positions: Map<string, RtPosition>;
  locks: Map<string, RtLock>;
  chat: RtChatMessage[];
  reads: Map<string, RtChatRead>;
  /** Every mission event up to this one was shown: what `since` asks after a reconnection. */
  lastEventId: number;
}

export interface LiveMission {
  readonly state: LiveMissionState;
  /** Called after every change of the state. */
  subscribe(listener: (state: LiveMissionState) => void): () => void;
  /**
   * Called with each `changes` event when it is first shown: data committed to the mission
   * (a defect, a result, a zone, a message). The event says what; the rows themselves come
   * through sync, so an app that keeps them (the tablet) pulls on it.
   */
  onChanges(listener: (e: RtEnvelope<'changes'>) => void): () => void;
  takeLock(moduleId: string): Promise<RtAck<{ lock: RtLock }>>;
  renewLock(moduleId: string): Promise<RtAck<{ lock: RtLock }>>;
  releaseLock(moduleId: string): Promise<RtAck>;
  setActive(active: boolean): void;
  sendPosition(position: { lon: number; lat: number; accuracy: number; heading?: number | null }): void;
  sendChat(message: { id: string; body: string; moduleId?: string | null; photoId?: string | null }): Promise<RtAck>;
  markRead(messageId: string): Promise<RtAck>;
  close(): void;
}

const ACK_TIMEOUT_MS = 10_000;

export function joinLiveMission(session: LiveSession, missionId: string, origin = ''): LiveMission {
  const state: LiveMissionState = {
    connected: false, presence: new Map(), members: new Map(), positions: new Map(), locks: new Map(), chat: [], reads: new Map(), lastEventId: 0,
  };
  const order = new EventOrder();
  const listeners = new Set<(state: LiveMissionState) => void>();
  const changed = () => listeners.forEach((l) => l(state));
  const changeListeners = new Set<(e: RtEnvelope<'changes'>) => void>();
  const socket: Socket = io(origin || undefined, {
    path: '/rt', transports: ['websocket', 'polling'],
    auth: (send) => send({ token: session.accessToken }),
  });

  async function ask<T>(event: string, payload: unknown): Promise<RtAck<T>> {
    const answer = (await socket.timeout(ACK_TIMEOUT_MS).emitWithAck(event, payload)) as RtAck<T>;
    if (!answer.ok && answer.code === 'unauthorized') {
      await session.refresh();
      await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('auth', { token: session.accessToken });
      return (await socket.timeout(ACK_TIMEOUT_MS).emitWithAck(event, payload)) as RtAck<T>;
    }
    return answer;
  }

  function apply(e: RtEnvelope): void {
    if (!order.fresh(e.id)) return; // seen already (a replay after a reconnection)
    state.lastEventId = order.last;
    if (e.type === 'presence') {
      const p = e.data as RtPresence;
      state.presence.set(p.userId, p);
      if (p.state === 'offline') state.positions.delete(p.userId);
    } else if (e.type === 'lock') {
      const l = e.data as RtEnvelope<'lock'>['data'];
      if (l.holder && l.expiresAt) state.locks.set(l.moduleId, { moduleId: l.moduleId, holder: l.holder, expiresAt: l.expiresAt });
      else state.locks.delete(l.moduleId);
    } else if (e.type === 'changes') {
      const known = new Set(state.chat.map((m) => m.id));
      const fresh = (e.data as RtEnvelope<'changes'>['data']).messages.filter((m) => !known.has(m.id));
      state.chat = [...state.chat, ...fresh].sort((a, b) => a.sentAt.localeCompare(b.sentAt));
      for (const l of changeListeners) l(e as RtEnvelope<'changes'>);
    } else if (e.type === 'read') {
      const r = e.data as RtChatRead;
      state.reads.set(r.userId, r);
    }
  }

  // Events heard between the join and its answer (the socket is in the room before the
  // state is read): applied after the state, those above its lastEventId, instead of being
  // overwritten by it (a teammate's presence was lost so). Positions likewise, the newer kept.
  let early: RtEnvelope[] | null = null;
  let earlyPositions: RtPosition[] = [];
  socket.on('connect', () => {
    early = [];
    earlyPositions = [];
    void ask<{ state: RtMissionState }>('mission:join', { missionId, ...(state.lastEventId ? { since: state.lastEventId } : {}) }).then((answer) => {
      const heard = early ?? [];
      early = null;
      if (!answer.ok) return;
      const s = answer.state;
      state.connected = true;
      state.presence = new Map(s.presence.map((p) => [p.userId, p]));
      state.members = new Map(s.members.map((m) => [m.userId, m]));
      state.positions = new Map(s.positions.map((p) => [p.userId, p]));
      state.locks = new Map(s.locks.map((l) => [l.moduleId, l]));
      state.chat = s.chat;
      state.reads = new Map(s.reads.map((r) => [r.userId, r]));
      // The state describes the present; the missed events add only what it does not say (chat beyond its last 50).
      for (const e of s.missed) if (e.type === 'changes') apply(e);
      order.reset(s.lastEventId);
      state.lastEventId = order.last;
      for (const e of heard) apply(e);
      for (const p of earlyPositions) {
        const known = state.positions.get(p.userId);
        if (!known || known.at <= p.at) state.positions.set(p.userId, p);
      }
      earlyPositions = [];
      changed();
    }, () => { early = null; });
  });
  socket.on('disconnect', () => {
    state.connected = false;
    changed();
  });
  // A network error: Socket.IO tries again by itself. A refusal by the server (the token):
  // it does not, so the token is renewed and the connection tried again, less and less often.
  let refusals = 0;
  let retry: ReturnType<typeof setTimeout> | null = null;
  socket.on('connect_error', () => {
    if (socket.active) return;
    const delay = Math.min(30_000, 1000 * 2 ** refusals++);
    retry = setTimeout(() => {
      void session.refresh().catch(() => undefined).finally(() => socket.connect());
    }, delay);
  });
  socket.on('connect', () => { refusals = 0; });
  socket.on('event', (e: RtEnvelope) => {
    if (e.missionId !== missionId) return;
    if (early) {
      early.push(e);
      return;
    }
    apply(e);
    changed();
  });
  socket.on('position', (p: RtPosition & { missionId: string }) => {
    if (p.missionId !== missionId) return;
    if (early) earlyPositions.push(p);
    state.positions.set(p.userId, p);
    changed();
  });

  return {
    state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onChanges(listener) {
      changeListeners.add(listener);
      return () => changeListeners.delete(listener);
    },
    takeLock: (moduleId) => ask('lock:take', { missionId, moduleId }),
    renewLock: (moduleId) => ask('lock:renew', { missionId, moduleId }),
    releaseLock: (moduleId) => ask('lock:release', { missionId, moduleId }),
    setActive: (active) => void ask('presence', { missionId, state: active ? 'active' : 'idle' }).catch(() => undefined),
    sendPosition: (p) => void ask('position', { missionId, ...p }).catch(() => undefined),
    sendChat: (m) => ask('chat:send', { missionId, ...m }),
    markRead: (messageId) => ask('chat:read', { missionId, messageId }),
    close: () => {
      if (retry) clearTimeout(retry);
      socket.close();
    },
  };
}
