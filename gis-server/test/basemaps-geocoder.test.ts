// Issue 13: boundary drawing on a blank grey map. Basemaps are configured (BASEMAPS, the IGN
// defaults), addresses are found through the Géoplateforme geocoder's protocol (here a local
// stand-in: the tests reach no network), and map labels get their glyphs from our own origin.
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_BASEMAPS, initialBasemap } from '@calepin/core';
import { type TestApp, bearer, testApp } from '../../test-support/app';
import { basemapsFrom } from '../src/config-basemaps';

/** What the stand-in geocoder answers, by the query it gets (the Géoplateforme's GeoCodeJSON). */
function geocoderAnswer(q: string): { status: number; body: string } {
  if (q.includes('Saint-Lys')) {
    const feature = (label: string, type: string, lon: number, lat: number) => ({
      type: 'Feature', geometry: { type: 'Point', coordinates: [lon, lat] },
      properties: { label, type, score: 0.9, city: 'Saint-Lys', postcode: '31470' },
    });
    return {
      status: 200,
      body: JSON.stringify({
        type: 'FeatureCollection', version: 'draft', query: q,
        features: [feature('Route de Toulouse 31470 Saint-Lys', 'street', 1.1905, 43.5032), feature('Saint-Lys', 'municipality', 1.1767, 43.5131),
          { type: 'Feature', geometry: { type: 'LineString', coordinates: [[0, 0], [1, 1]] }, properties: { label: 'a line, left out' } }],
      }),
    };
  }
  if (q.includes('nulle part')) return { status: 200, body: JSON.stringify({ type: 'FeatureCollection', features: [] }) };
  if (q.includes('panne')) return { status: 503, body: 'Service Unavailable' };
  return { status: 200, body: '<html>not json</html>' };
}

let geocoder: Server;
let geocoderUrl: string;
const queries: URLSearchParams[] = [];
let t: TestApp;

beforeAll(async () => {
  geocoder = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    queries.push(url.searchParams);
    const { status, body } = url.pathname === '/geocodage/search' ? geocoderAnswer(url.searchParams.get('q') ?? '') : { status: 404, body: '' };
    res.writeHead(status, { 'content-type': body.startsWith('{') ? 'application/json' : 'text/html' });
    res.end(body);
  });
  await new Promise<void>((resolve) => geocoder.listen(0, '127.0.0.1', resolve));
  geocoderUrl = `http://127.0.0.1:${(geocoder.address() as AddressInfo).port}/geocodage/search`;
  t = await testApp({ config: { geocoderUrl } });
});
afterAll(async () => {
  await t?.close();
  await new Promise((resolve) => geocoder?.close(resolve));
});

describe('basemaps configured', () => {
  it('IGN orthophoto and Plan IGN by default (Géoplateforme WMTS, PM grid); none; a list of ones own; BASEMAP_URL still read', () => {
    const defaults = basemapsFrom({});
    expect(defaults.map((b) => b.id)).toEqual(['ign-ortho', 'ign-plan']);
    expect(defaults[0]?.url).toBe('https://data.geopf.fr/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&STYLE=normal&TILEMATRIXSET=PM'
      + '&LAYER=ORTHOIMAGERY.ORTHOPHOTOS&FORMAT=image/jpeg&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}');
    expect(defaults[1]?.url).toContain('LAYER=GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2&FORMAT=image/png');
    expect(basemapsFrom({ BASEMAPS: 'none' })).toEqual([]);
    const own = basemapsFrom({ BASEMAPS: JSON.stringify([{ id: 'ortho-local', label: 'Ortho 2024', url: 'https://tiles.example/{z}/{x}/{y}.jpg', maxzoom: 20 }]) });
    expect(own).toEqual([{ id: 'ortho-local', label: 'Ortho 2024', url: 'https://tiles.example/{z}/{x}/{y}.jpg', attribution: null, maxzoom: 20, defaultWithin: null }]);
    expect(basemapsFrom({ BASEMAP_URL: 'https://t.example/{z}/{x}/{y}.png', BASEMAP_ATTRIBUTION: '© T' })).toMatchObject([{ id: 'aerial', attribution: '© T' }]);
  });

  it('a wrong setting stops the server naming the variable, the entry and why', () => {
    expect(() => basemapsFrom({ BASEMAPS: '[{"id":"x","url":"https://t.example/tiles.png"}]' })).toThrow(/BASEMAPS\[0\.url\]: must contain \{z\}, \{x\} and \{y\}/);
    expect(() => basemapsFrom({ BASEMAPS: '[{"id":"plain","url":"https://t.example/{z}/{x}/{y}"}]' })).toThrow(/BASEMAPS\[0\.id\]: "plain" is the offline background/);
    expect(() => basemapsFrom({ BASEMAPS: 'ign' })).toThrow(/BASEMAPS: must be none or a JSON array/);
    expect(() => basemapsFrom({ BASEMAP_URL: 'ftp://t.example/{z}/{x}/{y}' })).toThrow(/BASEMAP_URL: must be an http\(s\) URL template/);
  });

  it('a map opens on the remembered basemap, else IGN’s orthophoto in metropolitan France, else the plain background', () => {
    const saintLys: [number, number] = [1.19, 43.5];
    expect(initialBasemap(DEFAULT_BASEMAPS, null, saintLys)).toBe('ign-ortho');
    expect(initialBasemap(DEFAULT_BASEMAPS, null, [-61.5, 16.2])).toBe('plain'); // Guadeloupe: offered, not the default
    expect(initialBasemap(DEFAULT_BASEMAPS, 'ign-plan', saintLys)).toBe('ign-plan');
    expect(initialBasemap(DEFAULT_BASEMAPS, 'plain', saintLys)).toBe('plain');
    expect(initialBasemap(DEFAULT_BASEMAPS, 'gone-since', saintLys)).toBe('ign-ortho');
    expect(initialBasemap([], null, saintLys)).toBe('plain');
  });
});

