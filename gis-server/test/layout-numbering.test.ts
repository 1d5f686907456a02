import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, bearer, testApp } from '../../test-support/app';
import { ORIGIN, emptyPlant, modelId, offset } from './layout-support';

let t: TestApp;
let manager: Record<string, string>;
let plant: string;
const tables: string[] = [];

beforeAll(async () => {
  t = await testApp();
  manager = bearer(await t.token('manager'));
  plant = await emptyPlant(t, 'Layout numbering');
  const model = await modelId(t);
  // Two 2 × 6 tables side by side: T1 west, T2 east.
  for (const dx of [0, 10]) {
    const res = await post('/tables', {
      rectangle: { center: await offset(t, ORIGIN, dx, 0), lengthM: 7, widthM: 5, azimuthDeg: 180 },
      fill: { modelId: model, rows: 2, columns: 6 },
    });
    expect(res.status, res.text).toBe(201);
    tables.push(res.body.table.id);
  }
});
afterAll(() => t.close());

const post = (path: string, body?: unknown) => t.http.post(`/api/v1/plants/${plant}${path}`).set(manager).send(body as object);
const q = async (sql: string, values: unknown[] = []) => (await t.db.pool.query(sql, values)).rows;
const code = async (table: string, row: number, col: number) =>
  (await q('select code from modules where table_id = $1 and row_index = $2 and column_index = $3 and deleted_at is null', [table, row, col]))[0].code;

describe('numbering', () => {
  it('T{table}-R{row}-C{col}, tables west to east', async () => {
    const res = await post('/numbering', { scheme: 'P{table}.{row}.{col}', order: 'row' });
    expect(res.status, res.text).toBe(200);
    expect(res.body.renumbered).toBe(24);
    expect(await code(tables[0] as string, 2, 6)).toBe('P1.2.6');
    expect(await code(tables[1] as string, 1, 1)).toBe('P2.1.1');
  });

  it('serpentine running numbers, then undo restores the previous codes', async () => {
    const res = await post('/numbering', { scheme: 'M{n}', order: 'serpentine' });
    expect(res.status, res.text).toBe(200);
    expect(await code(tables[0] as string, 1, 6)).toBe('M6');
    expect(await code(tables[0] as string, 2, 6)).toBe('M7');
    expect(await code(tables[1] as string, 1, 1)).toBe('M13');
    await post('/layout/undo');
    expect(await code(tables[0] as string, 2, 6)).toBe('P1.2.6');
    await post('/layout/redo');
    expect(await code(tables[0] as string, 2, 6)).toBe('M7');
  });

  it('refuses schemes that cannot tell modules apart or collide outside the selection', async () => {
    const bad = await post('/numbering', { scheme: 'T{table}', order: 'row' });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'scheme_not_unique', field: 'scheme' });
    const unknown = await post('/numbering', { scheme: '{foo}-{n}' });
    expect(unknown.body.error).toMatchObject({ code: 'scheme_unknown_placeholder', field: 'scheme' });
    // T2's modules would take M1…M12, which T1's modules hold.
    const clash = await post('/numbering', { scheme: 'M{n}', order: 'row', tableIds: [tables[1]] });
    expect(clash.status).toBe(409);
    expect(clash.body.error).toMatchObject({ code: 'duplicate', field: 'code' });
  });
});

describe('strings', () => {
  it('automatic strings of 8 along serpentine rows, continuing on the next table', async () => {
    const res = await post('/strings/auto', { modulesPerString: 8, order: 'serpentine' });
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({ stringCount: 3, unassigned: 0 });
    const s1 = await q(
      `select m.row_index, m.column_index from modules m join strings s on s.id = m.string_id
        where s.plant_id = $1 and s.code = 'S1' order by m.position_in_string`, [plant]);
    expect(s1.map((r) => `${r.row_index}.${r.column_index}`)).toEqual(['1.1', '1.2', '1.3', '1.4', '1.5', '1.6', '2.6', '2.5']);
    const geom = await q("select st_geometrytype(geom) t from strings where plant_id = $1 and code = 'S2'", [plant]);
    expect(geom[0].t).toBe('ST_MultiPolygon');
  });

  it('S{string}-M{index} numbering follows the strings', async () => {
    await post('/numbering', { scheme: 'S{string}-M{index}', order: 'serpentine' });
    expect(await code(tables[0] as string, 2, 5)).toBe('S1-M8');
    expect(await code(tables[1] as string, 1, 1)).toBe('S2-M5');
  });

  it('a string picked by hand takes its modules from their former strings', async () => {
    const picked = (await q('select id from modules where table_id = $1 and row_index = 2 order by column_index', [tables[1]])).map((r) => r.id);
    const res = await post('/strings', { moduleIds: picked, code: 'S-HAND' });
    expect(res.status, res.text).toBe(201);
    expect(res.body.string).toMatchObject({ code: 'S-HAND', moduleCount: 6 });
    const repeated = await post('/strings', { moduleIds: [picked[0], picked[0]] });
    expect(repeated.body.error).toMatchObject({ code: 'module_repeated', field: 'moduleIds' });
    const dup = await post('/strings', { moduleIds: [picked[0]], code: 'S-HAND' });
    expect(dup.status).toBe(409);
  });

  it('connects a string to an inverter input, refuses an input of another inverter', async () => {
    const [string] = await q("select id from strings where plant_id = $1 and code = 'S1'", [plant]);
    const inv = await post('/inverters', { code: 'INV-A', location: ORIGIN, mpptInputs: [{ index: 1, maxStrings: 2, maxVoltageV: 1000 }] });
    expect(inv.status, inv.text).toBe(201);
    const input = inv.body.inverter.mpptInputs[0].id;
    const res = await t.http.patch(`/api/v1/plants/${plant}/strings/${string.id}`).set(manager).send({ mpptInputId: input });
    expect(res.status, res.text).toBe(200);
    expect(res.body.string).toMatchObject({ inverterId: inv.body.inverter.id, mpptInputId: input });
    const other = await post('/inverters', { code: 'INV-B', location: ORIGIN });
    const wrong = await t.http.patch(`/api/v1/plants/${plant}/strings/${string.id}`).set(manager)
      .send({ inverterId: other.body.inverter.id, mpptInputId: input });
    expect(wrong.body.error).toMatchObject({ code: 'mppt_of_other_inverter', field: 'mpptInputId' });
  });

  it('deletes a string: its modules stay, unwired; undo wires them back', async () => {
    const [string] = await q("select id from strings where plant_id = $1 and code = 'S3'", [plant]);
    const res = await t.http.delete(`/api/v1/plants/${plant}/strings/${string.id}`).set(manager);
    expect(res.status, res.text).toBe(200);
    const wired = async () => Number((await q('select count(*) from modules where string_id = $1', [string.id]))[0].count);
    expect(await wired()).toBe(0);
    await post('/layout/undo');
    expect(await wired()).toBeGreaterThan(0);
  });
});
