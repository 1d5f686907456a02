// The tile-server as users run it: its own process, talked to over HTTP (keep-alive).
import { type ChildProcess, spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { createInterface } from 'node:readline';
import { gunzipSync } from 'node:zlib';

export interface Running {
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

export async function startTileServer(env: Record<string, string>): Promise<Running> {
  const child = spawn('node_modules/.bin/tsx', ['tile-server/src/main.ts'], {
    env: { ...process.env, ...env, TILE_PORT: '0', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.on('line', (line) => {
      const port = /"port":(\d+)/.exec(line)?.[1];
      if (port) resolve(`http://127.0.0.1:${port}`);
    });
    child.once('exit', (code) => reject(new Error(`tile-server exited with ${code}`)));
  });
  return {
    url,
    process: child,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

const agent = new Agent({ keepAlive: true, maxSockets: 64 });

export interface Fetched {
  status: number;
  /** The tile's own size (decompressed when it came gzipped). */
  bytes: number;
  cache: string;
  ms: number;
}

/** One tile over HTTP, asking for gzip as MapLibre in a browser does; timed until its last byte. */
export function fetchTile(url: string, token: string): Promise<Fetched> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, headers: { authorization: `Bearer ${token}`, 'accept-encoding': 'gzip' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const ms = performance.now() - started;
        const body = Buffer.concat(chunks);
        const bytes = res.headers['content-encoding'] === 'gzip' ? gunzipSync(body).length : body.length;
        resolve({ status: res.statusCode ?? 0, bytes, cache: String(res.headers['x-tile-cache'] ?? ''), ms });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}
