import type { Logger } from 'pino';
import { REVOCATION_CHANNEL, type TokenChecker } from '@calepin/core/tokens';
import { type Listening, listen } from '../../pg-listen';

/**
 * Hears the revocations made anywhere (another gis-server instance, a script, the
 * account triggers of sql/migrations/035) and drops what the checker remembers of that
 * user at once. After a lost connection, notices may have been missed: everything is
 * forgotten, and the connection comes back after a second.
 */
export class RevocationListener {
  private listening: Listening | null = null;

  constructor(
    private readonly databaseUrl: string,
    private readonly checker: TokenChecker,
    private readonly log: Logger,
  ) {}

  /** Connects and listens; retried every second until it works or stop() is called. */
  start(): void {
    this.listening = listen(this.databaseUrl, REVOCATION_CHANNEL, this.log, {
      heard: (payload) => void this.checker.notified(payload),
      lost: () => this.checker.clear(),
    });
  }

  async stop(): Promise<void> {
    await this.listening?.stop();
    this.listening = null;
  }
}
