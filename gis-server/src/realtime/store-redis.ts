// The real-time state in Redis, shared by every gis-server instance (docs/realtime.md §7).
// What must not race between instances (an event's id and its place in the log, taking a
// lock, expiring one) is one Lua script each: Redis runs a script alone.
import type { Redis } from 'ioredis';
import type { RtEnvelope, RtLock, RtPosition, RtPresence } from '@calepin/core';
import { LOG_LENGTH, LOG_TTL_MS, POSITION_TTL_MS, STATE_TTL_MS, type LockResult, type Missed, type RtStore, type StoredLock, asLock } from './store';

// KEYS: seq, log. ARGV: the envelope's JSON without its opening brace, log length, log ttl, seq ttl.
const RECORD = `
local id = redis.call('INCR', KEYS[1])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
local json = '{"id":' .. id .. ',' .. ARGV[1]
redis.call('RPUSH', KEYS[2], json)
redis.call('LTRIM', KEYS[2], -tonumber(ARGV[2]), -1)
redis.call('PEXPIRE', KEYS[2], ARGV[3])
return json`;

// KEYS: locks. ARGV: module, user, now, ttl, state ttl. Returns {taken, lock json, renewed}.
const TAKE = `
local now = tonumber(ARGV[3])
local current = redis.call('HGET', KEYS[1], ARGV[1])
local renewed = 0
if current then
  local l = cjson.decode(current)
  if l.holder ~= ARGV[2] and l.expiresAt > now then return {0, current, 0} end
  if l.holder == ARGV[2] and l.expiresAt > now then renewed = 1 end
end
local lock = '{"holder":"' .. ARGV[2] .. '","expiresAt":' .. (now + tonumber(ARGV[4])) .. '}'
redis.call('HSET', KEYS[1], ARGV[1], lock)
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return {1, lock, renewed}`;

// KEYS: locks. ARGV: module, user, now, ttl. Returns the renewed lock's json, or false.
const RENEW = `
local current = redis.call('HGET', KEYS[1], ARGV[1])
if not current then return false end
local l = cjson.decode(current)
if l.holder ~= ARGV[2] or l.expiresAt <= tonumber(ARGV[3]) then return false end
local lock = '{"holder":"' .. ARGV[2] .. '","expiresAt":' .. (tonumber(ARGV[3]) + tonumber(ARGV[4])) .. '}'
redis.call('HSET', KEYS[1], ARGV[1], lock)
return lock`;

// KEYS: locks. ARGV: user, or '' for every holder; now, or '' for every time. Removes and returns {module, json, …}.
const REMOVE = `
local all = redis.call('HGETALL', KEYS[1])
local removed = {}
for i = 1, #all, 2 do
  local l = cjson.decode(all[i + 1])
  local mine = ARGV[1] == '' or l.holder == ARGV[1]
  local over = ARGV[2] == '' or l.expiresAt <= tonumber(ARGV[2])
  if mine and over then
    redis.call('HDEL', KEYS[1], all[i])
    table.insert(removed, all[i])
    table.insert(removed, all[i + 1])
  end
end
return removed`;

// KEYS: locks. ARGV: module, user.
const RELEASE = `
local current = redis.call('HGET', KEYS[1], ARGV[1])
if not current then return 0 end
if cjson.decode(current).holder ~= ARGV[2] then return 0 end
return redis.call('HDEL', KEYS[1], ARGV[1])`;

export class RedisStore implements RtStore {
  constructor(private readonly redis: Redis, private readonly prefix: string) {}

  private key(missionId: string, what: string): string {
    return `${this.prefix}m:${missionId}:${what}`;
  }

  async record(missionId: string, event: Omit<RtEnvelope, 'id'>): Promise<RtEnvelope> {
    const rest = JSON.stringify(event).slice(1);
    const json = (await this.redis.eval(
      RECORD, 2, this.key(missionId, 'seq'), this.key(missionId, 'log'), rest, LOG_LENGTH, LOG_TTL_MS, STATE_TTL_MS,
    )) as string;
    return JSON.parse(json) as RtEnvelope;
  }

