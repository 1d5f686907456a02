import { createApp } from '@calepin/gis-server';
import { readAccessToken, tokenKey } from '@calepin/core/tokens';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { TokenService } from '../../gis-server/src/capabilities/auth/tokens';
import { TEST_SECRET, testConfig } from '../../test-support/app';
import { type SseEvent, type SseStream, openSse } from './sse';
import { type TileTest, startTileServer, tileTest } from './support';

interface Change {
  plant: string;
  table: string;
  op: string;
  rows: number;
  sources: string[];
  bbox: [number, number, number, number] | null;
  point: [number, number] | null;
}

let t: TileTest;
let ground: string;
let rooftop: string;
const open: SseStream[] = [];

const changeOf = (e: SseEvent) => JSON.parse(e.data) as Change;
const isChange = (plant: string, table?: string) => (e: SseEvent) =>
  e.event === 'change' && changeOf(e).plant === plant && (!table || changeOf(e).table === table);

async function subscribe(query: string, headers: Record<string, string> = {}, base = t.url): Promise<SseStream> {
  const stream = await openSse(`${base}/events${query}`, headers);
  open.push(stream);
  return stream;
}
const bearer = async (role: 'manager' | 'client' | 'admin') => ({ authorization: `Bearer ${await t.api.token(role)}` });

beforeAll(async () => {
  t = await tileTest();
  const id = async (name: string) =>
    (await t.api.db.pool.query<{ id: string }>('select id from plants where name = $1', [name])).rows[0]?.id as string;
  ground = await id('Centrale au sol de Saint-Lys');
  rooftop = await id('Toiture Ateliers Garonne');
});
afterAll(async () => {
  for (const stream of open) stream.close();
  await t?.close();
});

describe('GET /events: refusals like the tiles', () => {
  test('401 without a token, 401 with a bad one, 400 for a plant that is not an id', async () => {
    const none = await subscribe('');
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toBe('Bearer');
    expect(JSON.parse(none.body).error.code).toBe('unauthorized');
    expect((await subscribe(`?plant=${ground}`)).status).toBe(401);
    expect((await subscribe('?token=nope')).status).toBe(401);
    const bad = await subscribe('?plant=42', await bearer('manager'));
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).error.field).toBe('plant');
    const french = await openSse(`${t.url}/events`, { 'accept-language': 'fr' });
    expect(JSON.parse(french.body).error.message).toMatch(/authentification requise/);
  });

  test("404 for a plant the client user may not see (another company's)", async () => {
    const reply = await subscribe(`?plant=${ground}`, await bearer('client'));
    expect(reply.status).toBe(404);
    expect(JSON.parse(reply.body).error.field).toBe('plant');
  });

  test('no tile source can shadow the events path (martin would read /events as a source)', () => {
    expect(t.tiles.sources.sources.map((s) => s.id)).not.toContain('events');
  });
});

