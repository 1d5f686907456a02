// The tile-server's live changes (GET /tiles/events, Server-Sent Events, docs/tiles.md):
// one EventSource per plant, shared by every part of a screen that listens to it.
import type { LiveChange } from '@calepin/core';

/** What a screen wants to hear about a plant. */
export interface LiveListener {
  change?(change: LiveChange): void;
  /** Anything may have changed: the tile-server dropped its cache, or this page missed events while reconnecting. */
  reset?(): void;
  /** The stream is up (true) or down and reconnecting (false). */
  status?(connected: boolean): void;
}

/** The session the streams are opened with (the API client's TokenStore is one). */
export interface LiveSession {
  readonly accessToken: string | null;
  readonly current: { expiresAt: number } | null;
  /** Renews the access token. */
  refresh(): Promise<unknown>;
}

export interface LiveClient {
  /** Listens to a plant's live changes; returns the function that stops listening. */
  listen(plant: string, listener: LiveListener): () => void;
}

const MAX_BACKOFF_MS = 30_000;
/** A token that expires within this is renewed before a stream is reopened with it. */
const RENEW_WITHIN_MS = 30_000;

/**
 * One plant's stream. EventSource cannot send a header, so the access token goes in
 * `?token=`; the stream ends when the token expires (`expired`) or fails (a 401 after a
 * restart, a network error), and is opened again with the current token — renewed first
 * when it is about to expire — after a growing delay. Events missed in between are
 * covered by a `reset`.
 */
class PlantStream {
  readonly listeners = new Set<LiveListener>();
  private source: EventSource | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private failures = 0;
  private opened = false;
  connected = false;

  constructor(
    private readonly url: string,
    private readonly session: LiveSession,
    private readonly plant: string,
  ) {}

  open(): void {
    const query = new URLSearchParams({ plant: this.plant });
    if (this.session.accessToken) query.set('token', this.session.accessToken);
    const source = new EventSource(`${this.url}?${query}`);
    this.source = source;
    source.addEventListener('ready', () => {
      const missed = this.opened;
      this.opened = true;
      this.failures = 0;
      this.setConnected(true);
      if (missed) this.emit((l) => l.reset?.());
    });
    source.addEventListener('change', (event) => {
      let change: LiveChange;
      try {
        change = JSON.parse((event as MessageEvent<string>).data) as LiveChange;
      } catch {
        this.emit((l) => l.reset?.());
        return;
      }
      this.emit((l) => l.change?.(change));
    });
    source.addEventListener('reset', () => this.emit((l) => l.reset?.()));
    // The token expired or was revoked (a logout on another device: the tile-server ends the
    // stream either way): come back at once with a renewed one.
    source.addEventListener('expired', () => this.reopen(0, true));
    source.onerror = () => {
      this.setConnected(false);
      this.failures += 1;
      this.reopen(Math.min(MAX_BACKOFF_MS, 1000 * 2 ** (this.failures - 1)) * (0.75 + Math.random() / 2));
    };
  }

  close(): void {
    clearTimeout(this.timer);
    this.source?.close();
    this.source = null;
  }

  private reopen(delayMs: number, renew = false): void {
    this.close();
    this.timer = setTimeout(() => {
      void (async () => {
        // A refused stream looks like any failure to EventSource: renew a token that is (nearly) expired first.
        const current = this.session.current;
        if (current && (renew || current.expiresAt - Date.now() < RENEW_WITHIN_MS)) await this.session.refresh();
        if (this.listeners.size > 0 && !this.source) this.open();
      })();
    }, delayMs);
  }

  private setConnected(connected: boolean): void {
    if (this.connected === connected) return;
    this.connected = connected;
    this.emit((l) => l.status?.(connected));
  }

  private emit(call: (listener: LiveListener) => void): void {
    for (const listener of [...this.listeners]) call(listener);
  }
}

/** The live changes of the tile-server at `url` (`/tiles/events` behind gis-server), opened with `session`'s token. */
export function createLiveClient(url: string, session: LiveSession): LiveClient {
  const streams = new Map<string, PlantStream>();
  return {
    listen(plant, listener) {
      let stream = streams.get(plant);
      if (!stream) {
        stream = new PlantStream(url, session, plant);
        streams.set(plant, stream);
        stream.open();
      }
      stream.listeners.add(listener);
      if (stream.connected) listener.status?.(true);
      const owned = stream;
      return () => {
        owned.listeners.delete(listener);
        if (owned.listeners.size === 0) {
          owned.close();
          streams.delete(plant);
        }
      };
    },
  };
}
