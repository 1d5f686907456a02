import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, bearer, testApp } from '../../test-support/app';
import { ORIGIN, emptyPlant, modelId, offset } from './layout-support';

let t: TestApp;
let manager: Record<string, string>;
let plant: string;
let model: string;
let table: string;

beforeAll(async () => {
  t = await testApp();
  manager = bearer(await t.token('manager'));
  plant = await emptyPlant(t, 'Layout edits');
  model = await modelId(t);
  const res = await post('/tables', {
    rectangle: { center: ORIGIN, lengthM: 12, widthM: 5, azimuthDeg: 180 },
    fill: { modelId: model, rows: 2, columns: 10 },
  });
  expect(res.status, res.text).toBe(201);
  table = res.body.table.id;
});
afterAll(() => t.close());

const post = (path: string, body?: unknown) => t.http.post(`/api/v1/plants/${plant}${path}`).set(manager).send(body as object);
const q = async (sql: string, values: unknown[] = []) => (await t.db.pool.query(sql, values)).rows;
const live = async () => Number((await q('select count(*) from modules where plant_id = $1 and deleted_at is null', [plant]))[0].count);
const centre = async (id: string) =>
  (await q('select st_x(c) as x, st_y(c) as y from (select st_centroid(st_transform(geom, 2154)) c from tables where id = $1) s', [id]))[0];

describe('move, rotate, copy, delete, undo, redo', () => {
  it('moves a table with its modules by metres in the plant CRS, and undoes it', async () => {
    const before = await centre(table);
    const res = await post('/layout/transform', { tables: [table], translateM: [5, -2] });
    expect(res.status, res.text).toBe(200);
    expect(res.body.moved).toEqual({ tables: 1, modules: 20 });
    const after = await centre(table);
    expect(after.x - before.x).toBeCloseTo(5, 3);
    expect(after.y - before.y).toBeCloseTo(-2, 3);
    const inside = await q('select count(*)::int n from modules m join tables t on t.id = m.table_id where t.id = $1 and st_within(m.geom, st_buffer(t.geom, 1e-7))', [table]);
    expect(inside[0].n).toBe(20);
    const undo = await post('/layout/undo');
    expect(undo.status).toBe(200);
    expect(undo.body.description).toEqual({ en: '21 item(s) moved', fr: '21 élément(s) déplacé(s)' });
    const back = await centre(table);
    expect(back.x).toBeCloseTo(before.x, 4);
    const redo = await post('/layout/redo');
    expect(redo.body.editId).toBe(res.body.editId);
    expect((await centre(table)).x - before.x).toBeCloseTo(5, 3);
  });

  it('rotates clockwise about the centre and turns the azimuth', async () => {
    const res = await post('/layout/transform', { tables: [table], rotateDeg: 10 });
    expect(res.status, res.text).toBe(200);
    const [row] = await q('select azimuth_deg from tables where id = $1', [table]);
    expect(row.azimuth_deg).toBe(190);
    const modules = await q('select distinct azimuth_deg from modules where table_id = $1', [table]);
    expect(modules).toEqual([{ azimuth_deg: 190 }]);
  });

  it('copies a table beside itself with new codes, refuses a copy on top of it', async () => {
    const overlap = await post('/layout/copy', { tables: [table], translateM: [3, 0] });
    expect(overlap.status).toBe(409);
    expect(overlap.body.error.code).toBe('modules_overlap');
    const res = await post('/layout/copy', { tables: [table], translateM: [0, 20] });
    expect(res.status, res.text).toBe(201);
    expect(res.body.ids.tables).toHaveLength(1);
    expect(res.body.ids.modules).toHaveLength(20);
    const codes = await q('select code from modules where table_id = $1 order by code limit 1', [res.body.ids.tables[0]]);
    expect(codes[0].code).toBe('T2-R1-C1');
    expect(await live()).toBe(40);
  });

  it('deletes and brings back with undo; a new edit drops the redo', async () => {
    const res = await post('/layout/delete', { tables: [table] });
    expect(res.body.deleted).toEqual({ tables: 1, modules: 20 });
    expect(await live()).toBe(20);
    await post('/layout/undo');
    expect(await live()).toBe(40);
    await post('/layout/redo');
    expect(await live()).toBe(20);
    await post('/layout/undo');
    const single = await post('/modules', { center: await offset(t, ORIGIN, 0, 60), azimuthDeg: 180, modelId: model });
    expect(single.status).toBe(201);
    const redo = await post('/layout/redo');
    expect(redo.status).toBe(409);
    expect(redo.body.error.code).toBe('nothing_to_redo');
  });

  it('undo and redo refuse when there is nothing, history lists the edits', async () => {
    const other = await emptyPlant(t, 'Layout edits, empty');
    const res = await t.http.post(`/api/v1/plants/${other}/layout/undo`).set(manager).set('accept-language', 'fr');
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'nothing_to_undo', message: 'rien à annuler' });
    const history = await t.http.get(`/api/v1/plants/${plant}/layout/history`).set(manager);
    expect(history.body.items[0].description.en).toMatch(/^Module M\d+ placed$/);
  });

  it('undoes only the edit the screen shows: one made since is named, and nothing is undone', async () => {
    const mine = await post('/modules', { center: await offset(t, ORIGIN, 10, 60), azimuthDeg: 180, modelId: model });
    expect(mine.status, mine.text).toBe(201);
    // Someone else places a module after the screen showed "mine" as the latest edit.
    const theirs = await post('/modules', { center: await offset(t, ORIGIN, 20, 60), azimuthDeg: 180, modelId: model });
    const count = await live();
    const stale = await t.http.post(`/api/v1/plants/${plant}/layout/undo`).set(manager).set('accept-language', 'fr')
      .send({ editId: mine.body.editId });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'edit_not_latest', field: 'editId' });
    expect(stale.body.error.message, JSON.stringify(stale.body)).toMatch(/^editId: rien n’a été annulé : la dernière modification est maintenant « Module M\d+ posé »/);
    expect(await live()).toBe(count);
    const undo = await post('/layout/undo', { editId: theirs.body.editId });
    expect(undo.status, undo.text).toBe(200);
    expect(undo.body.editId).toBe(theirs.body.editId);
    expect(await live()).toBe(count - 1);
    const bad = await post('/layout/undo', { editId: 'not-an-id' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('editId');
  });

  it('refuses ids of another plant and empty selections', async () => {
    const [foreign] = await q("select id from modules where plant_id <> $1 limit 1", [plant]);
    const res = await post('/layout/delete', { modules: [foreign.id] });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'layout_ids_unknown', field: 'modules' });
    const empty = await post('/layout/transform', { translateM: [1, 1] });
    expect(empty.body.error).toMatchObject({ code: 'nothing_selected' });
  });
});

describe('GeoJSON download', () => {
  it('serves a layer as an attachment with ?download=1', async () => {
    const res = await t.http.get(`/api/v1/plants/${plant}/modules?download=1`).set(manager);
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toBe('attachment; filename="Layout_edits-modules.geojson"');
    expect(res.headers['content-type']).toMatch(/^application\/geo\+json/);
    const plain = await t.http.get(`/api/v1/plants/${plant}/modules`).set(manager);
    expect(plain.headers['content-disposition']).toBeUndefined();
  });
});
