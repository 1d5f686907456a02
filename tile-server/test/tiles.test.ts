import { gunzipSync } from 'node:zlib';
import { createApp } from '@calepin/gis-server';
import pino from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { decodeTile, describeTile, ringsOf } from './decode';
import { testConfig } from '../../test-support/app';
import { type TileTest, httpGet, startTileServer, tileAt, tileTest } from './support';

let t: TileTest;
let ground: { id: string; lon: number; lat: number };
let rooftop: { id: string; lon: number; lat: number };

beforeAll(async () => {
  t = await tileTest();
  const plant = async (name: string) => {
    const { rows } = await t.api.db.pool.query<{ id: string; lon: number; lat: number }>(
      `select id, st_x(location) as lon, st_y(location) as lat from plants where name = $1`,
      [name],
    );
    return rows[0] as { id: string; lon: number; lat: number };
  };
  ground = await plant('Centrale au sol de Saint-Lys');
  rooftop = await plant('Toiture Ateliers Garonne');
});
afterAll(() => t?.close());

/** A module of the ground plant, its z/x/y at a zoom, by code. */
async function moduleTile(code: string, z: number): Promise<{ id: string; tile: string }> {
  const { rows } = await t.api.db.pool.query<{ id: string; lon: number; lat: number }>(
    `select id, st_x(st_centroid(geom)) as lon, st_y(st_centroid(geom)) as lat from modules
      where plant_id = $1 and code = $2`,
    [ground.id, code],
  );
  const m = rows[0] as { id: string; lon: number; lat: number };
  return { id: m.id, tile: tileAt(m.lon, m.lat, z) };
}

describe('martin-compatible catalog and TileJSON', () => {
  test('the catalog lists every vector source as MVT, and the plans as PNG', async () => {
    const reply = await t.get('/catalog');
    expect(reply.status).toBe(200);
    const catalog = JSON.parse(reply.body.toString());
    expect(Object.keys(catalog.tiles).sort()).toEqual(
      ['cables', 'defects', 'inverters', 'junction_boxes', 'modules', 'plans', 'plants', 'strings', 'tables'],
    );
    for (const [id, entry] of Object.entries(catalog.tiles) as [string, { content_type: string }][]) {
      expect(entry.content_type).toBe(id === 'plans' ? 'image/png' : 'application/x-protobuf');
    }
  });

  test('TileJSON 3.0.0 of a composite, bounded by what the caller may see', async () => {
    const staff = JSON.parse((await t.as('manager', '/plants,modules,defects')).body.toString());
    expect(staff).toMatchObject({ tilejson: '3.0.0', name: 'plants,modules,defects', minzoom: 0, maxzoom: 22 });
    expect(staff.tiles).toEqual([`${t.url}/plants,modules,defects/{z}/{x}/{y}`]);
    expect(staff.vector_layers.map((l: { id: string }) => l.id)).toEqual(['plants', 'modules', 'defects']);
    expect(staff.vector_layers[1].fields).toMatchObject({ code: 'String', status: 'String', string: 'String' });
    const [west, south, east, north] = staff.bounds as number[];
    expect(west).toBeLessThan(ground.lon);
    expect(east).toBeGreaterThan(rooftop.lon);
    expect(south).toBeLessThan(ground.lat);
    expect(north).toBeGreaterThan(rooftop.lat);

    // The client user (rooftop company) gets the rooftop's bounds only.
    const client = JSON.parse((await t.as('client', '/modules')).body.toString());
    expect(client.bounds[0]).toBeGreaterThan(ground.lon + 0.05);

    const filtered = JSON.parse((await t.as('manager', `/modules?plant=${ground.id}`)).body.toString());
    expect(filtered.tiles[0]).toBe(`${t.url}/modules/{z}/{x}/{y}?plant=${ground.id}`);
  });

  test('behind a proxy, TileJSON points at the proxy', async () => {
    const reply = await t.as('manager', '/modules', {
      'x-forwarded-host': 'calepin.example', 'x-forwarded-proto': 'https', 'x-forwarded-prefix': '/tiles',
    });
    expect(JSON.parse(reply.body.toString()).tiles).toEqual(['https://calepin.example/tiles/modules/{z}/{x}/{y}']);
  });
});

