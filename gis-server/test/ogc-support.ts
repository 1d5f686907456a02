// A real listening gis-server for GDAL's own clients (ogrinfo, ogr2ogr, the Python
// bindings), on 127.0.0.1 and a free port, with a log of the requests it answered.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DEMO_PASSWORD } from '@calepin/data-fixtures';
import { type TestApp, testApp } from '../../test-support/app';

const run = promisify(execFile);

export interface OgcServer {
  t: TestApp;
  base: string;
  /** Every URL asked since the last reset. */
  requests: string[];
  dir: string;
  close(): Promise<void>;
}

export async function ogcServer(): Promise<OgcServer> {
  const t = await testApp();
  const requests: string[] = [];
  const callback = t.app.handler;
  const server: Server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    void callback(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const dir = await mkdtemp(join(tmpdir(), 'calepin-ogc-test-'));
  return {
    t,
    base: `http://127.0.0.1:${port}`,
    requests,
    dir,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await rm(dir, { recursive: true, force: true });
      await t.close();
    },
  };
}

/** GDAL's options to send HTTP Basic credentials of a demo account. */
export const basic = (email: string) => ['--config', 'GDAL_HTTP_USERPWD', `${email}:${DEMO_PASSWORD}`, '--config', 'GDAL_HTTP_AUTH', 'BASIC'];

export async function gdal(tool: 'ogrinfo' | 'ogr2ogr', args: string[]): Promise<string> {
  const { stdout } = await run(tool, args, { maxBuffer: 256 * 1024 * 1024, timeout: 120_000 });
  return stdout;
}

export interface GeoJsonFeature {
  id?: string | number;
  geometry: { type: string; coordinates: unknown } | null;
  properties: Record<string, unknown>;
}

/** Reads any GDAL source layer into GeoJSON through ogr2ogr (the judge), then parses it. */
export async function readWithGdal(dir: string, source: string, layer: string | null, options: string[]): Promise<GeoJsonFeature[]> {
  const out = join(dir, `read-${Math.random().toString(36).slice(2)}.json`);
  await gdal('ogr2ogr', [...options, '-f', 'GeoJSON', '-lco', 'COORDINATE_PRECISION=9', out, source, ...(layer ? [layer] : [])]);
  const body = JSON.parse(await readFile(out, 'utf8')) as { features: GeoJsonFeature[] };
  await rm(out, { force: true });
  return body.features;
}

/** Every position of a GeoJSON geometry, at any depth. */
export function positions(coordinates: unknown): [number, number][] {
  if (Array.isArray(coordinates) && typeof coordinates[0] === 'number') return [coordinates as [number, number]];
  return (coordinates as unknown[]).flatMap(positions);
}
