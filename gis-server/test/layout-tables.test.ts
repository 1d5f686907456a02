import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, bearer, testApp } from '../../test-support/app';
import { listenTo } from '../../test-support/notifications';
import { ORIGIN, emptyPlant, modelId, offset, rectangle } from './layout-support';

let t: TestApp;
let manager: Record<string, string>;
let plant: string;
let model: string;

beforeAll(async () => {
  t = await testApp();
  manager = bearer(await t.token('manager'));
  plant = await emptyPlant(t, 'Layout tables');
  model = await modelId(t);
});
afterAll(() => t.close());

const post = (path: string, body?: unknown, headers = manager) => t.http.post(`/api/v1/plants/${plant}${path}`).set(headers).send(body as object);
const q = async (sql: string, values: unknown[] = []) => (await t.db.pool.query(sql, values)).rows;

describe('POST /plants/{id}/tables', () => {
  it('draws a rectangle facing south and fills it: modules in metres, codes, heights', async () => {
    const res = await post('/tables', {
      rectangle: { center: ORIGIN, lengthM: 12, widthM: 5, azimuthDeg: 180 },
      tiltDeg: 20, heightM: 0.8,
      fill: { modelId: model, rows: 2, columns: 10, orientation: 'portrait', gapM: 0.02, rowGapM: 0.02 },
    });
    expect(res.status, res.text).toBe(201);
    expect(res.body.moduleCount).toBe(20);
    expect(res.body.table.properties).toMatchObject({ code: 'T1', rowCount: 2, columnCount: 10, orientation: 'portrait' });
    const modules = await q(
      `select code, row_index, column_index, height_m, round(st_area(st_transform(geom, 2154))::numeric, 3) as area,
              round(st_x(st_centroid(st_transform(geom, 2154)))::numeric, 4) as x
         from modules where table_id = $1 and deleted_at is null order by row_index, column_index`, [res.body.table.id]);
    expect(modules).toHaveLength(20);
    expect(modules[0]).toMatchObject({ code: 'T1-R1-C1', row_index: 1, column_index: 1, height_m: 0.8 });
    // 1.134 m × 2.278 m × cos 20°, in the plant's CRS.
    expect(Number(modules[0].area)).toBeCloseTo(1.134 * 2.278 * Math.cos((20 * Math.PI) / 180), 2);
    // Column 2 lies east of column 1, 1.154 m further.
    expect(Number(modules[1].x) - Number(modules[0].x)).toBeCloseTo(1.154, 2);
    expect(Number(modules[10].height_m)).toBeCloseTo(0.8 + 2.278 * Math.sin((20 * Math.PI) / 180) + 0.02, 2);
  });

  it('refuses modules that would overlap the ones already there', async () => {
    const res = await post('/tables', {
      rectangle: { center: await offset(t, ORIGIN, 3, 0), lengthM: 12, widthM: 5, azimuthDeg: 180 },
      fill: { modelId: model, rows: 1, columns: 2 },
    });
    expect(res.status, res.text).toBe(409);
    expect(res.body.error.code).toBe('modules_overlap');
    expect(res.body.error.message).toMatch(/overlap/);
    expect(await q("select 1 from tables where plant_id = $1 and code = 'T2'", [plant])).toHaveLength(0);
  });

  it('refuses a grid that does not fit the rectangle, naming the field', async () => {
    const res = await post('/tables', {
      rectangle: { center: await offset(t, ORIGIN, 0, 50), lengthM: 5, widthM: 5, azimuthDeg: 180 },
      fill: { modelId: model, rows: 1, columns: 10 },
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'fill_does_not_fit', field: 'fill.rows' });
    expect(res.body.error.message).toMatch(/11\.\d+ m/);
  });

  it('fills a polygon outline with as many modules as fit, in French errors too', async () => {
    const outline = await rectangle(t, 0, 100, 10, 105);
    const res = await post('/tables', { outline, code: 'POLY-1', azimuthDeg: 180, fill: { modelId: model, orientation: 'landscape' } });
    expect(res.status, res.text).toBe(201);
    // Landscape: 2.278 m along the row + 0.02 → 4 columns in 10 m; 1.134 m up → 4 rows in 5 m.
    expect(res.body.table.properties).toMatchObject({ code: 'POLY-1', rowCount: 4, columnCount: 4 });
    const dup = await t.http.post(`/api/v1/plants/${plant}/tables`).set(manager).set('accept-language', 'fr')
      .send({ outline: await rectangle(t, 0, 200, 10, 205), code: 'POLY-1' });
    expect(dup.status).toBe(409);
    expect(dup.body.error).toMatchObject({ code: 'duplicate', field: 'code' });
    expect(dup.body.error.message).toMatch(/POLY-1/);
  });

  it('says what is wrong with bad input', async () => {
    const bowtie = { type: 'Polygon', coordinates: [[ORIGIN, await offset(t, ORIGIN, 10, 10), await offset(t, ORIGIN, 10, 0), await offset(t, ORIGIN, 0, 10), ORIGIN]] };
    const invalid = await post('/tables', { outline: bowtie });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error).toMatchObject({ code: 'geometry_invalid', field: 'outline' });
    expect(invalid.body.error.message).toMatch(/Self-intersection/);
    const both = await post('/tables', { outline: await rectangle(t, 0, 0, 1, 1), rectangle: { center: ORIGIN, lengthM: 1, widthM: 1, azimuthDeg: 0 } });
    expect(both.body.error).toMatchObject({ code: 'outline_or_rectangle', field: 'outline' });
    const unknown = await post('/tables', { rectangle: { center: ORIGIN, lengthM: 5, widthM: 5, azimuthDeg: 180 }, fill: { modelId: '00000000-0000-4000-8000-000000000000' } });
    expect(unknown.body.error).toMatchObject({ code: 'model_unknown', field: 'fill.modelId' });
    const azimuth = await post('/tables', { rectangle: { center: ORIGIN, lengthM: 5, widthM: 5, azimuthDeg: 360 } });
    expect(azimuth.body.error.field).toBe('rectangle.azimuthDeg');
  });

  it('is refused to technicians and clients', async () => {
    for (const role of ['technician', 'client'] as const) {
      const res = await post('/tables', { rectangle: { center: ORIGIN, lengthM: 5, widthM: 5, azimuthDeg: 180 } }, bearer(await t.token(role)));
      expect(res.status).toBe(403);
    }
  });
});

