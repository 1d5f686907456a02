// One HTTP request of the device: no keep-alive (every request its own connection, so that
// the fault proxy's cuts hit requests, not idle sockets), a timeout, JSON in and out. A
// network failure is an HttpFailure, never a hang.
import http from 'node:http';

export class HttpFailure extends Error {}

export interface HttpAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: unknown;
  text: string;
  raw: Buffer;
}

export function request(
  method: string,
  url: string,
  options: { headers?: Record<string, string>; json?: unknown; timeoutMs?: number } = {},
): Promise<HttpAnswer> {
  const body = options.json === undefined ? undefined : Buffer.from(JSON.stringify(options.json));
  return new Promise((resolve, reject) => {
    const req = http.request(url, {
      method,
      agent: false,
      headers: { ...(body ? { 'content-type': 'application/json', 'content-length': String(body.length) } : {}), ...options.headers },
    });
    const timer = setTimeout(() => req.destroy(new HttpFailure(`timeout after ${options.timeoutMs} ms`)), options.timeoutMs ?? 30_000);
    req.on('error', (error) => {
      clearTimeout(timer);
      reject(error instanceof HttpFailure ? error : new HttpFailure(error.message));
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', (error) => {
        clearTimeout(timer);
        reject(new HttpFailure(error.message));
      });
      res.on('aborted', () => {
        clearTimeout(timer);
        reject(new HttpFailure('response aborted'));
      });
      res.on('end', () => {
        clearTimeout(timer);
        if (!res.complete) return reject(new HttpFailure('response cut'));
        const raw = Buffer.concat(chunks);
        const text = raw.toString('utf8');
        let parsed: unknown = null;
        try {
          parsed = text ? JSON.parse(text) : null;
        } catch {
          // A cut JSON body is a failed request, not an answer.
          if ((res.headers['content-type'] ?? '').includes('json')) return reject(new HttpFailure('response body cut'));
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: parsed, text, raw });
      });
    });
    req.end(body);
  });
}
