// Listening to a PostgreSQL channel in a test without sleeping. A notification reaches the
// listener some time after the statement that sent it has answered; PostgreSQL delivers
// them in commit order though, across channels and including the listener's own. So once a
// barrier the listener sends itself has come back, everything committed before it has come
// too: `settle()` replaces a guessed sleep (which was too short on a loaded CI machine).
import { randomUUID } from 'node:crypto';
import type pg from 'pg';

const BARRIER = 'calepin_test_barrier';

export interface Notifications<T> {
  /** Every payload heard on the channel, parsed, in commit order. */
  readonly seen: T[];
  /** Resolves once every notification committed before this call has been heard. */
  settle(): Promise<void>;
  /** Settles, then forgets what was heard. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

/** Listens on `channel` over `client`, a connection of its own (a pool client or a Client). */
export async function listenTo<T>(client: pg.ClientBase, channel: string): Promise<Notifications<T>> {
  const seen: T[] = [];
  const waiting = new Map<string, () => void>();
  const onNotification = (n: pg.Notification) => {
    if (n.channel === BARRIER) waiting.get(n.payload ?? '')?.();
    else if (n.channel === channel) seen.push(JSON.parse(n.payload ?? 'null') as T);
  };
  client.on('notification', onNotification);
  await client.query(`listen ${client.escapeIdentifier(channel)}`);
  await client.query(`listen ${BARRIER}`);
  const settle = async () => {
    const id = randomUUID();
    const back = new Promise<void>((resolve) => waiting.set(id, resolve));
    await client.query('select pg_notify($1, $2)', [BARRIER, id]);
    await back;
    waiting.delete(id);
  };
  return {
    seen,
    settle,
    async reset() { await settle(); seen.length = 0; },
    async close() {
      await client.query('unlisten *');
      client.off('notification', onNotification);
    },
  };
}
