// What the OGC benchmark measures a request with: its time, its size, the features it
// holds (counted in the response curl wrote, or in the file GDAL wrote, or by QGIS), and the peak
// resident memory of the server process while it ran.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
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

// The features' markers, as grep -E reads them.
const MARKERS = {
  gml: '<(gml:featureMember|wfs:member)[[:space:]>]',
  json: '"type"[[:space:]]*:[[:space:]]*"Feature"[[:space:]]*[,}]',
};

/**
 * One HTTP GET read to the end by curl, a process of its own, into a file; the time is curl's
 * (connection to last byte), the features counted in the file afterwards by grep. Read by this
 * process instead, a 100 MB response left its garbage here, and the collection landed on
 * whichever request was timed next (the GetCapabilities after the full reads, issue 21).
 */
export async function getCounted(url: string, headers: Record<string, string>, format: keyof typeof MARKERS | 'hits') {
  // In memory where the machine has it: the disk is not what is measured.
  const out = join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), `calepin-ogc-get-${process.pid}-${Math.random().toString(36).slice(2)}`);
  try {
    const { stdout } = await run(
      'curl',
      ['-sS', '-o', out, '-w', '%{http_code} %{time_total} %{size_download}', ...Object.entries(headers).flatMap(([k, v]) => ['-H', `${k}: ${v}`]), url],
      { timeout: 3_600_000 },
    );
    const [status, seconds, bytes] = stdout.trim().split(' ').map(Number) as [number, number, number];
    if (status !== 200) throw new Error(`${url}: HTTP ${status} ${(await readFile(out, 'utf8')).slice(0, 2000)}`);
    let features: number;
    if (format === 'hits') {
      features = Number(/number(?:OfFeatures|Matched)="(\d+)"/.exec((await readFile(out, 'utf8')).slice(0, 2000))?.[1] ?? Number.NaN);
    } else {
      const { stdout: counted } = await run('bash', ['-c', 'grep -oE "$1" "$2" | wc -l', 'count', MARKERS[format], out]);
      features = Number(counted.trim());
    }
    return { seconds, bytes, features };
  } finally {
    await rm(out, { force: true });
  }
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
