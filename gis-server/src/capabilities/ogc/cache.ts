import type { LayerChanges } from '../../layers/changes';

interface Entry<T> {
  stamp: string;
  /** When it stops being valid, whatever the notifications say. */
  until: number;
  value: Promise<T>;
}

/**
 * What OGC answers reuse between requests: capabilities summaries, feature counts and
 * the ids where WFS pages start. An entry holds while the tables it was computed from
 * are unchanged (LayerChanges hears PostgreSQL's notifications) and for at most `maxAgeMs`,
 * which bounds what tables that do not notify (clients, audits, MPPT inputs) can leave
 * stale. Least recently used entries go beyond `maxEntries`.
 */
export class OgcCache {
  private readonly entries = new Map<string, Entry<unknown>>();

  constructor(
    readonly changes: LayerChanges,
    private readonly maxAgeMs = 60_000,
    private readonly maxEntries = 20_000,
  ) {}

  private fresh(key: string, stamp: string | null): Entry<unknown> | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (stamp === null || entry.stamp !== stamp || Date.now() > entry.until) {
      this.entries.delete(key);
      return undefined;
    }
    // Map order is the LRU order.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry;
  }

  private store<T>(key: string, stamp: string, value: Promise<T>, maxAgeMs = this.maxAgeMs): void {
    this.entries.set(key, { stamp, until: Date.now() + maxAgeMs, value });
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    // A failed computation is not remembered.
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
  }

  /**
   * The value computed from these tables, computed once while they do not change. A value
   * that only notifying tables decide may be kept with no age limit (`maxAgeMs` Infinity).
   */
  memo<T>(key: string, tables: readonly string[], compute: () => Promise<T>, maxAgeMs = this.maxAgeMs): Promise<T> {
    const stamp = this.changes.stamp(tables);
    const entry = this.fresh(key, stamp);
    if (entry) return entry.value as Promise<T>;
    const value = compute();
    if (stamp !== null) this.store(key, stamp, value, maxAgeMs);
    return value;
  }

  /** A value remembered under these tables' current state, or undefined. */
  get<T>(key: string, tables: readonly string[]): Promise<T> | undefined {
    return this.fresh(key, this.changes.stamp(tables))?.value as Promise<T> | undefined;
  }

  /** Remembers a value read when the tables had this stamp (taken before reading). */
  set<T>(key: string, stamp: string | null, value: T, maxAgeMs = this.maxAgeMs): void {
    if (stamp !== null) this.store(key, stamp, Promise.resolve(value), maxAgeMs);
  }

  /** The current stamp of these tables (null: nothing can be remembered now). */
  stamp(tables: readonly string[]): string | null {
    return this.changes.stamp(tables);
  }
}
