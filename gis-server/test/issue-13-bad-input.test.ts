// Issue 13, replayed as found by the black-box probe: requests that answered 500, and
// requests that were accepted but wrong. Each must now be a 4xx naming the field.
// (The plan raster cases are in plans-limits.test.ts, the WFS filter depth in the OGC tests.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, bearer, testApp } from '../../test-support/app';
import { ORIGIN, emptyPlant, modelId, offset } from './layout-support';

let t: TestApp;
let manager: Record<string, string>;
let clientId: string;
let plantId: string;

beforeAll(async () => {
  t = await testApp();
  manager = bearer(await t.token('manager'));
  clientId = (await t.db.pool.query(`select id from clients where siret = '84213657900018'`)).rows[0].id;
  plantId = await emptyPlant(t, 'Issue 13 plant');
});
afterAll(() => t.close());

const refusal = (response: { status: number; body: { error: { code: string; field: string | null } } }) => [
  response.status,
  response.body.error?.field,
];

describe('the 500s', () => {
  it('POST /plants with a boundary whose ring is empty: 400 on the ring', async () => {
    const response = await t.http.post('/api/v1/plants').set(manager)
      .send({ clientId, name: 'Empty ring', boundary: { type: 'Polygon', coordinates: [[]] } });
    expect(refusal(response)).toEqual([400, 'boundary.coordinates.0']);
    expect(response.body.error.message).toBe('boundary.coordinates.0: a ring needs at least 4 positions');
  });

  it('POST /clients with a NUL character: 400 on the field, wherever it is', async () => {
    const inName = await t.http.post('/api/v1/clients').set(manager).send({ name: 'Acme\u0000 Solar' });
    expect(refusal(inName)).toEqual([400, 'name']);
    const inNotes = await t.http.post('/api/v1/clients').set(manager).send({ name: 'Acme Solar', notes: 'a\u0000b' });
    expect(refusal(inNotes)).toEqual([400, 'notes']);
    expect(inNotes.body.error.message).toMatch(/^notes: must not contain the NUL character/);
    const inQuery = await t.http.get('/api/v1/plants?q=a%00b').set(manager);
    expect(refusal(inQuery)).toEqual([400, 'q']);
    const french = await t.http.post('/api/v1/clients').set(manager).set('Accept-Language', 'fr').send({ name: 'x', city: '\u0000' });
    expect(french.body.error.message).toMatch(/^city: ne doit pas contenir le caractère NUL/);
  });
});

