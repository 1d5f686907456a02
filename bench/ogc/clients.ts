// What the OGC benchmark measures a request with: its time, its size, the features it
// holds (counted in the response, or in the file GDAL wrote, or by QGIS), and the peak
// resident memory of the server process while it ran.
import { execFile } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface Measure {
  seconds: number;
  features: number;
  bytes?: number;
  /** Peak resident memory of the server process during the request, MB. */
  peakMb: number;
  /** Resident memory before the request, MB. */
  startMb: number;
}

const rssMb = async (pid: number) => {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
};

/** Runs `work` while sampling the server's resident memory every 50 ms. */
export async function withMemory<T extends Omit<Measure, 'peakMb' | 'startMb'>>(pid: number, work: () => Promise<T>): Promise<T & Measure> {
  const startMb = await rssMb(pid);
  let peakMb = startMb;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      peakMb = Math.max(peakMb, await rssMb(pid));
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  try {
    return { ...(await work()), startMb, peakMb };
  } finally {
    sampling = false;
    await sampler;
    peakMb = Math.max(peakMb, await rssMb(pid));
  }
}

const MARKERS = { gml: /<(?:gml:featureMember|wfs:member)[\s>]/g, json: /"type"\s*:\s*"Feature"\s*[,}]/g };

/** One HTTP GET read to the end; features counted by their markers as the body streams. */
export async function getCounted(url: string, headers: Record<string, string>, format: keyof typeof MARKERS | 'hits') {
  const started = performance.now();
  const response = await fetch(url, { headers });
  if (!response.ok || !response.body) throw new Error(`${url}: HTTP ${response.status} ${await response.text()}`);
  let bytes = 0;
  let features = 0;
  let tail = '';
  let head = '';
  const decoder = new TextDecoder();
  for await (const chunk of response.body) {
    bytes += chunk.length;
    const text = tail + decoder.decode(chunk, { stream: true });
    if (head.length < 2000) head += text.slice(0, 2000);
    // A marker ending in the new chunk is new (one ending in the carried tail was counted).
    if (format !== 'hits') for (const m of text.matchAll(MARKERS[format])) if (m.index + m[0].length > tail.length) features++;
    tail = text.slice(-80);
  }
  if (format === 'hits') features = Number(/number(?:OfFeatures|Matched)="(\d+)"/.exec(head)?.[1] ?? Number.NaN);
  return { seconds: (performance.now() - started) / 1000, bytes, features };
}

/** GDAL's options to authenticate with HTTP Basic. */
export const gdalAuth = (userpwd: string) => ['--config', 'GDAL_HTTP_USERPWD', userpwd, '--config', 'GDAL_HTTP_AUTH', 'BASIC'];

/** ogr2ogr of one WFS layer into a GeoPackage, with no option but the credentials; features counted in the file. */
export async function ogr2ogr(dir: string, source: string, layer: string, userpwd: string | null) {
  const out = join(dir, `read-${Math.random().toString(36).slice(2)}.gpkg`);
  const started = performance.now();
  await run('ogr2ogr', [...(userpwd ? gdalAuth(userpwd) : []), '-f', 'GPKG', out, source, layer], {
    maxBuffer: 64 * 1024 * 1024,
    timeout: 3_600_000,
  });
  const seconds = (performance.now() - started) / 1000;
  const { stdout } = await run('ogrinfo', ['-so', '-al', out]);
  await rm(out, { force: true });
  return { seconds, features: Number(/Feature Count: (\d+)/.exec(stdout)?.[1] ?? Number.NaN) };
}

/** QGIS 3.22's WFS provider, defaults only (version Maximum), reading every feature of a layer. */
export async function qgisRead(dir: string, url: string, typename: string, user: string | null, password: string | null) {
  const { stdout } = await run(
    '/usr/bin/python3',
    [new URL('./qgis-read.py', import.meta.url).pathname, url, typename, user ?? '', password ?? ''],
    { env: { ...process.env, HOME: dir, XDG_RUNTIME_DIR: dir, QT_QPA_PLATFORM: 'offscreen' }, timeout: 3_600_000, maxBuffer: 16 * 1024 * 1024 },
  );
  const result = JSON.parse(stdout.trim().split('\n').pop() as string) as { seconds: number; features: number };
  // QGIS keeps what it downloaded in a cache under HOME: the next read starts cold.
  await rm(join(dir, '.local'), { recursive: true, force: true });
  await rm(join(dir, '.cache'), { recursive: true, force: true });
  return result;
}