describe('refusals', () => {
  test.each([
    ['no token', '/modules/18/0/0', {}, 401, 'unauthorized'],
    ['a forged token', '/modules/18/0/0', { authorization: 'Bearer abc.def.ghi' }, 401, 'token_invalid'],
    ['a forged ?token=', '/modules/18/0/0?token=abc', {}, 401, 'token_invalid'],
  ])('%s → 401', async (_what, path, headers, status, code) => {
    const reply = await t.get(path, headers);
    expect(reply.status).toBe(status);
    expect(JSON.parse(reply.body.toString()).error.code).toBe(code);
    expect(reply.headers['www-authenticate']).toBe('Bearer');
  });

  test.each([
    ['/modules/23/0/0', 'tile_coordinates', null],
    ['/modules/3/8/0', 'tile_coordinates', null],
    ['/modules/3/0/-1', 'tile_coordinates', null],
    ['/modules/a/b/c', 'tile_coordinates', null],
    ['/modules/18/1/1?plant=nope', 'validation_failed', 'plant'],
    ['/modules/18/1/1?audit=1234', 'validation_failed', 'audit'],
  ])('%s → 400 %s', async (path, code, field) => {
    const reply = await t.as('manager', path);
    expect(reply.status).toBe(400);
    const { error } = JSON.parse(reply.body.toString());
    expect(error).toMatchObject({ code, field });
    expect(error.message.length).toBeGreaterThan(10);
  });

  test('messages in French for French callers', async () => {
    const reply = await t.as('manager', '/modules/40/0/0', { 'accept-language': 'fr-FR,fr;q=0.9' });
    expect(JSON.parse(reply.body.toString()).error.message).toMatch(/n'existe pas/);
  });

  test('unknown source → 404, also inside a composite; other paths → 404', async () => {
    for (const path of ['/nothing/1/0/0', '/modules,nothing/1/0/0', '/nothing', '/modules/1/0']) {
      const reply = await t.as('manager', path);
      expect(reply.status, path).toBe(404);
    }
  });

  test('a raster source is served alone: in a composite → 400 naming it', async () => {
    for (const path of ['/modules,plans/1/0/0', '/plans,modules']) {
      const reply = await t.as('manager', path);
      expect(reply.status, path).toBe(400);
      const { error } = JSON.parse(reply.body.toString());
      expect(error.code).toBe('tile_composite_raster');
      expect(error.message).toMatch(/^plans is a raster source/);
    }
  });

  test('a tile with nothing in it → 204', async () => {
    const reply = await t.as('manager', '/plants,modules,defects/10/0/0');
    expect(reply.status).toBe(204);
    expect(reply.body.length).toBe(0);
  });

  test('only reads: other methods → 405', async () => {
    const reply = await new Promise<number>((resolve) => {
      void fetch(`${t.url}/modules/1/0/0`, { method: 'POST' }).then((r) => resolve(r.status));
    });
    expect(reply).toBe(405);
  });
});

describe('what tiles hold, zoom by zoom (demo ground plant)', () => {
  const all = '/plants,tables,modules,strings,cables,junction_boxes,inverters,defects';

  test('low zooms: the plant as a point with its counts by status, defects gathered', async () => {
    const reply = await t.as('manager', `${all}/${tileAt(ground.lon, ground.lat, 10)}`);
    expect(reply.status).toBe(200);
    expect(describeTile(reply.body)).toBe(
      [
        'plants: 1 Point [client_id, dead, id, inequality, microcracks, module_count, name, not_connected, ok, peak_kwp, pending, string_open]',
        'defects: 1 Point [count, severity, status]',
      ].join('\n'),
    );
    const layers = decodeTile(reply.body);
    const point = layers.plants?.[0]?.properties ?? {};
    const { rows } = await t.api.db.pool.query<{ status: string; n: number }>(
      'select status, count(*)::int as n from modules where plant_id = $1 and deleted_at is null group by status',
      [ground.id],
    );
    for (const { status, n } of rows) expect(point[status], status).toBe(n);
    expect(point.module_count).toBe(9216);
    const { rows: open } = await t.api.db.pool.query<{ n: number }>(
      `select count(*)::int as n from defects where plant_id = $1 and deleted_at is null and resolved_at is null`,
      [ground.id],
    );
    expect(layers.defects?.[0]?.properties.count).toBe(open[0]?.n);
    expect(layers.defects?.[0]?.properties.severity).toBe('urgent');
  });

  test('z14: outlines of the plant and of its blocks of tables, inverters; no modules yet', async () => {
    const reply = await t.as('manager', `${all}/${tileAt(ground.lon, ground.lat, 14)}`);
    const text = describeTile(reply.body);
    expect(text).toMatch(/^plants: 1 Polygon \[client_id, id, name, peak_kwp\]$/m);
    expect(text).toMatch(/^tables: \d+ Polygon \[code, id, kind, name, plant_id\]$/m);
    expect(decodeTile(reply.body).tables?.every((f) => f.properties.kind === 'block')).toBe(true);
    expect(text).not.toMatch(/^(modules|strings|junction_boxes):/m);
  });

  test('z15–16: each table in the status most of its modules have; z17: the other modules over it', async () => {
    const { tile } = await moduleTile('S1-M1', 16);
    const bases = decodeTile((await t.as('manager', `/modules/${tile}`)).body).modules ?? [];
    expect(bases.length).toBeGreaterThan(0);
    expect(Object.keys(bases[0]?.properties ?? {}).sort()).toEqual(['plant_id', 'status', 'table_id']);
    // One feature per table at z16; at z17 the tables plus their odd modules.
    expect(new Set(bases.map((f) => f.properties.table_id)).size).toBe(bases.length);
    const z17 = await moduleTile('S1-M1', 17);
    const patches = decodeTile((await t.as('manager', `/modules/${z17.tile}`)).body).modules ?? [];
    expect(new Set(patches.map((f) => f.properties.table_id)).size).toBeLessThan(patches.length);
  });

  test('z18+: every module with code, status, string and inverter', async () => {
    const { tile } = await moduleTile('S1-M1', 19);
    const layers = decodeTile((await t.as('manager', `/modules/${tile}`)).body);
    const first = layers.modules?.find((f) => f.properties.code === 'S1-M1');
    expect(first?.type).toBe('Polygon');
    expect(first?.properties).toMatchObject({ string: 'S1', status: expect.any(String), plant_id: ground.id });
    expect(first?.properties.inverter).toMatch(/\S/);
    const defects = decodeTile((await t.as('manager', `/defects/${tile}`)).body).defects ?? [];
    for (const d of defects) expect(Object.keys(d.properties)).toEqual(expect.arrayContaining(['id', 'severity', 'status', 'audit_type']));
  });

  test('cables: merged per kind at z15–17, each cable with its code and length from z18', async () => {
    const { rows } = await t.api.db.pool.query<{ lon: number; lat: number }>(
      `select st_x(st_centroid(geom)) as lon, st_y(st_centroid(geom)) as lat from cables
        where plant_id = $1 and kind = 'dc_main' order by code limit 1`,
      [ground.id],
    );
    const at = rows[0] as { lon: number; lat: number };
    const merged = decodeTile((await t.as('manager', `/cables/${tileAt(at.lon, at.lat, 16)}`)).body).cables ?? [];
    const kinds = merged.map((f) => String(f.properties.kind)).sort();
    expect(new Set(kinds).size).toBe(kinds.length);
    expect(kinds).toContain('dc_main');
    expect(kinds).not.toContain('dc_string');
    for (const f of merged) expect(Object.keys(f.properties).sort()).toEqual(['kind', 'plant_id']);
    const z15 = decodeTile((await t.as('manager', `/cables/${tileAt(at.lon, at.lat, 15)}`)).body).cables ?? [];
    expect(z15.map((f) => f.properties.kind)).not.toContain('dc_main');
    const z17 = decodeTile((await t.as('manager', `/cables/${tileAt(at.lon, at.lat, 17)}`)).body).cables ?? [];
    expect(z17.map((f) => f.properties.kind)).toContain('dc_string');
    for (const f of z17) expect(Object.keys(f.properties).sort()).toEqual(['kind', 'plant_id']);
    const each = decodeTile((await t.as('manager', `/cables/${tileAt(at.lon, at.lat, 18)}`)).body).cables ?? [];
    expect(each.length).toBeGreaterThan(merged.length);
    expect(each.every((f) => typeof f.properties.length_m === 'number' && typeof f.properties.code === 'string')).toBe(true);
  });

  test('modules are drawn where ST_AsMVTGeom draws them, with the ring order MVT asks for', async () => {
    const { tile } = await moduleTile('S1-M1', 19);
    const [z, x, y] = tile.split('/').map(Number) as [number, number, number];
    const ours = ringsOf((await t.as('manager', `/modules/${tile}`)).body, 'modules');
    const { rows } = await t.api.db.pool.query<{ mvt: Buffer }>(
      `select st_asmvt(f.*, 'modules', 4096, 'geom') as mvt from (
         select st_asmvtgeom(geom_3857, st_tileenvelope($1, $2, $3), 4096, 64, true) as geom, id::text as id
           from modules where deleted_at is null and geom_3857 && st_tileenvelope($1, $2, $3)) f`,
      [z, x, y],
    );
    const reference = ringsOf(rows[0]?.mvt as Buffer, 'modules');
    let compared = 0;
    for (const [id, rings] of reference) {
      const mine = ours.get(id);
      expect(mine, id).toBeDefined();
      // Fully inside the tile (ST_AsMVTGeom clips the others): same vertices, same winding.
      if (!rings[0]?.points.every((p) => p.split(',').every((c) => Number(c) >= 0 && Number(c) <= 4096))) continue;
      expect(mine?.[0]?.area).toBeGreaterThan(0);
      expect(Math.sign(mine?.[0]?.area ?? 0)).toBe(Math.sign(rings[0]?.area ?? 0));
      expect(new Set(mine?.[0]?.points)).toEqual(new Set(rings[0]?.points));
      compared++;
    }
    expect(compared).toBeGreaterThan(10);
  });

  test('?audit= colours modules by that audit: modules it did not inspect are pending', async () => {
    const { rows } = await t.api.db.pool.query<{ id: string }>(
      `select a.id from audits a where a.plant_id = $1 and exists (select 1 from audit_modules am where am.audit_id = a.id)
        order by a.started_at desc nulls last limit 1`,
      [ground.id],
    );
    const audit = rows[0]?.id as string;
    const { tile } = await moduleTile('S1-M1', 18);
    const layers = decodeTile((await t.as('manager', `/modules/${tile}?audit=${audit}`)).body);
    const { rows: results } = await t.api.db.pool.query<{ code: string; status: string }>(
      `select m.code, coalesce(am.status, 'pending') as status from modules m
         left join audit_modules am on am.module_id = m.id and am.audit_id = $2 and am.deleted_at is null
        where m.plant_id = $1`,
      [ground.id, audit],
    );
    const expected = new Map(results.map((r) => [r.code, r.status]));
    const features = layers.modules ?? [];
    expect(features.length).toBeGreaterThan(100);
    for (const f of features) expect(f.properties.status, String(f.properties.code)).toBe(expected.get(String(f.properties.code)));
  });
});

describe('who sees what', () => {
  test("a client user's tile over both plants holds none of the other company's features", async () => {
    // At z7 both demo plants (50 km apart) fall in one tile.
    const tile = tileAt(ground.lon, ground.lat, 7);
    expect(tileAt(rooftop.lon, rooftop.lat, 7)).toBe(tile);
    const staff = decodeTile((await t.as('manager', `/plants,defects/${tile}`)).body);
    expect(staff.plants?.map((p) => p.properties.id).sort()).toEqual([ground.id, rooftop.id].sort());

    const client = decodeTile((await t.as('client', `/plants,defects/${tile}`)).body);
    expect(client.plants?.map((p) => p.properties.id)).toEqual([rooftop.id]);
    for (const d of client.defects ?? []) if (d.properties.plant_id) expect(d.properties.plant_id).toBe(rooftop.id);

    // The other company's plant, asked for by id and by place: nothing.
    const byId = await t.as('client', `/plants,modules,defects/${tileAt(ground.lon, ground.lat, 18)}?plant=${ground.id}`);
    expect(byId.status).toBe(204);
    const byPlace = await t.as('client', `/plants,tables,modules,defects/${tileAt(ground.lon, ground.lat, 16)}`);
    expect(byPlace.status).toBe(204);
  });

  test('anonymous callers see a plant only once it is shared publicly', async () => {
    const path = `/plants,modules/${tileAt(rooftop.lon, rooftop.lat, 18)}?plant=${rooftop.id}`;
    expect((await t.get(path)).status).toBe(401);
    const applied = t.changesApplied();
    await t.api.db.pool.query('update plants set public_share = true where id = $1', [rooftop.id]);
    await applied;
    const shared = await t.get(path);
    expect(shared.status).toBe(200);
    expect(decodeTile(shared.body).modules?.length).toBeGreaterThan(0);
    // Sharing one plant opens no other.
    expect((await t.get(`/plants/${tileAt(ground.lon, ground.lat, 14)}?plant=${ground.id}`)).status).toBe(401);
    expect((await t.get(`/plants/${tileAt(ground.lon, ground.lat, 14)}`)).status).toBe(401);
  });
});

describe('cache', () => {
  test('gzip when accepted, ETag and 304', async () => {
    const path = `/modules/${tileAt(ground.lon, ground.lat, 18)}`;
    const plain = await t.as('manager', path);
    const zipped = await t.as('manager', path, { 'accept-encoding': 'gzip' });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(zipped.body).equals(plain.body)).toBe(true);
    expect(zipped.headers.etag).not.toBe(plain.headers.etag);
    const again = await t.as('manager', path, { 'if-none-match': String(plain.headers.etag) });
    expect(again.status).toBe(304);
    expect(again.headers['x-tile-cache']).toBe('hit');
  });

  test('an edit evicts exactly the tiles it touches, within a second', async () => {
    const near = await moduleTile('S1-M1', 19);
    const far = await moduleTile('S384-M24', 19);
    expect(far.tile).not.toBe(near.tile);
    const paths = [`/modules/${near.tile}`, `/modules/${far.tile}`, `/plants/${tileAt(rooftop.lon, rooftop.lat, 10)}`];
    for (const p of paths) await t.as('manager', p);
    for (const p of paths) expect((await t.as('manager', p)).headers['x-tile-cache'], p).toBe('hit');
    const before = decodeTile((await t.as('manager', paths[0] as string)).body).modules?.find((f) => f.properties.id === near.id);

    // A technician's finding on one module (as the field app records it).
    const { rows } = await t.api.db.pool.query<{ id: string }>(
      `select id from audits where plant_id = $1 order by started_at desc nulls last limit 1`,
      [ground.id],
    );
    const applied = t.changesApplied();
    const started = Date.now();
    await t.api.db.pool.query(
      `insert into defects (plant_id, audit_id, module_id, defect_type, module_status, severity, geom)
       select plant_id, $2, id, 'dead_module', 'dead', 'urgent', st_centroid(geom) from modules where id = $1`,
      [near.id, rows[0]?.id],
    );
    await applied;
    expect(Date.now() - started).toBeLessThan(1000);

    const after = await t.as('manager', paths[0] as string);
    expect(after.headers['x-tile-cache']).toBe('miss');
    const changed = decodeTile(after.body).modules?.find((f) => f.properties.id === near.id);
    expect(before?.properties.status).not.toBe('dead');
    expect(changed?.properties.status).toBe('dead');
    expect((await t.as('manager', paths[1] as string)).headers['x-tile-cache']).toBe('hit');
    expect((await t.as('manager', paths[2] as string)).headers['x-tile-cache']).toBe('hit');
  });

  test('an edit through the API evicts the plant point it moves, old place and new', async () => {
    const oldTile = tileAt(rooftop.lon, rooftop.lat, 12);
    await t.as('admin', `/plants/${oldTile}`);
    const untouched = `/plants/${tileAt(ground.lon, ground.lat, 12)}`;
    await t.as('admin', untouched);
    const token = await t.api.token('admin');
    const applied = t.changesApplied();
    const moved = { type: 'Point', coordinates: [rooftop.lon + 0.3, rooftop.lat] };
    const reply = await t.api.http
      .patch(`/api/v1/plants/${rooftop.id}`)
      .set('Authorization', `Bearer ${token}`)
      .send({ location: moved });
    expect(reply.status).toBe(200);
    await applied;
    const old = await t.as('admin', `/plants/${oldTile}`);
    expect(old.headers['x-tile-cache']).toBe('miss');
    expect(decodeTile(old.body).plants?.some((p) => p.properties.id === rooftop.id) ?? false).toBe(false);
    const now = decodeTile((await t.as('admin', `/plants/${tileAt(rooftop.lon + 0.3, rooftop.lat, 12)}`)).body);
    expect(now.plants?.map((p) => p.properties.id)).toContain(rooftop.id);
    expect((await t.as('admin', untouched)).headers['x-tile-cache']).toBe('hit');
  });

  test('several instances behind a load balancer each evict what changed', async () => {
    const second = await startTileServer(t.api.db.url);
    try {
      const { id, tile } = await moduleTile('S2-M3', 18);
      const token = await t.api.token('manager');
      const headers = { authorization: `Bearer ${token}` };
      for (const base of [t.url, second.url]) {
        await httpGet(`${base}/modules/${tile}`, headers);
        expect((await httpGet(`${base}/modules/${tile}`, headers)).headers['x-tile-cache']).toBe('hit');
      }
      const both = Promise.all([
        t.changesApplied(),
        new Promise<void>((resolve) => {
          second.tiles.changes.onApplied = () => resolve();
        }),
      ]);
      await t.api.db.pool.query("update modules set code = 'S2-M3-bis' where id = $1", [id]);
      await both;
      for (const base of [t.url, second.url]) {
        const reply = await httpGet(`${base}/modules/${tile}`, headers);
        expect(reply.headers['x-tile-cache'], base).toBe('miss');
        expect(decodeTile(reply.body).modules?.some((f) => f.properties.code === 'S2-M3-bis')).toBe(true);
      }
    } finally {
      await second.tiles.close();
    }
  });
});

