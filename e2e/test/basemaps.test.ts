// Issue 13: boundary drawing happened on a blank grey map. The office maps now offer IGN's
// orthophoto and Plan IGN (Géoplateforme WMTS) besides the plain background, fall back to
// plain when tiles do not come, write table and string codes, and the boundary screen finds
// addresses. No network here: a stand-in WMTS answers the exact URL shape of the
// Géoplateforme's KVP GetTile with one-colour PNG tiles, and a stand-in geocoder speaks its
// /geocodage/search protocol.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import gdal from 'gdal-async';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_BASEMAPS } from '@calepin/core';
import { DEMO_PLANTS } from '@calepin/data-fixtures';
import { type E2e, colourCountsWhen, login, mapIdle, screenshot, startE2e } from '../support';

/** The colour of each stand-in layer's tiles: no status, severity or highlight colour is near. */
const LAYER_COLOURS: Record<string, string> = { 'ORTHOIMAGERY.ORTHOPHOTOS': '#0e7490', 'GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2': '#a16207' };

function tilePng(colour: string): Buffer {
  const ds = gdal.open('tile', 'w', 'MEM', 256, 256, 3, gdal.GDT_Byte);
  [1, 3, 5].forEach((at, band) => ds.bands.get(band + 1).pixels.write(0, 0, 256, 256, new Uint8Array(256 * 256).fill(parseInt(colour.slice(at, at + 2), 16))));
  const path = `/vsimem/${colour.slice(1)}.png`;
  gdal.drivers.get('PNG').createCopy(path, ds).close();
  ds.close();
  return gdal.vsimem.release(path);
}

let e2e: E2e;
let page: Page;
let plantId: string;
let standIn: Server;
const tileRequests: URLSearchParams[] = [];

