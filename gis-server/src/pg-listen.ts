import pg from 'pg';
import type { Logger } from 'pino';

export interface Listening {
  stop(): Promise<void>;
}

/**
 * LISTENs on a channel over a connection of its own, and comes back a second after the
 * connection is lost. `heard` gets each notification's payload; `lost` is called when the
 * connection goes and `reconnected` once listening again, since whatever was notified
 * meanwhile was not heard; `listening` each time it listens, the first time included.
 */
export function listen(
  databaseUrl: string,
  channel: string,
  log: Logger,
  handlers: { heard(payload: string): void; lost?(): void; reconnected?(): void; listening?(): void },
): Listening {
  let client: pg.Client | null = null;
  let retry: NodeJS.Timeout | null = null;
  let stopped = false;
  let lostOnce = false;

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
    });
    next.on('error', lost);
    next.on('end', () => lost(new Error('connection ended')));
    try {
      await next.connect();
      await next.query(`listen ${pg.escapeIdentifier(channel)}`);
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
      retry = null;
      const current = client;
      client = null;
      await current?.end().catch(() => undefined);
    },
  };
}