describe('through gis-server (/tiles)', () => {
  test('the same bytes, headers and answers as the tile-server itself', async () => {
    const app = createApp(testConfig(t.api.db.url, { tileServerUrl: t.url }), { log: pino({ level: 'silent' }) });
    try {
      const http = request(app.koa.callback());
      const token = await t.api.token('manager');
      const path = `/modules/${tileAt(ground.lon, ground.lat, 18)}`;
      const direct = await t.as('manager', path, { 'accept-encoding': 'gzip' });
      const server = app.koa.listen(0, '127.0.0.1');
      await new Promise((resolve) => server.once('listening', resolve));
      const port = (server.address() as { port: number }).port;
      const proxied = await httpGet(`http://127.0.0.1:${port}/tiles${path}`, {
        authorization: `Bearer ${token}`, 'accept-encoding': 'gzip',
      });
      server.close();
      expect(proxied.status).toBe(200);
      expect(proxied.headers['content-encoding']).toBe('gzip');
      expect(proxied.headers.etag).toBe(direct.headers.etag);
      expect(proxied.body.equals(direct.body)).toBe(true);

      const notModified = await http.get(`/tiles${path}`).set('Authorization', `Bearer ${token}`)
        .set('If-None-Match', String(direct.headers.etag)).set('Accept-Encoding', 'gzip');
      expect(notModified.status).toBe(304);
      const tileJson = await http.get('/tiles/modules').set('Authorization', `Bearer ${token}`).set('Host', 'calepin.example');
      expect(tileJson.body.tiles).toEqual(['http://calepin.example/tiles/modules/{z}/{x}/{y}']);
      expect((await http.get(`/tiles${path}`)).status).toBe(401);
    } finally {
      await app.close();
    }
  });

  test('a tile-server that does not answer → 502 with the error shape', async () => {
    const reply = await t.api.http.get('/tiles/modules/18/0/0');
    expect(reply.status).toBe(502);
    expect(reply.body.error.code).toBe('tiles_unavailable');
  });
});
