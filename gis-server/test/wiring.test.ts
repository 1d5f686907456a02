import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, bearer, testApp } from '../../test-support/app';
import { ORIGIN, emptyPlant, modelId, offset } from './layout-support';

let t: TestApp;
let manager: Record<string, string>;
let plant: string;
let inverter: { id: string; mpptInputs: { id: string; index: number }[] };
let strings: { id: string; code: string }[];

const post = (path: string, body?: unknown) => t.http.post(`/api/v1/plants/${plant}${path}`).set(manager).send(body as object);
const patch = (path: string, body: unknown) => t.http.patch(`/api/v1/plants/${plant}${path}`).set(manager).send(body as object);
const get = (path: string) => t.http.get(`/api/v1/plants/${plant}${path}`).set(manager);

beforeAll(async () => {
  t = await testApp();
  manager = bearer(await t.token('manager'));
  plant = await emptyPlant(t, 'Wiring');
  const model = await modelId(t);
  const table = await post('/tables', { rectangle: { center: ORIGIN, lengthM: 14, widthM: 5, azimuthDeg: 180 }, fill: { modelId: model, rows: 2, columns: 12 } });
  expect(table.status, table.text).toBe(201);
  expect((await post('/strings/auto', { modulesPerString: 12, order: 'row' })).status).toBe(201);
  strings = (await t.db.pool.query('select id, code from strings where plant_id = $1 and deleted_at is null order by code', [plant])).rows;
  const res = await post('/inverters', {
    code: 'OND-1', location: await offset(t, ORIGIN, 20, 0), manufacturer: 'SMA', model: 'Sunny Tripower CORE1', ratedPowerKw: 50,
    mpptInputs: [{ index: 1, maxStrings: 1, maxVoltageV: 500, maxCurrentA: 20 }, { index: 2, maxStrings: 2, maxVoltageV: 1000 }],
  });
  expect(res.status, res.text).toBe(201);
  inverter = res.body.inverter;
});
afterAll(() => t.close());

describe('wiring warnings', () => {
  it('unassigned strings first, then voltage, current and overfilled inputs once connected', async () => {
    const before = await get('/wiring/warnings');
    expect(before.status).toBe(200);
    expect(before.body.map((w: { code: string }) => w.code).sort()).toEqual(['string_unassigned', 'string_unassigned']);
    const input1 = inverter.mpptInputs.find((i) => i.index === 1)?.id;
    for (const s of strings) expect((await patch(`/strings/${s.id}`, { mpptInputId: input1 })).status).toBe(200);
    const after = await get('/wiring/warnings');
    const codes = after.body.map((w: { code: string }) => w.code);
    expect(codes).toEqual(expect.arrayContaining(['string_voltage', 'mppt_overfilled', 'string_current']));
    expect(after.body[0].severity).toBe('urgent');
    const voltage = after.body.find((w: { code: string }) => w.code === 'string_voltage');
    expect(voltage.message.en).toBe('string S1: 12 modules × Voc 49.75 V = 597 V, above the 500 V of input 1 of OND-1');
    expect(voltage.message.fr).toMatch(/^chaîne S1 : 12 modules × Voc 49.75 V = 597 V/);
    expect(voltage.ids).toContain(strings[0]?.id);
    const current = after.body.find((w: { code: string }) => w.code === 'string_current');
    expect(current.message.en).toMatch(/2 strings × Isc 13.94 A = 27.88 A, above its 20 A/);
  });

  it('flags gaps in positions and modules without a string', async () => {
    await t.db.pool.query("update modules set position_in_string = 40 where string_id = $1 and position_in_string = 3", [strings[1]?.id]);
    await post('/modules', { center: await offset(t, ORIGIN, 0, 30), azimuthDeg: 180, modelId: await modelId(t) });
    const codes = (await get('/wiring/warnings')).body.map((w: { code: string }) => w.code);
    expect(codes).toEqual(expect.arrayContaining(['string_gaps', 'modules_without_string']));
  });
});

describe('single-line diagram', () => {
  it('draws the strings, inputs and inverter with labels in the language asked', async () => {
    const fr = await get(`/inverters/${inverter.id}/single-line.svg?lang=fr`);
    expect(fr.status).toBe(200);
    expect(fr.headers['content-type']).toMatch(/^image\/svg\+xml/);
    const svg = fr.text || String(fr.body);
    expect(svg).toContain('Schéma unifilaire — onduleur OND-1');
    expect(svg).toContain('S1 : 12 × JAM72S30-545/MR');
    expect(svg).toContain('MPPT 2');
    expect(svg).toContain('aucune chaîne raccordée');
    const en = await get(`/inverters/${inverter.id}/single-line.svg?lang=en`);
    expect(en.text || String(en.body)).toContain('Single-line diagram — inverter OND-1');
  });

  it('is 404 for an inverter of another plant', async () => {
    const [other] = (await t.db.pool.query('select id from inverters where plant_id <> $1 limit 1', [plant])).rows;
    expect((await get(`/inverters/${other.id}/single-line.svg`)).status).toBe(404);
  });
});

