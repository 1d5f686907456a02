// The real-time state in this process: a deployment without Redis (one instance).
import type { RtEnvelope, RtLock, RtPosition, RtPresence } from '@calepin/core';
import { LOG_LENGTH, LOG_TTL_MS, POSITION_TTL_MS, type LockResult, type Missed, type RtStore, type StoredLock, asLock } from './store';

interface MissionState {
  seq: number;
  log: RtEnvelope[];
  lastEventAt: number;
  presence: Map<string, RtPresence>;
  sockets: Map<string, number>;
  positions: Map<string, RtPosition & { storedAt: number }>;
  locks: Map<string, StoredLock>;
}

export class MemoryStore implements RtStore {
  private readonly missions = new Map<string, MissionState>();

  private mission(id: string): MissionState {
    let m = this.missions.get(id);
    if (!m) {
      m = { seq: 0, log: [], lastEventAt: 0, presence: new Map(), sockets: new Map(), positions: new Map(), locks: new Map() };
      this.missions.set(id, m);
    }
    return m;
  }

  async record(missionId: string, event: Omit<RtEnvelope, 'id'>): Promise<RtEnvelope> {
    const m = this.mission(missionId);
    const now = Date.now();
    if (now - m.lastEventAt > LOG_TTL_MS) m.log = [];
    const envelope = { id: ++m.seq, ...event } as RtEnvelope;
    m.log.push(envelope);
    if (m.log.length > LOG_LENGTH) m.log.shift();
    m.lastEventAt = now;
    return envelope;
  }

  async since(missionId: string, since: number): Promise<Missed> {
    const m = this.mission(missionId);
    if (Date.now() - m.lastEventAt > LOG_TTL_MS) m.log = [];
    const events = m.log.filter((e) => e.id > since);
    const oldest = m.log[0]?.id ?? m.seq + 1;
    return { events, lastEventId: m.seq, complete: since >= m.seq || since >= oldest - 1 };
  }

  async sockets(missionId: string, userId: string, delta: 1 | -1): Promise<number> {
    const m = this.mission(missionId);
    const count = Math.max(0, (m.sockets.get(userId) ?? 0) + delta);
    m.sockets.set(userId, count);
    return count;
  }

  async setPresence(missionId: string, presence: RtPresence): Promise<void> {
    this.mission(missionId).presence.set(presence.userId, presence);
  }

  async presence(missionId: string): Promise<RtPresence[]> {
    return [...this.mission(missionId).presence.values()];
  }

  async setPosition(missionId: string, position: RtPosition): Promise<void> {
    this.mission(missionId).positions.set(position.userId, { ...position, storedAt: Date.now() });
  }

  async positions(missionId: string, now: number): Promise<RtPosition[]> {
    return [...this.mission(missionId).positions.values()]
      .filter((p) => now - p.storedAt < POSITION_TTL_MS)
      .map(({ storedAt: _, ...p }) => p);
  }

  async takeLock(missionId: string, moduleId: string, userId: string, now: number, ttlMs: number): Promise<LockResult> {
    const locks = this.mission(missionId).locks;
    const current = locks.get(moduleId);
    if (current && current.holder !== userId && current.expiresAt > now) {
      return { taken: false, lock: asLock(moduleId, current), renewed: false };
    }
    const renewed = Boolean(current && current.holder === userId && current.expiresAt > now);
    const lock = { holder: userId, expiresAt: now + ttlMs };
    locks.set(moduleId, lock);
    return { taken: true, lock: asLock(moduleId, lock), renewed };
  }

  async renewLock(missionId: string, moduleId: string, userId: string, now: number, ttlMs: number): Promise<RtLock | null> {
    const locks = this.mission(missionId).locks;
    const current = locks.get(moduleId);
    if (!current || current.holder !== userId || current.expiresAt <= now) return null;
    current.expiresAt = now + ttlMs;
    return asLock(moduleId, current);
  }

  async releaseLock(missionId: string, moduleId: string, userId: string): Promise<boolean> {
    const locks = this.mission(missionId).locks;
    if (locks.get(moduleId)?.holder !== userId) return false;
    return locks.delete(moduleId);
  }

  async releaseLocksOf(missionId: string, userId: string): Promise<string[]> {
    const locks = this.mission(missionId).locks;
    const mine = [...locks].filter(([, l]) => l.holder === userId).map(([moduleId]) => moduleId);
    for (const moduleId of mine) locks.delete(moduleId);
    return mine;
  }

  async expireLocks(missionId: string, now: number): Promise<RtLock[]> {
    const locks = this.mission(missionId).locks;
    const expired = [...locks].filter(([, l]) => l.expiresAt <= now);
    for (const [moduleId] of expired) locks.delete(moduleId);
    return expired.map(([moduleId, l]) => asLock(moduleId, l));
  }

  async locks(missionId: string, now: number): Promise<RtLock[]> {
    return [...this.mission(missionId).locks].filter(([, l]) => l.expiresAt > now).map(([id, l]) => asLock(id, l));
  }

  async close(): Promise<void> {
    this.missions.clear();
  }
}
