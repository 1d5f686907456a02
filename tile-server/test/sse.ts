// A small Server-Sent Events reader for tests (Node 20 has no EventSource): it keeps
// every event received, and waits for the ones a test expects.
import { type ClientRequest, type IncomingMessage, request } from 'node:http';

export interface SseEvent {
  event: string;
  data: string;
  at: number;
}

export interface SseStream {
  status: number;
  headers: IncomingMessage['headers'];
  /** The body of a refusal (JSON error), empty for a stream. */
  body: string;
  events: SseEvent[];
  comments: number;
  /** Resolves with the first event (already received or to come) that passes the test. */
  next(match: (e: SseEvent) => boolean, timeoutMs?: number): Promise<SseEvent>;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  close(): void;
}

export function openSse(url: string, headers: Record<string, string> = {}, method = 'GET'): Promise<SseStream> {
  return new Promise((resolve, reject) => {
    const waiters: { match: (e: SseEvent) => boolean; resolve: (e: SseEvent) => void }[] = [];
    const req: ClientRequest = request(url, { method, headers: { accept: 'text/event-stream', ...headers } }, (res) => {
      res.setEncoding('utf8');
      let endResolve: () => void = () => undefined;
      const ended = new Promise<void>((r) => {
        endResolve = r;
      });
      const stream: SseStream = {
        status: res.statusCode ?? 0,
        headers: res.headers,
        body: '',
        events: [],
        comments: 0,
        next(match, timeoutMs = 5000) {
          const seen = stream.events.find(match);
          if (seen) return Promise.resolve(seen);
          return new Promise((ok, fail) => {
            const timer = setTimeout(() => fail(new Error(`no matching event within ${timeoutMs} ms`)), timeoutMs);
            waiters.push({ match, resolve: (e) => { clearTimeout(timer); ok(e); } });
          });
        },
        ended,
        close: () => req.destroy(),
      };
      const isStream = String(res.headers['content-type'] ?? '').startsWith('text/event-stream');
      let buffer = '';
      res.on('data', (chunk: string) => {
        if (!isStream) {
          stream.body += chunk;
          return;
        }
        buffer += chunk;
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          let event = 'message';
          const data: string[] = [];
          let hasField = false;
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) stream.comments++;
            else if (line.startsWith('event:')) { event = line.slice(6).trim(); hasField = true; }
            else if (line.startsWith('data:')) { data.push(line.slice(5).trimStart()); hasField = true; }
          }
          if (!hasField || data.length === 0) continue;
          const received = { event, data: data.join('\n'), at: Date.now() };
          stream.events.push(received);
          for (const waiter of [...waiters]) {
            if (waiter.match(received)) {
              waiters.splice(waiters.indexOf(waiter), 1);
              waiter.resolve(received);
            }
          }
        }
      });
      res.on('end', endResolve);
      res.on('close', endResolve);
      res.on('error', () => undefined);
      if (isStream) resolve(stream);
      else res.on('end', () => resolve(stream));
    });
    req.on('error', reject);
    req.end();
  });
}
