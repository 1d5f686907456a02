// The map's tiles come from the device store, through a MapLibre custom protocol: no network.
//   calepin://tiles/{z}/{x}/{y}?audit=<id|*>   the plant's vector tiles, built on the device
//   calepin://plan/<table>/{z}/{x}/{y}         a plan's raster tiles, from the package
import { addProtocol, setWorkerUrl } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import type { DeviceStore } from '../store/client';

// MapLibre 6 parses tiles in a module worker it looks for beside its own file; once bundled,
// that file moved (as in web/src/map/worker.ts).
setWorkerUrl(workerUrl);

let current: DeviceStore | null = null;
/** Tiles built, and the time they took (the benchmark reads these). */
export const tileStats = { built: 0, ms: [] as number[] };

export function serveTilesFrom(store: DeviceStore | null): void {
  current = store;
}

declare global {
  interface Window {
    __calepinTiles?: typeof tileStats;
  }
}
window.__calepinTiles = tileStats;

/** No tile: a new empty buffer each time — MapLibre transfers what it gets to its worker, and a buffer once transferred is gone (a shared one failed every empty tile after the first). */
const empty = () => new ArrayBuffer(0);
/** A 1 × 1 transparent PNG: where a plan has no tile (outside it, or beyond its zooms). */
const BLANK_PNG = Uint8Array.from(atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII='), (c) => c.charCodeAt(0)).buffer;

addProtocol('calepin', async (params) => {
  const url = new URL(params.url);
  const parts = url.pathname.replace(/^\/+/, '').split('/');
  const store = current;
  if (!store) return { data: empty() };
  if (url.host === 'tiles') {
    const [z, x, y] = parts.map(Number) as [number, number, number];
    const audit = url.searchParams.get('audit');
    const started = performance.now();
    const tile = await store.tile(z, x, y, { audit: audit && audit !== '*' ? audit : null });
    tileStats.built++;
    tileStats.ms.push(performance.now() - started);
    if (tileStats.ms.length > 5000) tileStats.ms.splice(0, 1000);
    return { data: tile ? tile.buffer.slice(tile.byteOffset, tile.byteOffset + tile.byteLength) : empty() };
  }
  if (url.host === 'plan') {
    const [table = '', z, x, y] = [parts[0], ...parts.slice(1).map(Number)] as [string, number, number, number];
    const png = await store.planTile(table, z, x, y);
    if (!png) return { data: BLANK_PNG.slice(0) };
    return { data: png.buffer.slice(png.byteOffset, png.byteOffset + png.byteLength) };
  }
  throw new Error(`unknown calepin:// resource ${params.url}`);
});

export const tileUrl = (audit: string | null) => `calepin://tiles/{z}/{x}/{y}?audit=${audit ?? '*'}`;
export const planUrl = (table: string) => `calepin://plan/${table}/{z}/{x}/{y}`;