describe('inverters, junction boxes, cables', () => {
  it('computes a cable\'s length in the plant CRS', async () => {
    const res = await post('/cables', {
      code: 'C-1', kind: 'dc_main', line: { type: 'LineString', coordinates: [ORIGIN, await offset(t, ORIGIN, 60, 80)] },
      from: { kind: 'inverter', id: inverter.id }, crossSectionMm2: 6, conductor: 'cu',
    });
    expect(res.status, res.text).toBe(201);
    expect(res.body.cable.lengthM).toBeCloseTo(100, 1);
    const moved = await patch(`/cables/${res.body.cable.id}`, { line: { type: 'LineString', coordinates: [ORIGIN, await offset(t, ORIGIN, 30, 40)] } });
    expect(moved.body.cable.lengthM).toBeCloseTo(50, 1);
    const bad = await post('/cables', { code: 'C-2', line: { type: 'LineString', coordinates: [ORIGIN] } });
    expect(bad.body.error.field).toBe('line.coordinates');
    const foreign = await post('/cables', { code: 'C-3', line: { type: 'LineString', coordinates: [ORIGIN, await offset(t, ORIGIN, 1, 1)] }, to: { kind: 'string', id: inverter.id } });
    expect(foreign.body.error).toMatchObject({ code: 'layout_ids_unknown', field: 'to.id' });
  });

  it('junction boxes check their input belongs to their inverter; inverters replace inputs by index', async () => {
    const other = await post('/inverters', { code: 'OND-2', location: ORIGIN });
    const wrong = await post('/junction-boxes', { code: 'BJ-1', location: ORIGIN, inverterId: other.body.inverter.id, mpptInputId: inverter.mpptInputs[0]?.id });
    expect(wrong.body.error).toMatchObject({ code: 'mppt_of_other_inverter', field: 'mpptInputId' });
    const box = await post('/junction-boxes', { code: 'BJ-1', location: ORIGIN, mpptInputId: inverter.mpptInputs[1]?.id });
    expect(box.status, box.text).toBe(201);
    expect(box.body.junctionBox.inverterId).toBe(inverter.id);
    const dup = await post('/junction-boxes', { code: 'BJ-1', location: ORIGIN });
    expect(dup.status).toBe(409);
    const res = await patch(`/inverters/${inverter.id}`, { mpptInputs: [{ index: 2, maxStrings: 3 }, { index: 3 }] });
    expect(res.status, res.text).toBe(200);
    expect(res.body.inverter.mpptInputs.map((i: { index: number }) => i.index)).toEqual([2, 3]);
    // The strings on input 1 lost their input; undo brings it back.
    const lost = await t.db.pool.query('select count(*)::int n from strings where plant_id = $1 and mppt_input_id is null and deleted_at is null', [plant]);
    expect(lost.rows[0].n).toBe(2);
    await post('/layout/undo');
    const back = await t.http.get(`/api/v1/plants/${plant}/inverters`).set(manager);
    expect(back.status).toBe(200);
    const restored = await t.db.pool.query('select count(*)::int n from strings where plant_id = $1 and mppt_input_id is null and deleted_at is null', [plant]);
    expect(restored.rows[0].n).toBe(0);
  });

  it('a PATCH of the place alone keeps an inverter\'s inputs and a cable\'s kind', async () => {
    const before = (await get('/inverters')).body.features.find((f: { id: string }) => f.id === inverter.id).properties.mpptInputs;
    expect(before.length).toBeGreaterThan(0);
    const moved = await patch(`/inverters/${inverter.id}`, { location: await offset(t, ORIGIN, 25, 0) });
    expect(moved.status, moved.text).toBe(200);
    expect(moved.body.inverter.mpptInputs.map((i: { id: string }) => i.id)).toEqual(before.map((i: { id: string }) => i.id));
    const cable = await post('/cables', { code: 'C-K', kind: 'ac', line: { type: 'LineString', coordinates: [ORIGIN, await offset(t, ORIGIN, 0, 10)] } });
    const reshaped = await patch(`/cables/${cable.body.cable.id}`, { line: { type: 'LineString', coordinates: [ORIGIN, await offset(t, ORIGIN, 0, 12)] } });
    expect(reshaped.status, reshaped.text).toBe(200);
    expect(reshaped.body.cable.kind).toBe('ac');
  });

  it('technicians may read warnings but not write', async () => {
    const tech = bearer(await t.token('technician'));
    expect((await t.http.get(`/api/v1/plants/${plant}/wiring/warnings`).set(tech)).status).toBe(200);
    expect((await t.http.post(`/api/v1/plants/${plant}/inverters`).set(tech).send({ code: 'X', location: ORIGIN })).status).toBe(403);
  });
});
