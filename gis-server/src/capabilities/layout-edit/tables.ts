import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  AreaFillError, FillArea, FillResult, ModuleCreate, type PolygonRings, TableCreate, type TableOutline, Uuid, fillArea,
  fillTable, gridSize, outlineRings,
} from '@calepin/core';
import { MANAGERS } from '../../access/scope';
import { type Queryable, transaction } from '../../db';
import { badRequest } from '../../http/errors';
import { type RouteSpec, defineRoute } from '../../http/route';
import { recordEdit } from '../../editing/history';
import { MAX_MODULES, type NewModule, insertModules, nextNumber, refuseOverlaps, wkt } from '../../editing/place';
import { checkIds, loadModel, polygonInPlantCrs, refuseFarFromPlant, toPlantCrs } from '../../editing/lookups';

const Params = z.object({ plantId: Uuid });
const polygonWkt = (rings: PolygonRings) => `POLYGON(${rings.map((r) => wkt(r).slice('POLYGON('.length, -1)).join(',')})`;
const round2 = (n: number) => Math.round(n * 100) / 100;

interface NewTable {
  id: string;
  code: string;
  rings: PolygonRings;
  tiltDeg: number;
  azimuthDeg: number;
  heightM: number;
  rows: number | null;
  columns: number | null;
  orientation: string | null;
}

export async function insertTables(db: Queryable, plantId: string, srid: number, tables: NewTable[]): Promise<void> {
  await db.query(
    `insert into tables (id, plant_id, code, tilt_deg, azimuth_deg, height_m, row_count, column_count, orientation, geom)
     select u.id, $1, u.code, u.tilt, u.azimuth, u.height, u.nrows, u.ncols, u.orientation, st_transform(st_geomfromtext(u.wkt, $2), 4326)
       from unnest($3::uuid[], $4::text[], $5::numeric[], $6::numeric[], $7::numeric[], $8::int[], $9::int[], $10::text[], $11::text[])
            as u(id, code, tilt, azimuth, height, nrows, ncols, orientation, wkt)`,
    [plantId, srid, tables.map((t) => t.id), tables.map((t) => t.code), tables.map((t) => t.tiltDeg),
      tables.map((t) => t.azimuthDeg), tables.map((t) => t.heightM), tables.map((t) => t.rows), tables.map((t) => t.columns),
      tables.map((t) => t.orientation), tables.map((t) => polygonWkt(t.rings))],
  );
}

async function tableFeature(db: Queryable, id: string) {
  const { rows } = await db.query(
    `select id, code, row_count as "rowCount", column_count as "columnCount", orientation, tilt_deg as "tiltDeg",
            azimuth_deg as "azimuthDeg", height_m as "heightM", st_asgeojson(geom, 8)::json as geometry
       from tables where id = $1`,
    [id],
  );
  const { id: tableId, geometry, ...properties } = rows[0] as { id: string; geometry: unknown };
  return { type: 'Feature' as const, id: tableId, geometry, properties };
}

