import pg from 'pg';
import type { Logger } from 'pino';
import type { TileCache } from './cache';
import type { PlantsIndex } from './plants-index';

/** The payload of a NOTIFY on layout_changes (sql/migrations/009_change_notify.sql). */
export interface LayoutChange {
  table: string;
  op: string;
  plant_id: string;
  bbox: [number, number, number, number] | null;
  rows: number;
}

/** What the live events channel hears from the listener. */
export interface ChangeListenerEvents {
  applied(change: LayoutChange): void;
  /** The whole cache was dropped (lost connection, unreadable change): anything may have changed. */
  reset(): void;
}

/**
 * Applies one change to the cache: the tiles around the changed rows go, and the tiles
 * that summarise the plant (its low-zoom point and counts).
 */
export async function applyChange(change: LayoutChange, cache: TileCache, plants: PlantsIndex): Promise<number> {
  let evicted = 0;
  const before = plants.pointOf(change.plant_id);
  if (change.table === 'plants') await plants.reload();
  if (change.bbox) evicted += cache.evictArea(change.bbox);
  for (const point of new Set([before, plants.pointOf(change.plant_id)])) {
    if (point) evicted += cache.evictArea(point, true);
  }
  return evicted;
}

/**
 * Listens to PostgreSQL for layout changes, on its own connection. Every instance
 * listens, so several tile-servers behind a load balancer all evict what changed. After
 * a lost connection, notifications may have been missed: the whole cache goes.
 */
export class ChangeListener {
  private client: pg.Client | null = null;
  private stopped = false;
  private retry: NodeJS.Timeout | null = null;
  /** Called after each change is applied (tests and benchmarks wait on it). */
  onApplied: ((change: LayoutChange, evicted: number) => void) | null = null;
  private readonly listeners = new Set<ChangeListenerEvents>();
  /** Other channels heard on the same connection (token revocations). */
  private readonly channels = new Map<string, (payload: string) => void>();

  constructor(
    private readonly databaseUrl: string,
    private readonly cache: TileCache,
    private readonly plants: PlantsIndex,
    private readonly log: Logger,
  ) {}

  /** Hears another channel on the same connection; call before start(). Its `reset` is the listeners' one. */
  listen(channel: string, handler: (payload: string) => void): void {
    if (!/^[a-z_]+$/.test(channel)) throw new Error(`not a channel name: ${channel}`);
    this.channels.set(channel, handler);
  }

  /** Called after each change has been applied to the cache, and when every tile was dropped (`reset`). */
  subscribe(listener: ChangeListenerEvents): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private applied(change: LayoutChange): void {
    for (const listener of this.listeners) listener.applied(change);
  }

  private cleared(): void {
    this.cache.clear();
    for (const listener of this.listeners) listener.reset();
  }

  async start(): Promise<void> {
    const client = new pg.Client({ connectionString: this.databaseUrl, application_name: 'calepin-tile-listener' });
    client.on('notification', (message) => {
      const other = this.channels.get(message.channel);
      if (other) return other(message.payload ?? '');
      if (message.channel !== 'layout_changes' || !message.payload) return;
      this.handle(message.payload);
    });
    client.on('error', (error) => this.reconnect(error));
    client.on('end', () => this.reconnect(new Error('connection ended')));
    await client.connect();
    await client.query('listen layout_changes');
    for (const channel of this.channels.keys()) await client.query(`listen ${channel}`);
    this.client = client;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private handle(payload: string): void {
    let change: LayoutChange;
    try {
      change = JSON.parse(payload) as LayoutChange;
    } catch {
      this.log.warn({ payload }, 'unreadable layout change: clearing the tile cache');
      this.cleared();
      return;
    }
    applyChange(change, this.cache, this.plants).then(
      (evicted) => {
        this.log.debug({ change, evicted }, 'tiles evicted');
        this.onApplied?.(change, evicted);
        this.applied(change);
      },
      (error: unknown) => {
        this.log.error({ err: error }, 'could not apply a layout change: clearing the tile cache');
        this.cleared();
      },
    );
  }

  private reconnect(error: Error): void {
    if (this.stopped || !this.client) return;
    this.log.warn({ err: error }, 'lost the layout_changes listener: clearing the tile cache and reconnecting');
    const old = this.client;
    this.client = null;
    old.removeAllListeners();
    old.end().catch(() => undefined);
    this.cache.clear();
    const attempt = () => {
      this.retry = null;
      if (this.stopped) return;
      this.start().then(
        () => {
          // Changes made while disconnected were never heard: every tile goes, every open map refetches.
          this.cleared();
          void this.plants.reload().catch(() => undefined);
        },
        () => {
          this.retry = setTimeout(attempt, 1000);
        },
      );
    };
    this.retry = setTimeout(attempt, 200);
  }
}
