// The bulk path of numbering and automatic strings (docs/layout.md, migration 025): one
// UPDATE of the modules that change, codes checked unique at the end of the statement,
// one NOTIFY with the bbox for the tiles, and the edit history still undoes it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { type TestApp, bearer, testApp } from '../../test-support/app';
import { type Notifications, listenTo } from '../../test-support/notifications';
import { ORIGIN, emptyPlant, modelId, offset } from './layout-support';

interface Notice { table: string; op: string; plant_id: string; bbox: number[] | null; rows: number }

let t: TestApp;
let manager: Record<string, string>;
let plant: string;
let table: string;
let listener: pg.PoolClient;
let notices: Notifications<Notice>;

beforeAll(async () => {
  t = await testApp();
  manager = bearer(await t.token('manager'));
  plant = await emptyPlant(t, 'Layout bulk writes');
  const res = await post('/tables', {
    rectangle: { center: await offset(t, ORIGIN, 0, 0), lengthM: 7, widthM: 5, azimuthDeg: 180 },
    fill: { modelId: await modelId(t), rows: 2, columns: 6 },
  });
  expect(res.status, res.text).toBe(201);
  table = res.body.table.id;
  listener = await t.db.pool.connect();
  notices = await listenTo<Notice>(listener, 'layout_changes');
});
afterAll(async () => {
  await notices.close();
  listener.release();
  await t.close();
});

const post = (path: string, body?: unknown) => t.http.post(`/api/v1/plants/${plant}${path}`).set(manager).send(body as object);
const codes = async () =>
  (await t.db.pool.query<{ cell: string; code: string }>(
    `select row_index || '.' || column_index as cell, code from modules where table_id = $1 and deleted_at is null`, [table],
  )).rows.reduce<Record<string, string>>((all, r) => ({ ...all, [r.cell]: r.code }), {});

/** The modules UPDATE notifications of this plant committed while `work` runs. */
async function moduleUpdates(work: () => Promise<unknown>): Promise<Notice[]> {
  await notices.reset();
  await work();
  await notices.settle();
  return notices.seen.filter((n) => n.table === 'modules' && n.op === 'UPDATE' && n.plant_id === plant);
}

describe('numbering in one statement', () => {
  it('swaps codes inside the selection with a single UPDATE, notified once with its bbox', async () => {
    expect((await post('/numbering', { scheme: 'M{n}', order: 'row' })).status).toBe(200);
    expect((await codes())['2.6']).toBe('M12');
    // Serpentine keeps the codes M1…M12 but moves the second row's: they swap pairwise.
    let res: Awaited<ReturnType<typeof post>> | undefined;
    const updates = await moduleUpdates(async () => { res = await post('/numbering', { scheme: 'M{n}', order: 'serpentine' }); });
    expect(res?.status, res?.text).toBe(200);
    expect(res?.body.renumbered).toBe(6);
    const after = await codes();
    expect([after['2.6'], after['2.1']]).toEqual(['M7', 'M12']);
    expect(updates).toHaveLength(1);
    expect(updates[0]?.rows).toBe(6);
    const [x0, y0, x1, y1] = updates[0]?.bbox ?? [];
    expect(ORIGIN[0]).toBeGreaterThan(x0 as number);
    expect(ORIGIN[0]).toBeLessThan(x1 as number);
    expect(ORIGIN[1]).toBeGreaterThan(y0 as number);
    expect(ORIGIN[1]).toBeLessThan(y1 as number);
  });

  it('undo swaps them back in one statement too; redo again', async () => {
    const undone = await moduleUpdates(() => post('/layout/undo'));
    expect(undone).toHaveLength(1);
    expect((await codes())['2.6']).toBe('M12');
    await post('/layout/redo');
    expect((await codes())['2.6']).toBe('M7');
  });

  it('the database still refuses a code held outside the selection, at the end of the statement', async () => {
    const { rows: [loose] } = await t.db.pool.query<{ code: string }>(
      `insert into modules (plant_id, code, geom)
       select plant_id, 'X1', st_translate(geom, 0.001, 0) from modules where table_id = $1 limit 1 returning code`, [table]);
    expect(loose?.code).toBe('X1');
    const clash = await post('/numbering', { scheme: 'X{n}', order: 'row', tableIds: [table] });
    expect(clash.status).toBe(409);
    expect(clash.body.error).toMatchObject({ code: 'duplicate', field: 'code' });
    expect((await codes())['1.1']).toBe('M1');
    await expect(t.db.pool.query(
      `update modules set code = 'M2' where table_id = $1 and code = 'M1'`, [table],
    )).rejects.toThrow(/modules_code_key/);
    // A deleted module's code is free again.
    await t.db.pool.query(`update modules set deleted_at = now() where plant_id = $1 and code = 'X1'`, [plant]);
    const res = await post('/numbering', { scheme: 'X{n}', order: 'row', tableIds: [table] });
    expect(res.status, res.text).toBe(200);
  });
});

describe('automatic strings: only what changes', () => {
  it('writes only the modules whose string or position changes, in one statement; undo unwires', async () => {
    const first = await moduleUpdates(() => post('/strings/auto', { modulesPerString: 6, order: 'serpentine' }));
    expect(first).toHaveLength(1);
    expect(first[0]?.rows).toBe(12);
    const wired = async () => (await t.db.pool.query(
      `select count(*)::int as n from modules where table_id = $1 and string_id is not null and deleted_at is null`, [table])).rows[0].n;
    expect(await wired()).toBe(12);
    let again: Awaited<ReturnType<typeof post>> | undefined;
    const second = await moduleUpdates(async () => { again = await post('/strings/auto', { modulesPerString: 6, order: 'serpentine' }); });
    expect(again?.status, again?.text).toBe(201);
    // New strings S3, S4 replace S1, S2: every module moves string, positions stay.
    expect(second).toHaveLength(1);
    await post('/layout/undo');
    await post('/layout/undo');
    expect(await wired()).toBe(0);
    // 5 per string: 10 modules wired, the 2 left over were unwired already and are not written.
    const odd = await moduleUpdates(() => post('/strings/auto', { modulesPerString: 5, order: 'row' }));
    expect(odd[0]?.rows).toBe(10);
  });
});
