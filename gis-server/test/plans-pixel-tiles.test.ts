// The control-point editor's tiles: a plan cut in its own pixel space, at full detail.
import gdal from 'gdal-async';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { PlanFixtures } from '@calepin/data-fixtures/plans';
import { pixelSpaceFrame, pixelSpaceNativeZoom, pixelTileWindow } from '@calepin/core/georef';
import type { TestApp } from '../../test-support/app';
import { uploadedPng } from './plans-support';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 300_000 });

let t: TestApp;
let f: PlanFixtures;
let manager: Record<string, string>;
let planId: string;

beforeAll(async () => {
  ({ t, f, manager, planId } = await uploadedPng());
});
afterAll(() => t.close());

const tile = (z: number, x: number, y: number) =>
  t.http.get(`/api/v1/plans/${planId}/pixel-tiles/${z}/${x}/${y}`).set(manager).buffer(true)
    .parse((res, done) => { const parts: Buffer[] = []; res.on('data', (c: Buffer) => parts.push(c)); res.on('end', () => done(null, Buffer.concat(parts))); });

/** The RGB bands of an image file or buffer, as GDAL reads them. */
function rgb(source: string | Buffer, window?: { x: number; y: number; width: number; height: number }) {
  const path = typeof source === 'string' ? source : `/vsimem/pixel-tile-test-${Math.random()}.png`;
  if (typeof source !== 'string') gdal.vsimem.set(source, path);
  const ds = gdal.open(path);
  const w = window ?? { x: 0, y: 0, width: ds.rasterSize.x, height: ds.rasterSize.y };
  const bands = [1, 2, 3].map((i) => ds.bands.get(Math.min(i, ds.bands.count())).pixels.read(w.x, w.y, w.width, w.height) as Uint8Array);
  ds.close();
  if (typeof source !== 'string') gdal.vsimem.release(path);
  return bands;
}

describe('pixel tiles of a plan', () => {
  it('show the plan’s own pixels at the native zoom, where the editor puts them', async () => {
    const z = pixelSpaceNativeZoom(f, 256);
    // The tile that holds the plan's centre.
    const n = 2 ** z;
    const { x0, y0, scale } = pixelSpaceFrame(f.width, f.height);
    const [tx, ty] = [Math.floor((x0 + (f.width / 2) * scale) * n), Math.floor((y0 + (f.height / 2) * scale) * n)];
    const res = await tile(z, tx, ty);
    expect(res.status, String(res.body)).toBe(200);
    expect(res.headers['content-type']).toBe('image/png');
    expect(res.headers['x-plan-max-zoom']).toBe(String(z));
    const window = pixelTileWindow(f, { z, x: tx, y: ty })!;
    const ours = rgb(res.body as Buffer);
    const truth = rgb(f.files.png, window);
    // Compare each tile pixel with the plan pixel under it (nearest): the same picture.
    let diff = 0;
    let compared = 0;
    for (let j = 0; j < window.tileHeight; j++) {
      for (let i = 0; i < window.tileWidth; i++) {
        const px = Math.min(window.width - 1, Math.floor(((i + 0.5) * window.width) / window.tileWidth));
        const py = Math.min(window.height - 1, Math.floor(((j + 0.5) * window.height) / window.tileHeight));
        for (let b = 0; b < 3; b++) diff += Math.abs(ours[b]![(window.tileY + j) * 256 + window.tileX + i]! - truth[b]![py * window.width + px]!);
        compared += 3;
      }
    }
    expect(compared).toBeGreaterThan(30_000);
    // Not a blank corner: the window holds the plan's drawing (dark lines on white).
    expect(truth[0]!.filter((v) => v < 128).length).toBeGreaterThan(200);
    expect(diff / compared).toBeLessThan(12);
  });

  it('answer 204 beside the plan and refuse zooms deeper than its pixels, saying why', async () => {
    expect((await tile(2, 0, 0)).status).toBe(204);
    const z = pixelSpaceNativeZoom(f, 256);
    const deep = await t.http.get(`/api/v1/plans/${planId}/pixel-tiles/${z + 1}/0/0`).set(manager).set('Accept-Language', 'fr');
    expect(deep.status).toBe(400);
    expect(deep.body.error).toMatchObject({ code: 'tile_coordinates', field: 'z' });
    expect(deep.body.error.message).toContain('résolution du plan');
    const outside = await t.http.get(`/api/v1/plans/${planId}/pixel-tiles/1/2/0`).set(manager);
    expect(outside.status).toBe(400);
    expect(outside.body.error.field).toBe('x');
  });
});