describe('GET /geocode (the Géoplateforme protocol, against a stand-in)', () => {
  it('answers the places found, best first, and passes q and limit on', async () => {
    const token = await t.token('manager');
    const found = await t.http.get('/api/v1/geocode').query({ q: 'route de Toulouse, Saint-Lys', limit: 3 }).set(bearer(token));
    expect(found.status).toBe(200);
    expect(found.body.items).toEqual([
      { label: 'Route de Toulouse 31470 Saint-Lys', kind: 'street', lon: 1.1905, lat: 43.5032, bbox: null },
      { label: 'Saint-Lys', kind: 'municipality', lon: 1.1767, lat: 43.5131, bbox: null },
    ]);
    const sent = queries.at(-1);
    expect([sent?.get('q'), sent?.get('limit')]).toEqual(['route de Toulouse, Saint-Lys', '3']);
    const none = await t.http.get('/api/v1/geocode').query({ q: 'nulle part du tout' }).set(bearer(token));
    expect([none.status, none.body.items]).toEqual([200, []]);
  });

  it('a service down or an answer that cannot be read: 502 saying so, in the caller’s language', async () => {
    const token = await t.token('manager');
    const down = await t.http.get('/api/v1/geocode').query({ q: 'en panne' }).set(bearer(token)).set('Accept-Language', 'fr');
    expect([down.status, down.body.error.code]).toEqual([502, 'geocoder_unavailable']);
    expect(down.body.error.message).toBe("le service de recherche d'adresse ne répond pas (HTTP 503) : réessayez plus tard, ou dessinez sans lui");
    const garbage = await t.http.get('/api/v1/geocode').query({ q: 'autre chose' }).set(bearer(token));
    expect([garbage.status, garbage.body.error.code, garbage.body.error.message]).toEqual(
      [502, 'geocoder_bad_answer', 'the address search service gave an answer that cannot be read: try again later']);
    const closed = await testApp({ config: { geocoderUrl: 'http://127.0.0.1:9/search' } });
    try {
      const unreachable = await closed.http.get('/api/v1/geocode').query({ q: 'Saint-Lys' }).set(bearer(await closed.token('manager')));
      expect([unreachable.status, unreachable.body.error.message]).toEqual(
        [502, 'the address search service does not answer (unreachable): try again later, or draw without it']);
    } finally {
      await closed.close();
    }
  });

  it('a query too short is a 400 naming q; no geocoder configured is a 503; a client user may not search', async () => {
    const token = await t.token('manager');
    const short = await t.http.get('/api/v1/geocode').query({ q: ' a ' }).set(bearer(token));
    expect([short.status, short.body.error.field]).toEqual([400, 'q']);
    const client = await t.http.get('/api/v1/geocode').query({ q: 'Saint-Lys' }).set(bearer(await t.token('client')));
    expect(client.status).toBe(403);
    const off = await testApp();
    try {
      const disabled = await off.http.get('/api/v1/geocode').query({ q: 'Saint-Lys' }).set(bearer(await off.token('manager')));
      expect([disabled.status, disabled.body.error.code]).toEqual([503, 'geocoder_disabled']);
    } finally {
      await off.close();
    }
  });
});

