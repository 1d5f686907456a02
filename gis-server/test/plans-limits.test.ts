// Issue 13: a PNG that claims 100,000 × 100,000 px with no data was accepted; its job
// failed, and /image?maxSize=8192 and its pixel tiles answered 500. A 30,000 × 30,000 px
// PNG (a decompression bomb) was accepted too. And: a georeferenced plan downloaded as
// its GeoTIFF (COG), for QGIS.
import { readFile } from 'node:fs/promises';
import gdal from 'gdal-async';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEMO_PLANTS } from '@calepin/data-fixtures';
import type { PlanFixtures } from '@calepin/data-fixtures/plans';
import { type TestApp, bearer, testApp } from '../../test-support/app';
import { bombPng, emptyPng } from '../../test-support/png-bombs';
import { fixtures } from './plans-support';

// Warps run in background jobs; on the shared 2-core machine one can take far longer than usual.
vi.setConfig({ testTimeout: 180_000, hookTimeout: 300_000 });

let t: TestApp;
let f: PlanFixtures;
let manager: Record<string, string>;
let ground: string;

beforeAll(async () => {
  t = await testApp();
  f = await fixtures();
  manager = bearer(await t.token('manager'));
  ground = (await t.db.pool.query('select id from plants where name = $1', [DEMO_PLANTS.ground.name])).rows[0].id;
});
afterAll(() => t.close());

const upload = (app: TestApp, file: Buffer, name: string) =>
  app.http.post(`/api/v1/plants/${ground}/plans`).set(manager).attach('file', file, name);

async function settled(app: TestApp, planId: string): Promise<{ status: string; error: { message: string } | null }> {
  const as = bearer(await app.token('manager'));
  for (;;) {
    const plan = (await app.http.get(`/api/v1/plans/${planId}`).set(as)).body;
    if (plan.status !== 'processing') return plan;
    await new Promise((r) => setTimeout(r, 300));
  }
}

describe('raster plans above the pixel limit', () => {
  it('a PNG claiming 100,000 × 100,000 px is refused at upload, saying its size and the limit', async () => {
    const res = await upload(t, emptyPng(100_000, 100_000), 'huge.png');
    expect(res.status, res.text).toBe(413);
    expect(res.body.error).toMatchObject({ code: 'plan_too_large', field: 'file' });
    expect(res.body.error.message).toBe(
      'file: the plan is 100000 × 100000 px (10000 megapixels); at most 200 megapixels are accepted: export it at a lower resolution');
    expect(Number((await t.db.pool.query('select count(*) from plans')).rows[0].count)).toBe(0);
  });

  it('a 30,000 × 30,000 px decompression bomb (150 KB) is refused the same way', async () => {
    const res = await upload(t, await bombPng(30_000), 'bomb.png');
    expect([res.status, res.body.error.code]).toEqual([413, 'plan_too_large']);
  });

  it('one accepted before the limit, whose job failed: its image and pixel tiles say why, never 500', async () => {
    // As it was before the limit (here: a server with the limit off): accepted, then its
    // job failed reading pixels that are not there.
    const lenient = await testApp({ config: { planMaxPixels: 1e12 } });
    try {
      const as = bearer(await lenient.token('manager'));
      const res = await lenient.http.post(`/api/v1/plants/${ground}/plans`).set(as).attach('file', emptyPng(100_000, 100_000), 'huge.png');
      expect(res.status, res.text).toBe(202);
      const planId = res.body.plan.id as string;
      expect((await settled(lenient, planId)).status).toBe('failed');
      const image = await lenient.http.get(`/api/v1/plans/${planId}/image?maxSize=8192`).set(as);
      expect([image.status, image.body.error.code]).toEqual([422, 'plan_page_unreadable']);
      expect(image.body.error.message).toMatch(/^this plan cannot be drawn \(libpng: .+\): upload it again$/);
      const tile = await lenient.http.get(`/api/v1/plans/${planId}/pixel-tiles/3/3/3`).set(as);
      expect([tile.status, tile.body.error.code]).toEqual([422, 'plan_page_unreadable']);
    } finally {
      await lenient.close();
    }
  });

  it('a stored plan above the limit: 422 on its image and its pixel tiles, with the size and the limit', async () => {
    const res = await upload(t, await readFile(f.files.png), 'small.png');
    expect(res.status, res.text).toBe(202);
    const planId = res.body.plan.id as string;
    await settled(t, planId);
    await t.db.pool.query('update plans set width = 100000, height = 100000 where id = $1', [planId]);
    for (const path of [`/image?maxSize=8192`, '/pixel-tiles/3/3/3']) {
      const refused = await t.http.get(`/api/v1/plans/${planId}${path}`).set(manager);
      expect([path, refused.status, refused.body.error.code]).toEqual([path, 422, 'plan_too_large']);
      expect(refused.body.error.message).toContain('at most 200 megapixels');
    }
  });
});

describe('the georeferenced plan as a GeoTIFF', () => {
  it('downloads the COG in EPSG:3857 for those who may see the plan; 409 before it is georeferenced', async () => {
    const res = await t.http.post(`/api/v1/plants/${ground}/plans`).set(manager).attach('file', f.files.geotiff);
    expect(res.status, res.text).toBe(202);
    const planId = res.body.plan.id as string;
    const early = await t.http.get(`/api/v1/plans/${planId}/geotiff`).set(manager);
    if (early.status !== 200) expect([early.status, early.body.error.code]).toEqual([409, 'plan_not_georeferenced']);
    expect((await settled(t, planId)).status).toBe('georeferenced');

    const tech = bearer(await t.token('technician'));
    const download = await t.http.get(`/api/v1/plans/${planId}/geotiff`).set(tech).buffer(true)
      .parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(download.status).toBe(200);
    expect(download.headers['content-type']).toBe('image/tiff; application=geotiff; profile=cloud-optimized');
    expect(download.headers['content-disposition']).toMatch(/^attachment; filename\*=UTF-8''.+\.tif$/);
    expect(download.headers['cache-control']).toBe('private, no-cache');
    const path = `/vsimem/download-${planId}.tif`;
    gdal.vsimem.set(download.body as Buffer, path);
    const ds = gdal.open(path);
    try {
      expect(ds.srs?.getAuthorityCode(null)).toBe('3857');
      expect(ds.getMetadata('IMAGE_STRUCTURE').LAYOUT).toBe('COG');
      expect(ds.bands.count()).toBe(4);
    } finally {
      ds.close();
      gdal.vsimem.release(path);
    }
    const again = await t.http.get(`/api/v1/plans/${planId}/geotiff`).set(tech).set('If-None-Match', download.headers.etag as string);
    expect(again.status).toBe(304);
    // The rooftop company's user does not see the ground plant's plans, ETag or not.
    const client = await t.http.get(`/api/v1/plans/${planId}/geotiff`).set(bearer(await t.token('client')))
      .set('If-None-Match', download.headers.etag as string);
    expect(client.status).toBe(404);
  });
});
