import type { ServerResponse } from 'node:http';
import type { LiveChange } from '@calepin/core';
import type { Logger } from 'pino';
import type { LayoutChange } from '../changes';
import type { PlantsIndex } from '../plants-index';
import type { Scope } from '../scope';
import { sourcesOf } from './sources-of';

export interface Subscriber {
  scope: Scope;
  /** Only this plant's changes, or null for every plant the caller may see. */
  plant: string | null;
  res: ServerResponse;
}

export interface HubOptions {
  maxSubscribers: number;
  heartbeatMs: number;
  /** A subscriber whose unsent bytes pass this is too slow: it is dropped (its browser reconnects). */
  maxBufferedBytes?: number;
}

/**
 * The subscribers of `GET /events` in this process, and what each may hear: staff every
 * plant, a client user its company's plants, anonymous callers only a publicly shared
 * plant (the rule of tile_visible_plants, applied from the plants index).
 */
export class LiveHub {
  private readonly subscribers = new Set<Subscriber>();
  private readonly heartbeat: NodeJS.Timeout;
  private readonly maxBuffered: number;
  sent = 0;

  constructor(
    private readonly plants: PlantsIndex,
    private readonly options: HubOptions,
    private readonly log: Logger,
  ) {
    this.maxBuffered = options.maxBufferedBytes ?? 1 << 20;
    // A comment line every few seconds keeps proxies (and gis-server's /tiles forward) from closing an idle stream.
    this.heartbeat = setInterval(() => this.broadcast(': heartbeat\n\n'), options.heartbeatMs);
    this.heartbeat.unref();
  }

  get size(): number {
    return this.subscribers.size;
  }

  get full(): boolean {
    return this.subscribers.size >= this.options.maxSubscribers;
  }

  /** May this scope hear about this plant? */
  visible(scope: Scope, plant: string): boolean {
    if (!this.plants.has(plant)) return false;
    if (scope.kind === 'staff') return true;
    if (scope.kind === 'client') return this.plants.clientOf(plant) === scope.clientId;
    if (scope.kind === 'share') return plant === scope.plantId;
    return this.plants.isPublic(plant);
  }

  add(subscriber: Subscriber): () => void {
    this.subscribers.add(subscriber);
    let removed = false;
    const remove = () => {
      if (removed) return;
      removed = true;
      this.subscribers.delete(subscriber);
    };
    subscriber.res.once('close', remove);
    return remove;
  }

  /** A change applied to the cache: told to every subscriber who may see its plant. */
  applied(change: LayoutChange): void {
    const point = this.plants.pointOf(change.plant_id);
    const event: LiveChange = {
      plant: change.plant_id,
      table: change.table,
      op: change.op,
      rows: change.rows,
      sources: sourcesOf(change.table),
      bbox: change.bbox,
      point: point ? [point[0], point[1]] : null,
    };
    const frame = `event: change\ndata: ${JSON.stringify(event)}\n\n`;
    for (const subscriber of this.subscribers) {
      if (subscriber.plant && subscriber.plant !== change.plant_id) continue;
      if (!this.visible(subscriber.scope, change.plant_id)) continue;
      this.write(subscriber, frame);
    }
  }

  /** Every tile was dropped (the listener lost its connection): every map refetches everything. */
  reset(): void {
    this.broadcast('event: reset\ndata: {}\n\n');
  }

  close(): void {
    clearInterval(this.heartbeat);
    for (const subscriber of this.subscribers) subscriber.res.end();
    this.subscribers.clear();
  }

  private broadcast(frame: string): void {
    for (const subscriber of this.subscribers) this.write(subscriber, frame);
  }

  private write(subscriber: Subscriber, frame: string): void {
    const { res } = subscriber;
    // Ended (token expiry) or gone, and not yet removed: its 'close' is on its way.
    if (res.writableEnded || res.destroyed) return;
    if (res.writableLength > this.maxBuffered) {
      this.log.warn({ buffered: res.writableLength }, 'live events subscriber too slow: dropped');
      res.destroy();
      return;
    }
    res.write(frame);
    this.sent++;
  }
}
