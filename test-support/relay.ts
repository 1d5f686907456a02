// A TCP relay in front of the test PostgreSQL that can go silent: `freeze` stops passing bytes
// either way on the connections open now while their sockets stay open, as a network that
// drops a connection without a word (no FIN, no RST: the client keeps waiting). New
// connections pass. Used to test what a server does when its LISTEN connection stops
// hearing and does not know it.
import { type Server, type Socket, connect, createServer } from 'node:net';

export interface Relay {
  /** The database URL, through the relay. */
  url: string;
  /** From now on nothing passes on the connections open now; their sockets stay open. */
  freeze(): void;
  close(): Promise<void>;
}

/** Starts a relay's server on a free port of 127.0.0.1: the database URL through it. */
export async function relayUrl(server: Server, databaseUrl: string): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('the relay has no port');
  const url = new URL(databaseUrl);
  url.hostname = '127.0.0.1';
  url.port = String(address.port);
  return url.toString();
}

export async function relay(databaseUrl: string): Promise<Relay> {
  const target = new URL(databaseUrl);
  const sockets = new Set<Socket>();
  const frozen = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(Number(target.port || 5432), target.hostname);
    sockets.add(client).add(upstream);
    const pass = (from: Socket, to: Socket) => from.on('data', (chunk) => {
      if (!frozen.has(from)) to.write(chunk);
    });
    pass(client, upstream);
    pass(upstream, client);
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    upstream.on('error', end).on('close', end);
    client.on('error', end).on('close', end);
  });
  return {
    url: await relayUrl(server, databaseUrl),
    freeze() {
      for (const socket of sockets) frozen.add(socket);
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
