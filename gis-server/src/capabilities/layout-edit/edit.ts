import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { LayoutCopy, LayoutSelection, LayoutTransform, Uuid } from '@calepin/core';
import { MANAGERS } from '../../access/scope';
import { transaction } from '../../db';
import { type RouteSpec, defineRoute } from '../../http/route';
import { type Change, recordEdit, refreshStrings, tracked } from '../../editing/history';
import { nextNumber, refuseOverlaps } from '../../editing/place';
import { extentOf, refuseFarFromPlant, toPlantCrs } from '../../editing/lookups';
import { resolveSelection } from './selection';

const Params = z.object({ plantId: Uuid });

// Geometry moved in the plant's projected CRS: rotated clockwise (like azimuths) about
// the pivot ($3, $4), then translated ($5, $6 metres).
const MOVE = `st_transform(st_translate(st_rotate(st_transform(geom, $2::int), -radians($7::float8), $3::float8, $4::float8), $5::float8, $6::float8), 4326)`;
const TURN = `case when azimuth_deg is null then null else mod((azimuth_deg + $7::numeric + 720)::numeric, 360) end`;

const transform = defineRoute({
  method: 'post',
  path: '/plants/{plantId}/layout/transform',
  tag: 'layout editing',
  summary: 'Move and/or rotate modules and tables (a table takes its modules along)',
  roles: MANAGERS,
  plant: 'plantId',
  params: Params,
  body: LayoutTransform,
  errors: [409],
  async handler({ body, user, plant, deps }) {
    return transaction(deps.db, async (tx) => {
      const sel = await resolveSelection(tx, plant.id, body);
      const [dx, dy] = body.translateM ?? [0, 0];
      const deg = body.rotateDeg ?? 0;
      let pivot: [number, number];
      if (body.pivot) pivot = await toPlantCrs(tx, plant.srid, body.pivot);
      else {
        const { rows } = await tx.query<{ x: number; y: number }>(
          `select st_x(c) as x, st_y(c) as y from (select st_centroid(st_envelope(st_collect(st_transform(geom, $3::int)))) as c
             from (select geom from modules where id = any($1::uuid[]) union all select geom from tables where id = any($2::uuid[])) g) s`,
          [sel.modules, sel.tables, plant.srid],
        );
        const r = rows[0] as { x: number; y: number };
        pivot = [r.x, r.y];
      }
      const values = [plant.srid, pivot[0], pivot[1], dx, dy, deg];
      const changes: Change[] = [
        await tracked(tx, 'tables', sel.tables, async () => {
          await tx.query(`update tables set geom = ${MOVE}, azimuth_deg = ${TURN} where id = any($1::uuid[])`, [sel.tables, ...values]);
        }),
        await tracked(tx, 'modules', sel.modules, async () => {
          await tx.query(`update modules set geom = ${MOVE}, azimuth_deg = ${TURN} where id = any($1::uuid[])`, [sel.modules, ...values]);
        }),
      ];
      const moved = await extentOf(tx, sel);
      if (moved) await refuseFarFromPlant(tx, plant.id, body.translateM ? 'translateM' : 'rotateDeg', moved);
      await refuseOverlaps(tx, plant.id, plant.srid, sel.modules);
      await refreshStrings(tx, plant.id, changes);
      const count = sel.tables.length + sel.modules.length;
      const editId = await recordEdit(tx, { plantId: plant.id, authorId: user.id, kind: 'transform', key: 'edit.transform', params: { count }, changes });
      return { moved: { tables: sel.tables.length, modules: sel.modules.length }, editId };
    });
  },
});

