import pg from 'pg';
import type { Logger } from 'pino';
import { REVOCATION_CHANNEL, type TokenChecker } from '@calepin/core/tokens';

/**
 * Hears the revocations made anywhere (another gis-server instance, a script, the
 * account triggers of sql/migrations/035) and drops what the checker remembers of that
 * user at once. After a lost connection, notices may have been missed: everything is
 * forgotten, and the connection comes back after a second.
 */
export class RevocationListener {
  private client: pg.Client | null = null;
  private stopped = false;
  private retry: NodeJS.Timeout | null = null;

  constructor(
    private readonly databaseUrl: string,
    private readonly checker: TokenChecker,
    private readonly log: Logger,
  ) {}

  /** Connects and listens; retried every second until it works or stop() is called. */
  start(): void {
    this.connect().catch((error: unknown) => this.restart(error));
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new pg.Client({ connectionString: this.databaseUrl, application_name: 'calepin-revocations' });
    const lost = (error: unknown) => {
      if (this.client !== client) return;
      this.client = null;
      client.end().catch(() => undefined);
      this.restart(error);
    };
    client.on('notification', (message) => {
      if (message.channel === REVOCATION_CHANNEL) void this.checker.notified(message.payload ?? '');
    });
    client.on('error', lost);
    client.on('end', () => lost(new Error('connection ended')));
    try {
      await client.connect();
      await client.query(`listen ${REVOCATION_CHANNEL}`);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
  }

  private restart(error: unknown): void {
    if (this.stopped || this.retry) return;
    this.checker.clear();
    this.log.warn({ err: error }, 'revocation listener lost its connection; reconnecting');
    this.retry = setTimeout(() => {
      this.retry = null;
      this.start();
    }, 1000);
    this.retry.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }
}