/** The glyphs of a range PBF (glyphs.proto), decoded by hand: id, size, metrics, bitmap. */
function decodeRange(buffer: Uint8Array) {
  let at = 0;
  const varint = () => {
    let value = 0, shift = 0, byte: number;
    do {
      byte = buffer[at++] as number;
      value += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80);
    return value;
  };
  const message = (end: number, onField: (field: number, wire: number, end: number) => void) => {
    while (at < end) {
      const key = varint();
      const wire = key & 7;
      if (wire === 2) {
        const length = varint();
        const stop = at + length;
        onField(key >> 3, wire, stop);
        at = stop;
      } else {
        onField(key >> 3, wire, at);
      }
    }
  };
  const zigzag = (n: number) => (n >>> 1) ^ -(n & 1);
  const stacks: { name: string; range: string; glyphs: Map<number, { width: number; height: number; left: number; top: number; advance: number; bitmap: Uint8Array }> }[] = [];
  message(buffer.length, (_f, _w, stackEnd) => {
    const stack = { name: '', range: '', glyphs: new Map() };
    message(stackEnd, (field, _wire, end) => {
      if (field === 1) stack.name = new TextDecoder().decode(buffer.subarray(at, end));
      if (field === 2) stack.range = new TextDecoder().decode(buffer.subarray(at, end));
      if (field === 3) {
        const glyph = { id: 0, width: 0, height: 0, left: 0, top: 0, advance: 0, bitmap: new Uint8Array(0) };
        message(end, (f, w, bitmapEnd) => {
          if (w === 2) glyph.bitmap = buffer.slice(at, bitmapEnd);
          else {
            const v = varint();
            if (f === 1) glyph.id = v;
            if (f === 3) glyph.width = v;
            if (f === 4) glyph.height = v;
            if (f === 5) glyph.left = zigzag(v);
            if (f === 6) glyph.top = zigzag(v);
            if (f === 7) glyph.advance = v;
          }
        });
        stack.glyphs.set(glyph.id, glyph);
      }
    });
    stacks.push(stack);
  });
  return stacks;
}

describe('GET /glyphs/{fontstack}/{range}.pbf (labels of the maps, from our own origin)', () => {
  it('Noto Sans drawn as signed distance fields: Latin and French letters, each bitmap its box plus a 3 px border', async () => {
    const response = await t.http.get('/glyphs/Noto%20Sans%20Regular/0-255.pbf').buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
    expect([response.status, response.headers['content-type'], response.headers['cache-control']]).toEqual([200, 'application/x-protobuf', 'public, max-age=86400']);
    const [stack] = decodeRange(new Uint8Array(response.body as Buffer));
    expect([stack?.name, stack?.range]).toEqual(['Noto Sans Regular', '0-255']);
    for (const char of 'S1-M12éèàçÉ') {
      const glyph = stack?.glyphs.get(char.codePointAt(0) as number);
      expect(glyph?.width, char).toBeGreaterThan(2);
      expect(glyph?.bitmap.length, char).toBe(((glyph?.width ?? 0) + 6) * ((glyph?.height ?? 0) + 6));
      expect(glyph?.advance, char).toBeGreaterThan(3);
    }
    const space = stack?.glyphs.get(32);
    expect([space?.bitmap.length, space?.advance]).toEqual([0, 6]);
    // The stem of an "l": inside (above the 192 edge value) in its middle, outside at the border.
    const l = stack?.glyphs.get('l'.codePointAt(0) as number);
    const w = (l?.width ?? 0) + 6, h = (l?.height ?? 0) + 6;
    expect(l?.bitmap[Math.floor(h / 2) * w + Math.floor(w / 2)]).toBeGreaterThan(192);
    expect(l?.bitmap[0]).toBeLessThan(100);
  });

  it('a stack of fonts is served by its first known one; an unknown font is a 404, a wrong range a 400', async () => {
    expect((await t.http.get('/glyphs/Open%20Sans%20Bold,Noto%20Sans%20Bold/256-511.pbf')).status).toBe(200);
    const unknown = await t.http.get('/glyphs/Comic%20Sans/0-255.pbf');
    expect([unknown.status, unknown.body.error.field]).toEqual([404, 'fontstack']);
    const wrong = await t.http.get('/glyphs/Noto%20Sans%20Regular/10-265.pbf');
    expect([wrong.status, wrong.body.error.field]).toEqual([400, 'range']);
  });
});