const copy = defineRoute({
  method: 'post',
  path: '/plants/{plantId}/layout/copy',
  tag: 'layout editing',
  summary: 'Copy modules and tables, shifted by translateM (new codes; strings are not copied)',
  roles: MANAGERS,
  plant: 'plantId',
  params: Params,
  body: LayoutCopy,
  status: 201,
  errors: [409],
  async handler({ body, user, plant, deps }) {
    return transaction(deps.db, async (tx) => {
      const sel = await resolveSelection(tx, plant.id, body);
      const [dx, dy] = body.translateM;
      const firstTable = await nextNumber(tx, 'tables', plant.id, 'T');
      const tableCopies = sel.tables.map((old, i) => ({ old, id: randomUUID(), code: `T${firstTable + i}` }));
      const shift = `st_transform(st_translate(st_transform(x.geom, $2::int), $3::float8, $4::float8), 4326)`;
      await tx.query(
        `insert into tables (id, plant_id, zone_id, code, tilt_deg, azimuth_deg, height_m, row_count, column_count, orientation, geom)
         select u.id, x.plant_id, x.zone_id, u.code, x.tilt_deg, x.azimuth_deg, x.height_m, x.row_count, x.column_count, x.orientation, ${shift}
           from unnest($1::uuid[], $5::uuid[], $6::text[]) u(old, id, code) join tables x on x.id = u.old`,
        [tableCopies.map((c) => c.old), plant.srid, dx, dy, tableCopies.map((c) => c.id), tableCopies.map((c) => c.code)],
      );
      const newTable = new Map(tableCopies.map((c) => [c.old, c]));
      const { rows: modules } = await tx.query<{ id: string; table_id: string | null; row_index: number | null; column_index: number | null }>(
        'select id, table_id, row_index, column_index from modules where id = any($1::uuid[]) order by code',
        [sel.modules],
      );
      let nextLoose = await nextNumber(tx, 'modules', plant.id, 'M');
      const moduleCopies = modules.map((m) => {
        const table = m.table_id ? newTable.get(m.table_id) : undefined;
        const code = table && m.row_index && m.column_index ? `${table.code}-R${m.row_index}-C${m.column_index}` : `M${nextLoose++}`;
        return { old: m.id, id: randomUUID(), tableId: table?.id ?? null, code };
      });
      await tx.query(
        `insert into modules (id, plant_id, table_id, code, model_id, row_index, column_index, tilt_deg, azimuth_deg, height_m, geom)
         select u.id, x.plant_id, u.table_id, u.code, x.model_id, case when u.table_id is null then null else x.row_index end,
                case when u.table_id is null then null else x.column_index end, x.tilt_deg, x.azimuth_deg, x.height_m, ${shift}
           from unnest($1::uuid[], $5::uuid[], $6::text[], $7::uuid[]) u(old, id, code, table_id) join modules x on x.id = u.old`,
        [moduleCopies.map((c) => c.old), plant.srid, dx, dy, moduleCopies.map((c) => c.id), moduleCopies.map((c) => c.code), moduleCopies.map((c) => c.tableId)],
      );
      const moduleIds = moduleCopies.map((c) => c.id);
      const tableIds = tableCopies.map((c) => c.id);
      const copies = await extentOf(tx, { tables: tableIds, modules: moduleIds });
      if (copies) await refuseFarFromPlant(tx, plant.id, 'translateM', copies);
      await refuseOverlaps(tx, plant.id, plant.srid, moduleIds, true);
      const editId = await recordEdit(tx, {
        plantId: plant.id, authorId: user.id, kind: 'copy', key: 'edit.copy', params: { count: tableIds.length + moduleIds.length },
        changes: [{ table: 'tables', op: 'insert', ids: tableIds }, { table: 'modules', op: 'insert', ids: moduleIds }],
      });
      return { ids: { tables: tableIds, modules: moduleIds }, editId };
    });
  },
});

const remove = defineRoute({
  method: 'post',
  path: '/plants/{plantId}/layout/delete',
  tag: 'layout editing',
  summary: 'Delete modules and tables (a table goes with its modules); undo brings them back',
  roles: MANAGERS,
  plant: 'plantId',
  params: Params,
  body: LayoutSelection,
  async handler({ body, user, plant, deps }) {
    return transaction(deps.db, async (tx) => {
      const sel = await resolveSelection(tx, plant.id, body);
      await tx.query('update modules set deleted_at = now() where id = any($1::uuid[])', [sel.modules]);
      await tx.query('update tables set deleted_at = now() where id = any($1::uuid[])', [sel.tables]);
      const changes: Change[] = [{ table: 'modules', op: 'delete', ids: sel.modules }, { table: 'tables', op: 'delete', ids: sel.tables }];
      await refreshStrings(tx, plant.id, changes);
      const count = sel.modules.length + sel.tables.length;
      const editId = await recordEdit(tx, { plantId: plant.id, authorId: user.id, kind: 'delete', key: 'edit.delete', params: { count }, changes });
      return { deleted: { tables: sel.tables.length, modules: sel.modules.length }, editId };
    });
  },
});

export const editRoutes: RouteSpec[] = [transform, copy, remove];
