// A client sees the results of validated audits only (issue 13, hostile client): while the
// office reviews a new audit, the client's tiles — plant counts, table patches, modules,
// defects, at every zoom — stay what they were; once it is validated they are the office's.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { decodeTile } from './decode';
import { type TileTest, tileAt, tileTest } from './support';

let t: TileTest;
let rooftop: { id: string; lon: number; lat: number };

beforeAll(async () => {
  t = await tileTest();
  const { rows } = await t.api.db.pool.query<{ id: string; lon: number; lat: number }>(
    `select p.id, st_x(st_centroid(st_collect(m.geom))) as lon, st_y(st_centroid(st_collect(m.geom))) as lat
       from plants p join modules m on m.plant_id = p.id where p.name = 'Toiture Ateliers Garonne' group by p.id`);
  rooftop = rows[0] as typeof rooftop;
});
afterAll(() => t?.close());

const LAYERS = '/plants,modules,defects';
const zooms = [12, 14, 16, 17, 18];
const paths = () => zooms.map((z) => `${LAYERS}/${tileAt(rooftop.lon, rooftop.lat, z)}?plant=${rooftop.id}`);

/** Each zoom's tile as its layers' features, in a stable order (the published patches come in another). */
async function tiles(role: 'client' | 'manager'): Promise<string[]> {
  return Promise.all(paths().map(async (path) => {
    const reply = await t.as(role, path);
    expect(reply.status, path).toBe(200);
    const layers = Object.entries(decodeTile(reply.body)).map(([name, features]) => [name, features.map((f) => JSON.stringify(f)).sort()]);
    return JSON.stringify(layers);
  }));
}

describe('a client and an audit under review', () => {
  test('sees the last validated results until the office validates the new audit', async () => {
    const before = await tiles('client');
    expect(await tiles('manager')).toEqual(before);

    // A new EL audit, not validated: every module of string S5 is open-circuit.
    const db = t.api.db.pool;
    const auditId: string = (await db.query(
      `insert into audits (plant_id, audit_type, status, started_at, performed_by)
       values ($1, 'el', 'done', now(), (select id from users where role = 'technician' limit 1)) returning id`,
      [rooftop.id])).rows[0].id;
    await db.query(
      `insert into defects (plant_id, audit_id, module_id, defect_type, module_status, severity, geom, observed_at)
       select plant_id, $2, id, 'string_open', 'string_open', 'urgent', st_pointonsurface(geom), now()
         from modules where plant_id = $1 and code like 'S5-%' and deleted_at is null`,
      [rooftop.id, auditId]);
    const s5 = (await db.query(`select count(*)::int as n from modules where plant_id = $1 and code like 'S5-%'`, [rooftop.id])).rows[0].n;
    expect(s5).toBeGreaterThan(10);

    // The office sees it at once (once the tile-server heard the change); the client does not.
    await expect.poll(async () => (await tiles('manager')).filter((tile, i) => tile !== before[i]).length, { timeout: 10_000 }).toBe(zooms.length);
    const office = await tiles('manager');
    const z18 = decodeTile((await t.as('manager', paths()[4] as string)).body);
    expect(z18.modules?.filter((m) => String(m.properties.code).startsWith('S5-')).map((m) => m.properties.status))
      .toEqual(Array(s5).fill('string_open'));
    expect(await tiles('client')).toEqual(before);

    // Nor by naming the audit: its results are not there for a client.
    const named = decodeTile((await t.as('client', `${paths()[4]}&audit=${auditId}`)).body);
    expect(named.defects ?? []).toHaveLength(0);
    expect(new Set(named.modules?.map((m) => m.properties.status))).toEqual(new Set(['pending']));
    const namedByOffice = decodeTile((await t.as('manager', `${paths()[4]}&audit=${auditId}`)).body);
    expect(namedByOffice.defects?.length).toBeGreaterThanOrEqual(s5);

    // Validated: the client's tiles are the office's.
    await db.query(
      `update audits set validated_at = now(), validated_by = (select id from users where role = 'manager' limit 1) where id = $1`, [auditId]);
    await expect.poll(async () => (await tiles('client')).filter((tile, i) => tile !== before[i]).length, { timeout: 10_000 }).toBe(zooms.length);
    expect(await tiles('client')).toEqual(office);

    // Its validation withdrawn: back to what the client saw before.
    await db.query('update audits set validated_at = null, validated_by = null where id = $1', [auditId]);
    await expect.poll(async () => tiles('client'), { timeout: 10_000 }).toEqual(before);
    expect(await tiles('manager')).toEqual(office);
  });
});