const createTable = defineRoute({
  method: 'post',
  path: '/plants/{plantId}/tables',
  tag: 'layout editing',
  summary: 'Draw a table (rectangle or polygon) and optionally fill it with modules',
  description: 'See docs/layout.md. Modules are laid out in the plant\'s projected CRS and may not overlap others (409).',
  roles: MANAGERS,
  plant: 'plantId',
  params: Params,
  body: TableCreate,
  status: 201,
  errors: [409],
  async handler({ body, user, plant, deps }) {
    if (Boolean(body.outline) === Boolean(body.rectangle)) throw badRequest('outline_or_rectangle', 'e.outline_or_rectangle', {}, 'outline');
    const outline: TableOutline = body.rectangle
      ? {
          rectangle: { center: await toPlantCrs(deps.db, plant.srid, body.rectangle.center), lengthM: body.rectangle.lengthM, widthM: body.rectangle.widthM },
          azimuthDeg: body.rectangle.azimuthDeg,
        }
      : { polygon: await polygonInPlantCrs(deps.db, 'outline', body.outline as object, plant.srid), azimuthDeg: body.azimuthDeg ?? 180 };
    await refuseFarFromPlant(deps.db, plant.id, body.rectangle ? 'rectangle.center' : 'outline', `SRID=${plant.srid};${polygonWkt(outlineRings(outline))}`);
    const fill = body.fill;
    const model = fill ? await loadModel(deps.db, fill.modelId, 'fill.modelId') : null;
    const filled =
      fill && model
        ? fillTable(outline, {
            moduleWidthM: model.widthM, moduleHeightM: model.heightM, orientation: fill.orientation, rows: fill.rows,
            columns: fill.columns, gapM: fill.gapM, rowGapM: fill.rowGapM, tiltDeg: body.tiltDeg, heightM: body.heightM,
          })
        : null;
    if (filled && fill && body.rectangle && filled.dropped > 0) {
      throw badRequest('fill_does_not_fit', 'e.fill_does_not_fit', {
        rows: filled.rows, columns: filled.columns, lengthM: round2(filled.gridLengthM), depthM: round2(filled.gridDepthM),
        tableLengthM: body.rectangle.lengthM, tableWidthM: body.rectangle.widthM,
      }, fill.rows ? 'fill.rows' : 'fill.columns');
    }
    if (filled && filled.modules.length === 0) throw badRequest('table_empty', 'e.table_empty', {}, 'fill');
    return transaction(deps.db, async (tx) => {
      const code = body.code ?? `T${await nextNumber(tx, 'tables', plant.id, 'T')}`;
      const id = randomUUID();
      await insertTables(tx, plant.id, plant.srid, [{
        id, code, rings: outlineRings(outline), tiltDeg: body.tiltDeg, azimuthDeg: outline.azimuthDeg, heightM: body.heightM,
        rows: filled?.rows ?? null, columns: filled?.columns ?? null, orientation: fill?.orientation ?? null,
      }]);
      const modules: NewModule[] = (filled?.modules ?? []).map((m) => ({
        ...m, tableId: id, code: `${code}-R${m.row}-C${m.column}`, modelId: model?.id ?? null, tiltDeg: body.tiltDeg, azimuthDeg: outline.azimuthDeg,
      }));
      const moduleIds = await insertModules(tx, plant.id, plant.srid, modules);
      await refuseOverlaps(tx, plant.id, plant.srid, moduleIds, true);
      const editId = await recordEdit(tx, {
        plantId: plant.id, authorId: user.id, kind: 'table_create', key: 'edit.table_create', params: { code, modules: moduleIds.length },
        changes: [{ table: 'tables', op: 'insert', ids: [id] }, { table: 'modules', op: 'insert', ids: moduleIds }],
      });
      return { table: await tableFeature(tx, id), moduleCount: moduleIds.length, editId };
    });
  },
});

