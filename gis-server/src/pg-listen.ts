import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Logger } from 'pino';

export interface Listening {
  stop(): Promise<void>;
}

export interface ListenHandlers {
  heard(payload: string): void;
  lost?(): void;
  reconnected?(): void;
  listening?(): void;
  /**
   * With `heartbeatMs`: a heartbeat sent at `sentAt` (epoch ms) came back, so every
   * notification committed before `sentAt` has been handed to `heard` already
   * (PostgreSQL delivers notifications in commit order, over all channels).
   */
  alive?(sentAt: number): void;
}

/**
 * LISTENs on a channel over a connection of its own, and comes back a second after the
 * connection is lost. `heard` gets each notification's payload; `lost` is called when the
 * connection goes and `reconnected` once listening again, since whatever was notified
 * meanwhile was not heard; `listening` each time it listens, the first time included.
 * With `heartbeatMs`, the connection NOTIFYs itself that often on a channel of its own
 * and reports each heartbeat that comes back (`alive`): a connection that died without
 * a word (a half-open socket) shows as heartbeats that stop coming back.
 */
export function listen(
  databaseUrl: string,
  channel: string,
  log: Logger,
  handlers: ListenHandlers,
  options: { heartbeatMs?: number } = {},
): Listening {
  let client: pg.Client | null = null;
  let retry: NodeJS.Timeout | null = null;
  let stopped = false;
  let lostOnce = false;
  // Only this connection listens here: other processes are not woken by our heartbeats.
  const heartbeatChannel = `calepin_alive_${randomBytes(8).toString('hex')}`;
  // One heartbeat at a time; one unanswered for `silenceMs` means the connection is gone.
  let beating: { sentAt: number; on: pg.Client } | null = null;
  let drop: ((error: Error) => void) | null = null;
  const silenceMs = Math.max(15 * (options.heartbeatMs ?? 0), 5000);
  const heartbeat = options.heartbeatMs
    ? setInterval(() => {
        const current = client;
        if (!current) return;
        if (beating?.on === current) {
          if (Date.now() - beating.sentAt > silenceMs) drop?.(new Error(`no heartbeat back for ${silenceMs} ms`));
          return;
        }
        const sent = { sentAt: Date.now(), on: current };
        beating = sent;
        current.query('select pg_notify($1, $2)', [heartbeatChannel, String(sent.sentAt)]).then(
          () => {
            if (beating === sent) beating = null;
          },
          () => undefined,
        );
      }, options.heartbeatMs)
    : null;
  heartbeat?.unref();

  const restart = (error: unknown) => {
    if (stopped || retry) return;
    lostOnce = true;
    handlers.lost?.();
    log.warn({ err: error, channel }, 'database listener lost its connection; reconnecting');
    retry = setTimeout(() => {
      retry = null;
      connect().catch(restart);
    }, 1000);
    retry.unref();
  };

  async function connect(): Promise<void> {
    if (stopped) return;
    const next = new pg.Client({ connectionString: databaseUrl, application_name: `calepin-listen-${channel}` });
    const lost = (error: unknown) => {
      if (client !== next) return;
      client = null;
      next.end().catch(() => undefined);
      restart(error);
    };
    next.on('notification', (message) => {
      if (message.channel === channel) handlers.heard(message.payload ?? '');
      else if (message.channel === heartbeatChannel && client === next) handlers.alive?.(Number(message.payload));
    });
    drop = lost;
    next.on('error', lost);
    next.on('end', () => lost(new Error('connection ended')));
    try {
      await next.connect();
      await next.query(`listen ${pg.escapeIdentifier(channel)}`);
      if (heartbeat) await next.query(`listen ${heartbeatChannel}`);
    } catch (error) {
      await next.end().catch(() => undefined);
      throw error;
    }
    if (stopped) {
      await next.end().catch(() => undefined);
      return;
    }
    client = next;
    handlers.listening?.();
    if (lostOnce) handlers.reconnected?.();
  }

  connect().catch(restart);
  return {
    async stop() {
      stopped = true;
      if (retry) clearTimeout(retry);
      if (heartbeat) clearInterval(heartbeat);
      retry = null;
      const current = client;
      client = null;
      await current?.end().catch(() => undefined);
    },
  };
}
