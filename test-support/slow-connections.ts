// A TCP relay in front of the test PostgreSQL that makes every new connection slow to open,
// as on a loaded machine (a backend forked late, a SCRAM hash waiting for a thread). Queries
// on connections already open go through at once: the real database, only the opening late.
import { type Server, type Socket, connect, createServer } from 'node:net';
import { relayUrl } from './relay';

export interface SlowConnections {
  /** The database URL, through the relay. */
  url: string;
  /** Connections accepted but not yet relayed (still "opening"). */
  readonly opening: number;
  close(): Promise<void>;
}

export async function slowConnections(databaseUrl: string, delayMs: number): Promise<SlowConnections> {
  const target = new URL(databaseUrl);
  const sockets = new Set<Socket>();
  let opening = 0;
  const server: Server = createServer((client) => {
    sockets.add(client);
    client.pause();
    opening++;
    let opened = false;
    const done = () => {
      if (!opened) opening--;
      opened = true;
    };
    const timer = setTimeout(() => {
      const upstream = connect(Number(target.port || 5432), target.hostname, () => {
        done();
        client.pipe(upstream);
        upstream.pipe(client);
        client.resume();
      });
      sockets.add(upstream);
      const end = () => {
        client.destroy();
        upstream.destroy();
      };
      upstream.on('error', end).on('close', end);
      client.on('error', end).on('close', end);
    }, delayMs);
    client.on('close', () => {
      clearTimeout(timer);
      done();
      sockets.delete(client);
    });
  });
  return {
    url: await relayUrl(server, databaseUrl),
    get opening() {
      return opening;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