const fillAreaRoute = defineRoute({
  method: 'post',
  path: '/plants/{plantId}/tables/fill-area',
  tag: 'layout editing',
  summary: 'Cover an area with filled tables at a row pitch',
  roles: MANAGERS,
  plant: 'plantId',
  params: Params,
  body: FillArea,
  status: 201,
  response: FillResult,
  errors: [409],
  async handler({ body, user, plant, deps }) {
    const model = await loadModel(deps.db, body.table.modelId, 'table.modelId');
    const area = await polygonInPlantCrs(deps.db, 'area', body.area, plant.srid);
    await refuseFarFromPlant(deps.db, plant.id, 'area', `SRID=${plant.srid};${polygonWkt(area)}`);
    const spec = { moduleWidthM: model.widthM, moduleHeightM: model.heightM, ...body.table };
    const perTable = body.table.rows * body.table.columns;
    let tables;
    try {
      tables = fillArea({ area, azimuthDeg: body.azimuthDeg, pitchM: body.pitchM, tableGapM: body.tableGapM, table: spec }, Math.floor(MAX_MODULES / perTable) + 1);
    } catch (error) {
      if (error instanceof AreaFillError) throw badRequest('pitch_too_small', 'e.pitch_too_small', { depthM: error.neededM }, 'pitchM');
      throw error;
    }
    if (!tables.length) throw badRequest('area_empty', 'e.area_empty', {}, 'area');
    const moduleCount = tables.reduce((n, t) => n + t.modules.length, 0);
    if (moduleCount > MAX_MODULES) throw badRequest('too_many_modules', 'e.too_many_modules', { count: `> ${MAX_MODULES}`, max: MAX_MODULES }, 'area');
    return transaction(deps.db, async (tx) => {
      const first = await nextNumber(tx, 'tables', plant.id, 'T');
      const rows: NewTable[] = tables.map((t, i) => ({
        id: randomUUID(), code: `T${first + i}`, rings: t.outline, tiltDeg: body.table.tiltDeg, azimuthDeg: body.azimuthDeg,
        heightM: body.table.heightM, rows: t.rows, columns: t.columns, orientation: body.table.orientation,
      }));
      await insertTables(tx, plant.id, plant.srid, rows);
      const modules: NewModule[] = tables.flatMap((t, i) => {
        const table = rows[i] as NewTable;
        return t.modules.map((m) => ({
          ...m, tableId: table.id, code: `${table.code}-R${m.row}-C${m.column}`, modelId: model.id, tiltDeg: body.table.tiltDeg, azimuthDeg: body.azimuthDeg,
        }));
      });
      const moduleIds = await insertModules(tx, plant.id, plant.srid, modules);
      await refuseOverlaps(tx, plant.id, plant.srid, moduleIds, true);
      const editId = await recordEdit(tx, {
        plantId: plant.id, authorId: user.id, kind: 'fill_area', key: 'edit.fill_area', params: { tables: rows.length, modules: moduleIds.length },
        changes: [{ table: 'tables', op: 'insert', ids: rows.map((r) => r.id) }, { table: 'modules', op: 'insert', ids: moduleIds }],
      });
      return { tableCount: rows.length, moduleCount: moduleIds.length, editId };
    });
  },
});

const createModule = defineRoute({
  method: 'post',
  path: '/plants/{plantId}/modules',
  tag: 'layout editing',
  summary: 'Place a single module (snapping is the client\'s job; overlaps are refused)',
  roles: MANAGERS,
  plant: 'plantId',
  params: Params,
  body: ModuleCreate,
  status: 201,
  errors: [409],
  async handler({ body, user, plant, deps }) {
    const model = await loadModel(deps.db, body.modelId, 'modelId');
    if (body.tableId) await checkIds(deps.db, 'tables', plant.id, [body.tableId], 'tableId');
    const fill = { moduleWidthM: model.widthM, moduleHeightM: model.heightM, orientation: body.orientation, rows: 1, columns: 1, gapM: 0, rowGapM: 0, tiltDeg: body.tiltDeg, heightM: body.heightM };
    const size = gridSize(fill, 1, 1);
    const center = await toPlantCrs(deps.db, plant.srid, body.center);
    await refuseFarFromPlant(deps.db, plant.id, 'center', `SRID=${plant.srid};POINT(${center[0]} ${center[1]})`);
    const placed = fillTable({ rectangle: { center, lengthM: size.lengthM + 0.01, widthM: size.depthM + 0.01 }, azimuthDeg: body.azimuthDeg }, fill);
    const module = placed.modules[0];
    if (!module) throw new Error('a module always fits its own rectangle');
    return transaction(deps.db, async (tx) => {
      const code = body.code ?? `M${await nextNumber(tx, 'modules', plant.id, 'M')}`;
      const [id] = await insertModules(tx, plant.id, plant.srid, [{
        ...module, row: null as unknown as number, column: null as unknown as number, tableId: body.tableId ?? null, code, modelId: model.id,
        tiltDeg: body.tiltDeg, azimuthDeg: body.azimuthDeg,
      }]);
      await refuseOverlaps(tx, plant.id, plant.srid, [id as string]);
      const editId = await recordEdit(tx, {
        plantId: plant.id, authorId: user.id, kind: 'module_create', key: 'edit.module_create', params: { code },
        changes: [{ table: 'modules', op: 'insert', ids: [id as string] }],
      });
      const { rows } = await tx.query('select st_asgeojson(geom, 8)::json as geometry from modules where id = $1', [id]);
      return { module: { type: 'Feature', id, geometry: rows[0].geometry, properties: { code, modelId: model.id, tableId: body.tableId ?? null } }, editId };
    });
  },
});

export const tableRoutes: RouteSpec[] = [createTable, fillAreaRoute, createModule];
