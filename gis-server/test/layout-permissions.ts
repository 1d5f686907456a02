// The layout editing routes in the permission matrix (permissions.test.ts): who may call
// them, and a request that succeeds for an allowed role, on the rooftop demo plant, far
// from its modules (every call gets a place of its own).
import type { Role } from '@calepin/core';
import type { TestApp } from '../../test-support/app';
import { bearer } from '../../test-support/app';

const ALL = ['admin', 'manager', 'technician', 'client'] as const;
const MANAGERS = ['admin', 'manager'] as const;
const STAFF = ['admin', 'manager', 'technician'] as const;

export const LAYOUT_EXPECTED: Record<string, readonly Role[]> = {
  'POST /plants/{plantId}/tables': MANAGERS,
  'POST /plants/{plantId}/tables/fill-area': MANAGERS,
  'POST /plants/{plantId}/modules': MANAGERS,
  'POST /plants/{plantId}/layout/transform': MANAGERS,
  'POST /plants/{plantId}/layout/copy': MANAGERS,
  'POST /plants/{plantId}/layout/delete': MANAGERS,
  'POST /plants/{plantId}/layout/undo': MANAGERS,
  'POST /plants/{plantId}/layout/redo': MANAGERS,
  'GET /plants/{plantId}/layout/history': MANAGERS,
  'POST /plants/{plantId}/numbering': MANAGERS,
  'POST /plants/{plantId}/layout/candidates': MANAGERS,
  'POST /plants/{plantId}/strings': MANAGERS,
  'POST /plants/{plantId}/strings/auto': MANAGERS,
  'PATCH /plants/{plantId}/strings/{stringId}': MANAGERS,
  'DELETE /plants/{plantId}/strings/{stringId}': MANAGERS,
  'POST /plants/{plantId}/inverters': MANAGERS,
  'PATCH /plants/{plantId}/inverters/{inverterId}': MANAGERS,
  'DELETE /plants/{plantId}/inverters/{inverterId}': MANAGERS,
  'POST /plants/{plantId}/junction-boxes': MANAGERS,
  'PATCH /plants/{plantId}/junction-boxes/{junctionBoxId}': MANAGERS,
  'DELETE /plants/{plantId}/junction-boxes/{junctionBoxId}': MANAGERS,
  'POST /plants/{plantId}/cables': MANAGERS,
  'PATCH /plants/{plantId}/cables/{cableId}': MANAGERS,
  'DELETE /plants/{plantId}/cables/{cableId}': MANAGERS,
  'GET /plants/{plantId}/wiring/warnings': ALL,
  'GET /plants/{plantId}/inverters/{inverterId}/single-line.svg': ALL,
  'GET /plants/{plantId}/mission-package.gpkg': STAFF,
};

interface Context {
  t: TestApp;
  plant: string;
  module: string;
  unique(): string;
}

let spot = 0;

/** [lon, lat] of a free spot: 2 km east of the plant, 30 m apart for each call. */
async function place(c: Context, dx = 0, dy = 0): Promise<[number, number]> {
  spot++;
  const { rows } = await c.t.db.pool.query(
    `select st_x(p) x, st_y(p) y from (select st_transform(st_translate(st_transform(location, srid), 2000 + $2::float8, $3::float8), 4326) p
       from plants where id = $1) s`,
    [c.plant, spot * 30 + dx, dy],
  );
  return [rows[0].x, rows[0].y];
}

async function rect(c: Context, w: number, h: number) {
  const a = await place(c);
  const { rows } = await c.t.db.pool.query(
    `select st_asgeojson(st_transform(st_makeenvelope(x, y, x + $3::float8, y + $4::float8, srid), 4326))::json g
       from (select st_x(p) x, st_y(p) y, srid from (select st_transform(st_setsrid(st_point($1, $2), 4326), srid) p, srid from plants where id = $5) q) s`,
    [a[0], a[1], w, h, c.plant],
  );
  return rows[0].g;
}