describe('GET /events: changes after they reach the cache', () => {
  test('a module edit reaches the staff map of that plant with its bbox; the client user of another company hears nothing', async () => {
    const staff = await subscribe(`?plant=${ground}`, await bearer('manager'));
    expect(staff.status).toBe(200);
    expect(staff.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(JSON.parse((await staff.next((e) => e.event === 'ready')).data)).toEqual({ plant: ground, scope: 'staff' });
    const everything = await subscribe('', await bearer('admin'));
    const client = await subscribe('', { authorization: `Bearer ${await t.api.token('client')}` });
    await everything.next((e) => e.event === 'ready');
    await client.next((e) => e.event === 'ready');

    const { rows } = await t.api.db.pool.query<{ id: string; box: [number, number, number, number] }>(
      `select id, array[st_xmin(geom), st_ymin(geom), st_xmax(geom), st_ymax(geom)]::float8[] as box
         from modules where plant_id = $1 and code = 'S1-M2'`,
      [ground],
    );
    const module = rows[0] as { id: string; box: [number, number, number, number] };
    const started = Date.now();
    await t.api.db.pool.query("update modules set status = 'dead' where id = $1", [module.id]);
    const event = await staff.next(isChange(ground, 'modules'));
    const delay = Date.now() - started;
    console.log(`edit → event on the stream: ${delay} ms`);
    expect(delay).toBeLessThan(1000);
    const change = changeOf(event);
    expect(change).toMatchObject({ plant: ground, table: 'modules', op: 'UPDATE', rows: 1 });
    expect(change.sources).toEqual(['modules', 'plants', 'defects']);
    for (const [i, v] of module.box.entries()) expect(change.bbox?.[i]).toBeCloseTo(v, 9);
    expect(change.point).toHaveLength(2);
    // By then the tile is already out of the cache: what the map refetches is new.
    await everything.next(isChange(ground, 'modules'));

    // An edit of the client's own plant reaches it: it was listening all along.
    await t.api.db.pool.query("update modules set status = 'dead' where id = (select id from modules where plant_id = $1 limit 1)", [rooftop]);
    await client.next(isChange(rooftop, 'modules'));
    expect(client.events.filter((e) => e.event === 'change' && changeOf(e).plant !== rooftop)).toEqual([]);
    // The staff stream of the ground plant hears nothing of the rooftop.
    await everything.next(isChange(rooftop, 'modules'));
    expect(staff.events.filter((e) => e.event === 'change' && changeOf(e).plant !== ground)).toEqual([]);
  });

  test('an edit through the API (plant moved) is told with the plant and its sources', async () => {
    const staff = await subscribe(`?plant=${rooftop}`, await bearer('manager'));
    await staff.next((e) => e.event === 'ready');
    const { rows } = await t.api.db.pool.query<{ lon: number; lat: number }>(
      'select st_x(location) as lon, st_y(location) as lat from plants where id = $1',
      [rooftop],
    );
    const at = rows[0] as { lon: number; lat: number };
    const reply = await t.api.http
      .patch(`/api/v1/plants/${rooftop}`)
      .set('Authorization', `Bearer ${await t.api.token('admin')}`)
      .send({ location: { type: 'Point', coordinates: [at.lon + 0.001, at.lat] } });
    expect(reply.status).toBe(200);
    const change = changeOf(await staff.next(isChange(rooftop, 'plants')));
    expect(change.sources).toEqual(['plants']);
    expect(change.point?.[0]).toBeCloseTo(at.lon + 0.001, 9);
  });

  test('anonymous callers hear only a publicly shared plant, asked for by ?plant=', async () => {
    expect((await subscribe(`?plant=${rooftop}`)).status).toBe(401);
    // The plants index follows the plant change before the change is told.
    const watcher = await subscribe(`?plant=${rooftop}`, await bearer('admin'));
    await watcher.next((e) => e.event === 'ready');
    await t.api.db.pool.query('update plants set public_share = true where id = $1', [rooftop]);
    await watcher.next(isChange(rooftop, 'plants'));
    const anonymous = await subscribe(`?plant=${rooftop}`);
    expect(anonymous.status).toBe(200);
    expect(JSON.parse((await anonymous.next((e) => e.event === 'ready')).data).scope).toBe('public');
    const heard = watcher.events.length;
    await t.api.db.pool.query('update plants set public_share = false where id = $1', [rooftop]);
    // Heard before the test ends, so that this change cannot reach the next test's stream.
    await watcher.next((e) => watcher.events.indexOf(e) >= heard && isChange(rooftop, 'plants')(e));
  });

  test('a lost listener connection tells every map to refetch everything (reset)', async () => {
    const staff = await subscribe('', await bearer('manager'));
    await staff.next((e) => e.event === 'ready');
    await t.api.db.pool.query(
      `select pg_terminate_backend(pid) from pg_stat_activity
        where application_name = 'calepin-tile-listener' and datname = current_database()`,
    );
    // The next event after the connection loss: a reset (every map refetches all), not a change.
    const next = await staff.next((e) => e.event !== 'ready', 10_000);
    expect(next).toMatchObject({ event: 'reset', data: '{}' });
  });
});

describe('GET /events: the stream itself', () => {
  test('heartbeats, the end at token expiry, and a bounded number of subscribers', async () => {
    const limited = await startTileServer(t.api.db.url, undefined, { eventsMax: 1, eventsHeartbeatSeconds: 1 });
    try {
      // A token that expires in 2 s.
      const manager = await readAccessToken(tokenKey(TEST_SECRET), await t.api.token('manager'));
      if (!manager) throw new Error('the manager token does not verify');
      const short = await new TokenService(TEST_SECRET, 2, 60).issueAccess(manager.user, manager.generation);
      const first = await openSse(`${limited.url}/events?token=${short}`);
      open.push(first);
      expect(first.status).toBe(200);
      const second = await openSse(`${limited.url}/events`, await bearer('manager'));
      expect(second.status).toBe(503);
      expect(second.headers['retry-after']).toBe('10');
      expect(JSON.parse(second.body).error.code).toBe('events_full');
      await first.next((e) => e.event === 'expired', 4000);
      await first.ended;
      expect(first.comments).toBeGreaterThanOrEqual(1);
      await until(() => limited.tiles.live.size === 0);
      // The place is free again.
      const third = await openSse(`${limited.url}/events`, await bearer('manager'));
      open.push(third);
      expect(third.status).toBe(200);
    } finally {
      await limited.tiles.close();
    }
  });

  test('through gis-server (/tiles/events): streamed as it comes, and closed upstream when the browser goes', async () => {
    const app = createApp(testConfig(t.api.db.url, { tileServerUrl: t.url }), { log: pino({ level: 'silent' }) });
    const server = app.koa.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const address = server.address() as { port: number };
      const before = t.tiles.live.size;
      const stream = await openSse(`http://127.0.0.1:${address.port}/tiles/events?plant=${ground}`, await bearer('manager'));
      expect(stream.status).toBe(200);
      expect(stream.headers['content-type']).toBe('text/event-stream; charset=utf-8');
      await stream.next((e) => e.event === 'ready');
      expect(t.tiles.live.size).toBe(before + 1);
      await t.api.db.pool.query("update modules set status = 'ok' where plant_id = $1 and code = 'S1-M2'", [ground]);
      await stream.next(isChange(ground, 'modules'));
      stream.close();
      await until(() => t.tiles.live.size === before);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await app.close();
    }
  });
});

async function until(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