describe('POST /plants/{id}/tables/fill-area', () => {
  it('covers an area with whole tables at the pitch', async () => {
    const area = await rectangle(t, 100, 0, 160, 40);
    const res = await post('/tables/fill-area', {
      area, azimuthDeg: 180, pitchM: 10, tableGapM: 1,
      table: { modelId: model, rows: 2, columns: 12, orientation: 'portrait', tiltDeg: 25, heightM: 0.8 },
    });
    expect(res.status, res.text).toBe(201);
    // A table: 12 × 1.134 + 11 × 0.02 = 13.83 m; 4 per row in 60 m; 4 rows (depth 4.15 m) every 10 m in 40 m.
    expect(res.body).toMatchObject({ tableCount: 16, moduleCount: 16 * 24 });
    const outside = await q(
      `select count(*)::int as n from modules m where m.plant_id = $1 and m.deleted_at is null
          and m.code like 'T%' and not st_within(m.geom, st_buffer(st_geomfromgeojson($2)::geography, 0.01)::geometry)
          and st_x(st_centroid(st_transform(m.geom, 2154))) > (select st_x(st_transform(st_setsrid(st_point($3, $4), 4326), 2154)) + 50)`,
      [plant, JSON.stringify(area), ...ORIGIN]);
    expect(outside[0].n).toBe(0);
  });

  it('refuses a pitch shorter than a table', async () => {
    const res = await post('/tables/fill-area', {
      area: await rectangle(t, 200, 0, 260, 40), azimuthDeg: 180, pitchM: 3,
      table: { modelId: model, rows: 2, columns: 12, tiltDeg: 25 },
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'pitch_too_small', field: 'pitchM' });
  });
});

describe('POST /plants/{id}/modules', () => {
  it('places one module and refuses one on top of it', async () => {
    const center = await offset(t, ORIGIN, 0, 300);
    const res = await post('/modules', { center, azimuthDeg: 180, modelId: model, orientation: 'portrait' });
    expect(res.status, res.text).toBe(201);
    expect(res.body.module.properties.code).toMatch(/^M\d+$/);
    const again = await post('/modules', { center: await offset(t, ORIGIN, 0.5, 300), azimuthDeg: 180, modelId: model });
    expect(again.status).toBe(409);
    const beside = await post('/modules', { center: await offset(t, ORIGIN, 1.2, 300), azimuthDeg: 180, modelId: model });
    expect(beside.status, beside.text).toBe(201);
  });
});

