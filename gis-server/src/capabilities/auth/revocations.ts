import type { Logger } from 'pino';
import { REVOCATION_CHANNEL, type TokenChecker } from '@calepin/core/tokens';
import { type Listening, listen } from '../../pg-listen';

/**
 * Hears the revocations made anywhere (another gis-server instance, a script, the
 * account triggers of sql/migrations/035) and drops what the checker remembers of that
 * user at once. After a lost connection, notices may have been missed: everything is
 * forgotten, and the connection comes back after a second. A heartbeat every
 * `heartbeatMs` (2 s) proves the connection still hears (`TokenChecker.heardUntil`), so
 * the checker may keep its answers longer; a connection that dies silently stops the
 * proofs, and within the checker's 10 s it asks the database again.
 */
export class RevocationListener {
  private listening: Listening | null = null;

  constructor(
    private readonly databaseUrl: string,
    private readonly checker: TokenChecker,
    private readonly log: Logger,
    private readonly heartbeatMs = 2000,
  ) {}

  /** Connects and listens; retried every second until it works or stop() is called. */
  start(): void {
    this.listening = listen(this.databaseUrl, REVOCATION_CHANNEL, this.log, {
      heard: (payload) => void this.checker.notified(payload),
      lost: () => this.checker.lost(),
      alive: (sentAt) => this.checker.heardUntil(sentAt),
    }, { heartbeatMs: this.heartbeatMs });
  }

  async stop(): Promise<void> {
    await this.listening?.stop();
    this.listening = null;
  }
}