describe('accepted but wrong', () => {
  it('a table placed 8,000 km away from its plant', async () => {
    const model = await modelId(t);
    const far = await t.http.post(`/api/v1/plants/${plantId}/tables`).set(manager).send({
      rectangle: { center: [-60, 12], lengthM: 12, widthM: 5, azimuthDeg: 180 },
      fill: { modelId: model, rows: 2, columns: 5 },
    });
    expect(refusal(far)).toEqual([400, 'rectangle.center']);
    expect(far.body.error.code).toBe('layout_far_from_plant');
    expect(far.body.error.message).toMatch(/^rectangle\.center: lies \d{4} km from the plant: a layout stays within 20 km/);
    const near = await t.http.post(`/api/v1/plants/${plantId}/tables`).set(manager).send({
      rectangle: { center: await offset(t, ORIGIN, 500, 0), lengthM: 12, widthM: 5, azimuthDeg: 180 },
      fill: { modelId: model, rows: 2, columns: 5 },
    });
    expect(near.status).toBe(201);

    // Moved or copied away step by step (10 km at most per request), placed as a single
    // module, an inverter or a cable far away: the same.
    const move = () => t.http.post(`/api/v1/plants/${plantId}/layout/transform`).set(manager)
      .send({ tables: [near.body.table.id], translateM: [10_000, 0] });
    expect((await move()).status).toBe(200);
    expect(refusal(await move())).toEqual([400, 'translateM']);
    const copied = await t.http.post(`/api/v1/plants/${plantId}/layout/copy`).set(manager)
      .send({ tables: [near.body.table.id], translateM: [10_000, 0] });
    expect(refusal(copied)).toEqual([400, 'translateM']);
    const module = await t.http.post(`/api/v1/plants/${plantId}/modules`).set(manager)
      .send({ center: [100, 0], modelId: model, azimuthDeg: 180 });
    expect(refusal(module)).toEqual([400, 'center']);
    const inverter = await t.http.post(`/api/v1/plants/${plantId}/inverters`).set(manager)
      .send({ code: 'INV-FAR', location: [-60, 12], mpptInputs: [] });
    expect(refusal(inverter)).toEqual([400, 'location']);
    const cable = await t.http.post(`/api/v1/plants/${plantId}/cables`).set(manager)
      .send({ code: 'C-FAR', kind: 'ac', line: { type: 'LineString', coordinates: [ORIGIN, [-60, 12]] } });
    expect(refusal(cable)).toEqual([400, 'line']);
    // Nothing of it was kept.
    const { rows } = await t.db.pool.query('select count(*)::int as n from tables where plant_id = $1 and deleted_at is null', [plantId]);
    expect(rows[0].n).toBe(1);
  });

  it('a plant boundary of 747,671 ha', async () => {
    // About 86 × 87 km near Toulouse: the surface of a whole French département.
    const boundary = { type: 'Polygon', coordinates: [[[0.8, 43.2], [1.87, 43.2], [1.87, 43.98], [0.8, 43.98], [0.8, 43.2]]] };
    const response = await t.http.post('/api/v1/plants').set(manager).send({ clientId, name: 'Département', boundary });
    expect(refusal(response)).toEqual([400, 'boundary']);
    expect(response.body.error.message).toMatch(/^boundary: covers \d+ ha; a plant boundary covers at most 10000 ha/);
    const patched = await t.http.patch(`/api/v1/plants/${plantId}`).set(manager).send({ boundary });
    expect(refusal(patched)).toEqual([400, 'boundary']);
  });

  it('two clients with the same SIRET', async () => {
    const first = await t.http.post('/api/v1/clients').set(manager).send({ name: 'Helios Une', siret: '73282932000074' });
    expect(first.status).toBe(201);
    const second = await t.http.post('/api/v1/clients').set(manager).send({ name: 'Helios Deux', siret: '73282932000074' });
    expect(refusal(second)).toEqual([409, 'siret']);
    const changed = await t.http.patch(`/api/v1/clients/${clientId}`).set(manager).send({ siret: '73282932000074' });
    expect(refusal(changed)).toEqual([409, 'siret']);
    // An archived client frees its SIRET.
    expect((await t.http.delete(`/api/v1/clients/${first.body.id}`).set(manager)).status).toBe(204);
    expect((await t.http.post('/api/v1/clients').set(manager).send({ name: 'Helios Trois', siret: '73282932000074' })).status).toBe(201);
  });

  it('a document file name with a line break (and names and titles with control characters)', async () => {
    const upload = (query: string) =>
      t.http.post(`/api/v1/plants/${plantId}/documents?${query}`).set(manager).set('Content-Type', 'text/plain').send('text');
    const broken = await upload(`filename=${encodeURIComponent('contract\r\nX-Injected: 1.pdf')}`);
    expect(refusal(broken)).toEqual([400, 'filename']);
    expect(broken.body.error.message).toMatch(/^filename: must not contain control characters/);
    expect(refusal(await upload(`filename=a.pdf&title=${encodeURIComponent('two\nlines')}`))).toEqual([400, 'title']);
    const tab = await t.http.post('/api/v1/clients').set(manager).send({ name: 'Tab\there' });
    expect(refusal(tab)).toEqual([400, 'name']);
    expect((await upload('filename=contract.pdf')).status).toBe(201);
  });
});