  async since(missionId: string, since: number): Promise<Missed> {
    const [seq, log] = await Promise.all([
      this.redis.get(this.key(missionId, 'seq')),
      this.redis.lrange(this.key(missionId, 'log'), 0, -1),
    ]);
    const all = log.map((json) => JSON.parse(json) as RtEnvelope);
    const lastEventId = Number(seq ?? 0);
    const oldest = all[0]?.id ?? lastEventId + 1;
    return {
      events: all.filter((e) => e.id > since),
      lastEventId,
      complete: since >= lastEventId || since >= oldest - 1,
    };
  }

  async sockets(missionId: string, userId: string, delta: 1 | -1): Promise<number> {
    const key = this.key(missionId, 'sockets');
    const [[, count]] = (await this.redis.multi().hincrby(key, userId, delta).pexpire(key, STATE_TTL_MS).exec()) as [[null, number]];
    if (count < 0) {
      await this.redis.hset(key, userId, 0);
      return 0;
    }
    return count;
  }

  async setPresence(missionId: string, presence: RtPresence): Promise<void> {
    const key = this.key(missionId, 'presence');
    await this.redis.multi().hset(key, presence.userId, JSON.stringify(presence)).pexpire(key, STATE_TTL_MS).exec();
  }

  async presence(missionId: string): Promise<RtPresence[]> {
    const all = await this.redis.hvals(this.key(missionId, 'presence'));
    return all.map((json) => JSON.parse(json) as RtPresence);
  }

  async setPosition(missionId: string, position: RtPosition): Promise<void> {
    const key = this.key(missionId, 'positions');
    await this.redis.multi().hset(key, position.userId, JSON.stringify(position)).pexpire(key, POSITION_TTL_MS).exec();
  }

  async positions(missionId: string, now: number): Promise<RtPosition[]> {
    const all = await this.redis.hvals(this.key(missionId, 'positions'));
    return all.map((json) => JSON.parse(json) as RtPosition).filter((p) => now - Date.parse(p.at) < POSITION_TTL_MS);
  }

  async takeLock(missionId: string, moduleId: string, userId: string, now: number, ttlMs: number): Promise<LockResult> {
    const [taken, json, renewed] = (await this.redis.eval(
      TAKE, 1, this.key(missionId, 'locks'), moduleId, userId, now, ttlMs, STATE_TTL_MS,
    )) as [number, string, number];
    return { taken: taken === 1, lock: asLock(moduleId, JSON.parse(json) as StoredLock), renewed: renewed === 1 };
  }

  async renewLock(missionId: string, moduleId: string, userId: string, now: number, ttlMs: number): Promise<RtLock | null> {
    const json = (await this.redis.eval(RENEW, 1, this.key(missionId, 'locks'), moduleId, userId, now, ttlMs)) as string | null;
    return json ? asLock(moduleId, JSON.parse(json) as StoredLock) : null;
  }

  async releaseLock(missionId: string, moduleId: string, userId: string): Promise<boolean> {
    return (await this.redis.eval(RELEASE, 1, this.key(missionId, 'locks'), moduleId, userId)) === 1;
  }

  async releaseLocksOf(missionId: string, userId: string): Promise<string[]> {
    return (await this.remove(missionId, userId, '')).map((l) => l.moduleId);
  }

  async expireLocks(missionId: string, now: number): Promise<RtLock[]> {
    return this.remove(missionId, '', String(now));
  }

  async locks(missionId: string, now: number): Promise<RtLock[]> {
    const all = await this.redis.hgetall(this.key(missionId, 'locks'));
    return Object.entries(all)
      .map(([moduleId, json]) => ({ moduleId, l: JSON.parse(json) as StoredLock }))
      .filter(({ l }) => l.expiresAt > now)
      .map(({ moduleId, l }) => asLock(moduleId, l));
  }

  private async remove(missionId: string, userId: string, now: string): Promise<RtLock[]> {
    const flat = (await this.redis.eval(REMOVE, 1, this.key(missionId, 'locks'), userId, now)) as string[];
    const removed: RtLock[] = [];
    for (let i = 0; i < flat.length; i += 2) removed.push(asLock(flat[i] as string, JSON.parse(flat[i + 1] as string) as StoredLock));
    return removed;
  }

  async close(): Promise<void> {
    // The connection belongs to the realtime server, which closes it.
  }
}
