// A TCP proxy between a device and the server that breaks connections on purpose
// (docs/sync.md §9): it cuts a request at a random byte, cuts an answer at a random byte,
// drops an answer whole once the server has sent it (the server committed, the device
// never hears), delays, or resets at once. Each connection draws its fate from a seeded
// random generator; the counts say what happened.
import net from 'node:net';
import { type Random, between } from './random';

export const FAULTS = ['cut_request', 'cut_response', 'drop_response', 'delay', 'reset'] as const;
export type Fault = (typeof FAULTS)[number];

export interface FaultPlan {
  /** Chance that a connection gets a fault. */
  rate: number;
  /** Relative weights of the kinds of fault. */
  weights?: Partial<Record<Fault, number>>;
  delayMs?: [number, number];
}

export class FaultProxy {
  private server: net.Server;
  private sockets = new Set<net.Socket>();
  readonly counts: Record<Fault | 'clean', number> = { clean: 0, cut_request: 0, cut_response: 0, drop_response: 0, delay: 0, reset: 0 };
  /** While false, every connection is clean (the end of a run: let the devices settle). */
  enabled = true;

  constructor(
    private target: { host: string; port: number },
    private readonly random: Random,
    private readonly plan: FaultPlan,
  ) {
    this.server = net.createServer((client) => this.handle(client));
  }

  get faults(): number {
    return FAULTS.reduce((n, f) => n + this.counts[f], 0);
  }

  /** The server moved (restarted on another port): new connections go there. */
  retarget(target: { host: string; port: number }): void {
    this.target = target;
  }

  listen(): Promise<number> {
    return new Promise((resolve) => this.server.listen(0, '127.0.0.1', () => resolve((this.server.address() as net.AddressInfo).port)));
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private draw(): Fault | 'clean' {
    if (!this.enabled || this.random() >= this.plan.rate) return 'clean';
    const weights = FAULTS.map((f) => this.plan.weights?.[f] ?? 1);
    let pick = this.random() * weights.reduce((a, b) => a + b, 0);
    for (const [i, fault] of FAULTS.entries()) {
      pick -= weights[i] as number;
      if (pick < 0) return fault;
    }
    return 'clean';
  }

  private handle(client: net.Socket): void {
    const fault = this.draw();
    this.counts[fault]++;
    this.sockets.add(client);
    client.on('close', () => this.sockets.delete(client));
    client.on('error', () => {});
    if (fault === 'reset') {
      client.resetAndDestroy();
      return;
    }
    const upstream = net.connect(this.target.port, this.target.host);
    this.sockets.add(upstream);
    upstream.on('close', () => {
      this.sockets.delete(upstream);
      client.destroy();
    });
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());

    let cutUp = -1;
    let cutDown = -1;
    let sentUp = 0;
    let sentDown = 0;
    if (fault === 'delay') {
      const [min, max] = this.plan.delayMs ?? [20, 400];
      client.pause();
      setTimeout(() => client.resume(), between(this.random, min, max));
    }

    client.on('data', (chunk: Buffer) => {
      if (fault === 'cut_request') {
        // At a random byte of this very request: in its headers or in its body.
        if (cutUp < 0) cutUp = between(this.random, 0, messageLength(chunk) - 1);
        if (sentUp + chunk.length > cutUp) {
          upstream.write(chunk.subarray(0, Math.max(0, cutUp - sentUp)), () => upstream.destroy());
          client.destroy();
          return;
        }
      }
      sentUp += chunk.length;
      upstream.write(chunk);
    });
    client.on('end', () => upstream.end());

    upstream.on('data', (chunk: Buffer) => {
      if (fault === 'drop_response') {
        // The server has answered: whatever it did is committed. The device hears nothing.
        client.destroy();
        upstream.destroy();
        return;
      }
      if (fault === 'cut_response') {
        if (cutDown < 0) cutDown = between(this.random, 0, messageLength(chunk) - 1);
        if (sentDown + chunk.length > cutDown) {
          client.write(chunk.subarray(0, Math.max(0, cutDown - sentDown)), () => client.destroy());
          upstream.destroy();
          return;
        }
      }
      sentDown += chunk.length;
      client.write(chunk);
    });
    upstream.on('end', () => client.end());
  }
}

/** Bytes of the HTTP message that starts with this chunk: its headers and its declared body. */
function messageLength(first: Buffer): number {
  const head = first.indexOf('\r\n\r\n');
  if (head < 0) return first.length;
  const length = /\r\ncontent-length:\s*(\d+)/i.exec(first.subarray(0, head).toString('latin1'));
  return head + 4 + (length ? Number(length[1]) : 0);
}
