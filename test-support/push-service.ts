// A local push service (what Firefox's or Chrome's are on the Internet), for the tests:
// it receives Web Push messages (RFC 8030), checks their VAPID authorisation (RFC 8292) and
// decrypts their payload (RFC 8291, aes128gcm of RFC 8188) as the browser would, written here
// with node:crypto alone, so that the server's encryption is judged by another hand.
import { createDecipheriv, createECDH, hkdfSync, randomBytes } from 'node:crypto';
import { type IncomingMessage, type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { compactVerify, importJWK } from 'jose';

export interface Received {
  /** The subscription it was sent to (the last path segment of the endpoint). */
  device: string;
  headers: IncomingMessage['headers'];
  /** The VAPID token's claims, once its signature checked against `k`. */
  claims: { aud: string; exp: number; sub: string };
  vapidKey: string;
  payload: unknown;
}

/** A browser's subscription: what PushSubscription.toJSON() gives the app, and its private half. */
export interface Device {
  name: string;
  subscription: { endpoint: string; keys: { p256dh: string; auth: string } };
  privateKey: Buffer;
  publicKey: Buffer;
  authSecret: Buffer;
}

const b64u = (b: Buffer) => b.toString('base64url');

export class PushService {
  readonly received: Received[] = [];
  /** Answers to give instead of 201, per device (e.g. 410: the browser unsubscribed). */
  readonly answers = new Map<string, number>();
  private waiters: (() => void)[] = [];
  private readonly devices = new Map<string, Device>();

  private constructor(
    private readonly server: Server,
    readonly origin: string,
  ) {}

  static async start(): Promise<PushService> {
    let service: PushService | null = null;
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        void service!.receive(req, Buffer.concat(chunks)).then(
          (status) => res.writeHead(status).end(),
          (error: unknown) => res.writeHead(400).end(String(error)),
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    service = new PushService(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return service;
  }

  /** A new browser subscribed to this service. */
  device(name: string): Device {
    const ecdh = createECDH('prime256v1');
    ecdh.generateKeys();
    const authSecret = randomBytes(16);
    const device: Device = {
      name,
      subscription: { endpoint: `${this.origin}/push/${name}`, keys: { p256dh: b64u(ecdh.getPublicKey()), auth: b64u(authSecret) } },
      privateKey: ecdh.getPrivateKey(),
      publicKey: ecdh.getPublicKey(),
      authSecret,
    };
    this.devices.set(name, device);
    return device;
  }

  /** Resolves once `count` messages in all were received. */
  async waitFor(count: number, timeoutMs = 10_000): Promise<Received[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.received.length < count) {
      if (Date.now() > deadline) throw new Error(`push service: ${this.received.length} of ${count} messages received`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 200).unref();
      });
    }
    return this.received;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async receive(req: IncomingMessage, body: Buffer): Promise<number> {
    const name = decodeURIComponent(req.url?.split('/').pop() ?? '');
    const device = this.devices.get(name);
    if (req.method !== 'POST' || !device) return 404;
    if (req.headers['content-encoding'] !== 'aes128gcm') throw new Error(`content-encoding ${req.headers['content-encoding']}`);
    if (!req.headers.ttl) throw new Error('no TTL header (RFC 8030 §5.2)');
    const { claims, key } = await this.vapid(req.headers.authorization ?? '');
    const payload = JSON.parse(decrypt(body, device).toString('utf8'));
    const answer = this.answers.get(name);
    if (answer) return answer;
    this.received.push({ device: name, headers: req.headers, claims, vapidKey: key, payload });
    for (const wake of this.waiters.splice(0)) wake();
    return 201;
  }

  /** `Authorization: vapid t=<JWT>, k=<public key>` (RFC 8292 §3), its ES256 signature checked. */
  private async vapid(header: string): Promise<{ claims: Received['claims']; key: string }> {
    const t = /t=([^,\s]+)/.exec(header)?.[1];
    const k = /k=([^,\s]+)/.exec(header)?.[1];
    if (!header.startsWith('vapid ') || !t || !k) throw new Error(`not a VAPID authorisation: ${header}`);
    const raw = Buffer.from(k, 'base64url');
    const jwk = { kty: 'EC', crv: 'P-256', x: b64u(raw.subarray(1, 33)), y: b64u(raw.subarray(33, 65)) };
    const { payload } = await compactVerify(t, await importJWK(jwk, 'ES256'));
    return { claims: JSON.parse(Buffer.from(payload).toString('utf8')), key: k };
  }
}

/** RFC 8291 §3.4 and RFC 8188 §2: one record, its padding delimiter 0x02 then zeros. */
export function decrypt(body: Buffer, device: Device): Buffer {
  const salt = body.subarray(0, 16);
  const idlen = body[20]!;
  const serverKey = body.subarray(21, 21 + idlen);
  const ciphertext = body.subarray(21 + idlen);
  const ecdh = createECDH('prime256v1');
  ecdh.setPrivateKey(device.privateKey);
  const secret = ecdh.computeSecret(serverKey);
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), device.publicKey, serverKey]);
  const ikm = Buffer.from(hkdfSync('sha256', secret, device.authSecret, keyInfo, 32));
  const cek = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: aes128gcm\0'), 16));
  const nonce = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: nonce\0'), 12));
  const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
  decipher.setAuthTag(ciphertext.subarray(ciphertext.length - 16));
  const plain = Buffer.concat([decipher.update(ciphertext.subarray(0, ciphertext.length - 16)), decipher.final()]);
  let end = plain.length - 1;
  while (end >= 0 && plain[end] === 0) end--;
  if (plain[end] !== 2) throw new Error('no last-record padding delimiter');
  return plain.subarray(0, end);
}