describe('POST /plants/{id}/layout/candidates', () => {
  const feature = async (x0: number, y0: number, x1: number, y1: number) => ({ type: 'Feature', properties: { layer: 'PV' }, geometry: await rectangle(t, x0, y0, x1, y1) });

  it('turns plan polygons into filled tables in one edit', async () => {
    const features = { type: 'FeatureCollection', features: [await feature(0, 400, 12, 404.5), await feature(0, 410, 12, 414.5)] };
    const res = await post('/layout/candidates', { features, as: 'tables', modelId: model });
    expect(res.status, res.text).toBe(201);
    // 12 m: 10 portrait columns; 4.5 m: 1 row of 2.278 m (two need 4.576 m).
    expect(res.body).toMatchObject({ tableCount: 2, moduleCount: 20 });
    const undo = await post('/layout/undo');
    expect(undo.body.description.en).toBe('Plan candidates: 2 tables, 20 modules');
  });

  it('fills the candidate tables with the rows × columns and orientation asked', async () => {
    const features = { type: 'FeatureCollection', features: [await feature(0, 430, 12, 436)] };
    const res = await post('/layout/candidates', { features, as: 'tables', modelId: model, rows: 1, columns: 4, orientation: 'landscape' });
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({ tableCount: 1, moduleCount: 4 });
    const { rows } = await t.db.pool.query(`select row_count as rows, column_count as columns, orientation from tables where plant_id = $1 and deleted_at is null order by created_at desc, code desc limit 1`, [plant]);
    expect(rows[0]).toMatchObject({ rows: 1, columns: 4, orientation: 'landscape' });
    const bad = await post('/layout/candidates', { features, as: 'tables', modelId: model, rows: 0 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('rows');
    await post('/layout/undo');
  });

  it('turns module outlines into modules, and names the bad feature', async () => {
    const features = { type: 'FeatureCollection', features: [await feature(50, 400, 51.1, 402.2), await feature(52, 400, 53.1, 402.2)] };
    const res = await post('/layout/candidates', { features, as: 'modules', modelId: model, azimuthDeg: 180 });
    expect(res.status, res.text).toBe(201);
    expect(res.body.moduleCount).toBe(2);
    const bowtie = { type: 'Feature', geometry: { type: 'Polygon', coordinates: [[ORIGIN, await offset(t, ORIGIN, 1, 1), await offset(t, ORIGIN, 1, 0), await offset(t, ORIGIN, 0, 1), ORIGIN]] } };
    const bad = await post('/layout/candidates', { features: { type: 'FeatureCollection', features: [await feature(60, 400, 61, 402), bowtie] }, as: 'modules' });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'geometry_invalid', field: 'features.features.1.geometry' });
    const again = await post('/layout/candidates', { features, as: 'modules' });
    expect(again.status).toBe(409);
  });
});

describe('tile eviction', () => {
  it('a fill notifies layout_changes for tables and modules, with the bbox of the new modules', async () => {
    const client = await t.db.pool.connect();
    const notices = await listenTo<{ table: string; op: string; plant_id: string; bbox: number[] }>(client, 'layout_changes');
    const { seen } = notices;
    try {
      const center = await offset(t, ORIGIN, 500, 500);
      const res = await post('/tables', { rectangle: { center, lengthM: 5, widthM: 3, azimuthDeg: 180 }, fill: { modelId: model, rows: 1, columns: 4 } });
      expect(res.status, res.text).toBe(201);
      await notices.settle();
      const modules = seen.find((n) => n.table === 'modules' && n.op === 'INSERT' && n.plant_id === plant);
      expect(seen.some((n) => n.table === 'tables' && n.plant_id === plant)).toBe(true);
      expect(modules).toBeDefined();
      const [x0, y0, x1, y1] = modules?.bbox ?? [];
      expect(center[0]).toBeGreaterThan(x0 as number);
      expect(center[0]).toBeLessThan(x1 as number);
      expect(center[1]).toBeGreaterThan(y0 as number);
      expect(center[1]).toBeLessThan(y1 as number);
    } finally {
      await notices.close();
      client.release();
    }
  });
});