/** The Géoplateforme, as far as these maps know it: WMTS GetTile (KVP) and the geocoder's search. */
function startStandIn(): Promise<string> {
  const tiles = Object.fromEntries(Object.entries(LAYER_COLOURS).map(([layer, colour]) => [layer, tilePng(colour)]));
  standIn = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const q = url.searchParams;
    if (url.pathname === '/wmts') {
      tileRequests.push(q);
      const tile = tiles[q.get('LAYER') ?? ''];
      const grid = ['TILEMATRIX', 'TILEROW', 'TILECOL'].every((k) => /^\d+$/.test(q.get(k) ?? ''));
      const ok = q.get('SERVICE') === 'WMTS' && q.get('REQUEST') === 'GetTile' && q.get('TILEMATRIXSET') === 'PM' && grid;
      if (!tile || !ok) {
        res.writeHead(400).end('bad GetTile');
        return;
      }
      res.writeHead(200, { 'content-type': 'image/png', 'access-control-allow-origin': '*' }).end(tile);
      return;
    }
    if (url.pathname === '/geocodage/search') {
      const text = q.get('q') ?? '';
      if (text.includes('panne')) {
        res.writeHead(503).end('down');
        return;
      }
      const features = text.includes('Saint-Lys')
        ? [{ type: 'Feature', geometry: { type: 'Point', coordinates: DEMO_PLANTS.ground.center }, properties: { label: 'Route de Toulouse 31470 Saint-Lys', type: 'street' } }]
        : [];
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ type: 'FeatureCollection', features }));
      return;
    }
    res.writeHead(404).end();
  });
  return new Promise((resolve) => standIn.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(standIn.address() as AddressInfo).port}`)));
}

beforeAll(async () => {
  const origin = await startStandIn();
  // The defaults as shipped, only their host moved to the stand-in; and one basemap that never answers.
  const basemaps = [
    ...DEFAULT_BASEMAPS.map((b) => ({ ...b, url: b.url.replace('https://data.geopf.fr', origin) })),
    { id: 'dead', label: 'Dead service', url: 'http://127.0.0.1:9/{z}/{x}/{y}.png', attribution: null, maxzoom: 19, defaultWithin: null },
  ];
  e2e = await startE2e({ config: { basemaps, geocoderUrl: `${origin}/geocodage/search` } });
  const { rows } = await e2e.db.pool.query<{ id: string }>('select id from plants where name = $1', [DEMO_PLANTS.ground.name]);
  plantId = rows[0]!.id;
  page = await e2e.page('fr-FR');
  await login(page, 'manager');
}, 300_000);

afterAll(async () => {
  await e2e?.close();
  await new Promise((resolve) => standIn?.close(resolve));
});

const shown = () => page.locator('[data-testid=basemap-select]').getAttribute('data-shown');

describe('basemaps on the plant map', () => {
  it('opens on IGN’s orthophoto in France: the stand-in’s tile pixels are on screen; Plan IGN instead on a switch, remembered', async () => {
    await page.goto(`/plants/${plantId}/map`);
    await mapIdle(page);
    await expect.poll(shown).toBe('ign-ortho');
    expect(tileRequests.some((q) => q.get('LAYER') === 'ORTHOIMAGERY.ORTHOPHOTOS' && q.get('FORMAT') === 'image/jpeg')).toBe(true);
    // Colours read until they are there: the app applies a basemap after its own render, and under a
    // CPU burner the first idle came before it (a basemap that never shows fails all the same).
    await colourCountsWhen(page, LAYER_COLOURS, (c) => c['ORTHOIMAGERY.ORTHOPHOTOS']! > 2000);
    await screenshot(page, 'basemap-ortho');

    await page.selectOption('[data-testid=basemap-select]', 'ign-plan');
    await mapIdle(page);
    await colourCountsWhen(page, LAYER_COLOURS, (c) => c['GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2']! > 2000 && c['ORTHOIMAGERY.ORTHOPHOTOS']! < 50);

    // Remembered for this user on this device.
    await page.reload();
    await mapIdle(page);
    await expect.poll(shown).toBe('ign-plan');
    await page.selectOption('[data-testid=basemap-select]', 'plain');
    await mapIdle(page);
    await colourCountsWhen(page, LAYER_COLOURS, (c) => c['GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2']! + c['ORTHOIMAGERY.ORTHOPHOTOS']! < 50);
  });

  it('a basemap whose tiles never come: said once, in French, and the map goes back to plain', async () => {
    await page.selectOption('[data-testid=basemap-select]', 'dead');
    const notice = page.locator('[data-testid=basemap-failed]');
    await notice.waitFor();
    expect(await notice.textContent()).toContain('Dead service : aucune tuile n’arrive');
    await expect.poll(shown).toBe('plain');
    await screenshot(page, 'basemap-failed');
  });

  it('table and string codes are written on the map at close zooms, with glyphs from our own origin', async () => {
    const glyphs: string[] = [];
    page.on('response', (r) => {
      if (r.url().includes('/glyphs/')) glyphs.push(`${r.status()} ${new URL(r.url()).pathname}`);
    });
    await page.evaluate(([lon, lat]) => {
      (window as unknown as { __calepinMap: { jumpTo(o: object): void } }).__calepinMap.jumpTo({ center: [lon, lat], zoom: 19.6 });
    }, DEMO_PLANTS.ground.center);
    await mapIdle(page);
    const labels = await page.evaluate(() => {
      const map = (window as unknown as { __calepinMap: { queryRenderedFeatures(o: object): { layer: { id: string }; properties: { code?: string } }[] } }).__calepinMap;
      return map.queryRenderedFeatures({ layers: ['tables-label', 'strings-label'] }).map((f) => `${f.layer.id}:${f.properties.code}`);
    });
    expect(labels.some((l) => l.startsWith('strings-label:'))).toBe(true);
    expect(glyphs.length).toBeGreaterThan(0);
    expect(glyphs.every((g) => g.startsWith('200 /glyphs/Noto%20Sans'))).toBe(true);
    await screenshot(page, 'map-labels');
  });

  it('the layout editor has the same switcher', async () => {
    await page.goto(`/plants/${plantId}/layout`);
    await mapIdle(page);
    expect(await page.locator('[data-testid=basemap-select]').inputValue()).toBe('plain');
    await screenshot(page, 'layout-editor-basemap');
  });
});

describe('address search on the boundary screen', () => {
  it('flies the map to the address found; says so when nothing is found or the service is down', async () => {
    await page.goto('/plants/new');
    await page.locator('[data-testid=draw-map][data-ready=true]').waitFor();
    await page.fill('[data-testid=address-input]', 'route de Toulouse, Saint-Lys');
    await page.press('[data-testid=address-input]', 'Enter');
    await page.locator('[data-testid=address-hits]').waitFor();
    await expect.poll(async () => page.evaluate(() => {
      const map = (window as unknown as { __calepinDrawMap: { getCenter(): { lng: number; lat: number }; getZoom(): number; isMoving(): boolean } }).__calepinDrawMap;
      return map.isMoving() ? null : [Number(map.getCenter().lng.toFixed(3)), Number(map.getCenter().lat.toFixed(3)), Math.round(map.getZoom())];
    }), { timeout: 10_000 }).toEqual([Number(DEMO_PLANTS.ground.center[0].toFixed(3)), Number(DEMO_PLANTS.ground.center[1].toFixed(3)), 17]);
    // The plant form was not submitted by Enter.
    expect(new URL(page.url()).pathname).toBe('/plants/new');
    await mapIdle(page, '__calepinDrawMap');
    await page.locator('[data-testid=draw-map]').scrollIntoViewIfNeeded();
    await screenshot(page, 'address-search');

    await page.fill('[data-testid=address-input]', 'nulle part');
    await page.click('[data-testid=address-go]');
    expect(await page.locator('[data-testid=address-none]').textContent()).toContain('Aucun lieu trouvé pour « nulle part »');

    await page.fill('[data-testid=address-input]', 'en panne');
    await page.click('[data-testid=address-go]');
    const error = page.locator('[data-testid=address-search] [role=alert]');
    await error.waitFor();
    expect(await error.textContent()).toContain("le service de recherche d'adresse ne répond pas (HTTP 503)");
  });
});