async function call(c: Context, method: 'post' | 'patch', path: string, body: object) {
  const res = await c.t.http[method](`/api/v1/plants/${c.plant}${path}`).set(bearer(await c.t.token('admin'))).send(body);
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${res.text}`);
  return res.body;
}

const model = async (c: Context) => (await c.t.db.pool.query("select id from module_models where model = 'JAM72S30-545/MR'")).rows[0].id;
const freshModule = async (c: Context) => (await call(c, 'post', '/modules', { center: await place(c), azimuthDeg: 180, modelId: await model(c) })).module.id;
const freshTable = async (c: Context) =>
  (await call(c, 'post', '/tables', { rectangle: { center: await place(c), lengthM: 5, widthM: 5, azimuthDeg: 180 }, fill: { modelId: await model(c), rows: 1, columns: 4 } })).table.id;
const freshString = async (c: Context) => (await call(c, 'post', '/strings', { moduleIds: [await freshModule(c)] })).string.id;
const freshInverter = async (c: Context) => (await call(c, 'post', '/inverters', { code: `I-${c.unique()}`, location: await place(c), mpptInputs: [{ index: 1 }] })).inverter.id;
const freshBox = async (c: Context) => (await call(c, 'post', '/junction-boxes', { code: `B-${c.unique()}`, location: await place(c) })).junctionBox.id;
const line = async (c: Context) => ({ type: 'LineString', coordinates: [await place(c), await place(c, 5, 5)] });
const freshCable = async (c: Context) => (await call(c, 'post', '/cables', { code: `C-${c.unique()}`, line: await line(c) })).cable.id;

/** A request that succeeds for an allowed role, or null for a route that is not of layout editing. */
export async function layoutRequest(key: string, c: Context): Promise<{ path: string; body?: object } | null> {
  if (!(key in LAYOUT_EXPECTED)) return null;
  const [, template] = key.split(' ') as [string, string];
  const path = template.replace('{plantId}', c.plant);
  switch (key) {
    case 'POST /plants/{plantId}/tables':
      return { path, body: { rectangle: { center: await place(c), lengthM: 5, widthM: 3, azimuthDeg: 180 } } };
    case 'POST /plants/{plantId}/tables/fill-area':
      return { path, body: { area: await rect(c, 10, 6), azimuthDeg: 180, pitchM: 5, table: { modelId: await model(c), rows: 1, columns: 2 } } };
    case 'POST /plants/{plantId}/modules':
      return { path, body: { center: await place(c), azimuthDeg: 180, modelId: await model(c) } };
    case 'POST /plants/{plantId}/layout/transform':
      return { path, body: { modules: [await freshModule(c)], translateM: [1, 0], rotateDeg: 5 } };
    case 'POST /plants/{plantId}/layout/copy':
      return { path, body: { modules: [await freshModule(c)], translateM: [0, 10] } };
    case 'POST /plants/{plantId}/layout/delete':
      return { path, body: { modules: [await freshModule(c)] } };
    case 'POST /plants/{plantId}/layout/undo':
      await freshModule(c);
      return { path };
    case 'POST /plants/{plantId}/layout/redo':
      await c.t.http.post(`/api/v1/plants/${c.plant}/layout/undo`).set(bearer(await c.t.token('admin')));
      return { path };
    case 'POST /plants/{plantId}/numbering':
      return { path, body: { scheme: `N${c.unique()}-{n}`, order: 'row', tableIds: [await freshTable(c)] } };
    case 'POST /plants/{plantId}/layout/candidates':
      return { path, body: { features: { type: 'FeatureCollection', features: [{ type: 'Feature', geometry: await rect(c, 1, 2) }] }, as: 'modules' } };
    case 'POST /plants/{plantId}/strings':
      return { path, body: { moduleIds: [await freshModule(c)] } };
    case 'POST /plants/{plantId}/strings/auto':
      return { path, body: { modulesPerString: 2, tableIds: [await freshTable(c)] } };
    case 'PATCH /plants/{plantId}/strings/{stringId}':
      return { path: path.replace('{stringId}', await freshString(c)), body: { code: `S-${c.unique()}` } };
    case 'DELETE /plants/{plantId}/strings/{stringId}':
      return { path: path.replace('{stringId}', await freshString(c)) };
    case 'POST /plants/{plantId}/inverters':
      return { path, body: { code: `I-${c.unique()}`, location: await place(c) } };
    case 'PATCH /plants/{plantId}/inverters/{inverterId}':
      return { path: path.replace('{inverterId}', await freshInverter(c)), body: { ratedPowerKw: 100 } };
    case 'DELETE /plants/{plantId}/inverters/{inverterId}':
      return { path: path.replace('{inverterId}', await freshInverter(c)) };
    case 'POST /plants/{plantId}/junction-boxes':
      return { path, body: { code: `B-${c.unique()}`, location: await place(c) } };
    case 'PATCH /plants/{plantId}/junction-boxes/{junctionBoxId}':
      return { path: path.replace('{junctionBoxId}', await freshBox(c)), body: { inputCount: 8 } };
    case 'DELETE /plants/{plantId}/junction-boxes/{junctionBoxId}':
      return { path: path.replace('{junctionBoxId}', await freshBox(c)) };
    case 'POST /plants/{plantId}/cables':
      return { path, body: { code: `C-${c.unique()}`, line: await line(c) } };
    case 'PATCH /plants/{plantId}/cables/{cableId}':
      return { path: path.replace('{cableId}', await freshCable(c)), body: { crossSectionMm2: 10 } };
    case 'DELETE /plants/{plantId}/cables/{cableId}':
      return { path: path.replace('{cableId}', await freshCable(c)) };
    case 'GET /plants/{plantId}/inverters/{inverterId}/single-line.svg': {
      const { rows } = await c.t.db.pool.query('select id from inverters where plant_id = $1 and deleted_at is null order by code limit 1', [c.plant]);
      return { path: path.replace('{inverterId}', rows[0].id) };
    }
    default:
      return { path };
  }
}
