import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { FillResult, LayoutCandidates, type PolygonRings, Uuid, fillTable } from '@calepin/core';
import { MANAGERS } from '../../access/scope';
import { type Queryable, transaction } from '../../db';
import { badRequest } from '../../http/errors';
import { type RouteSpec, defineRoute } from '../../http/route';
import { type Change, recordEdit } from '../../editing/history';
import { MAX_MODULES, type NewModule, insertModules, nextNumber, refuseOverlaps } from '../../editing/place';
import { loadModel } from '../../editing/lookups';
import { insertTables } from './tables';

const Params = z.object({ plantId: Uuid });

/** The candidate polygons checked by PostGIS (the first bad one named), in the plant's CRS. */
async function candidateRings(db: Queryable, geometries: object[], srid: number): Promise<PolygonRings[]> {
  const texts = geometries.map((g) => JSON.stringify({ ...g, crs: undefined }));
  const { rows: bad } = await db.query<{ ord: number; reason: string; inside: boolean }>(
    `select ord::int, st_isvalidreason(g) as reason, geom_in_bounds(g) as inside
       from (select ord, st_force2d(st_setsrid(st_geomfromgeojson(f), 4326)) as g from unnest($1::text[]) with ordinality u(f, ord)) s
      where not st_isvalid(g) or not geom_in_bounds(g) order by ord limit 1`,
    [texts],
  );
  const first = bad[0];
  if (first) {
    const field = `features.features.${first.ord - 1}.geometry`;
    if (!first.inside) throw badRequest('geometry_out_of_bounds', 'e.geometry_out_of_bounds', {}, field);
    throw badRequest('geometry_invalid', 'e.geometry_invalid', { reason: first.reason }, field);
  }
  const { rows } = await db.query<{ json: string }>(
    `select st_asgeojson(st_transform(st_force2d(st_setsrid(st_geomfromgeojson(f), 4326)), $2::int), 4) as json
       from unnest($1::text[]) with ordinality u(f, ord) order by ord`,
    [texts, srid],
  );
  return rows.map((r) => (JSON.parse(r.json) as { coordinates: PolygonRings }).coordinates);
}

export const candidateRoutes: RouteSpec[] = [
  defineRoute({
    method: 'post',
    path: '/plants/{plantId}/layout/candidates',
    tag: 'layout editing',
    summary: 'Turn plan candidates (polygons from a DXF/DWG layer) into tables or modules in one edit',
    description: 'As tables with a modelId, each table is filled with rows × columns modules (default: as many as fit; portrait, 2 cm gaps).',
    roles: MANAGERS,
    plant: 'plantId',
    params: Params,
    body: LayoutCandidates,
    status: 201,
    response: FillResult,
    errors: [409],
    async handler({ body, user, plant, deps }) {
      const model = body.modelId ? await loadModel(deps.db, body.modelId, 'modelId') : null;
      const rings = await candidateRings(deps.db, body.features.features.map((f) => f.geometry), plant.srid);
      return transaction(deps.db, async (tx) => {
        const changes: Change[] = [];
        const modules: NewModule[] = [];
        let tableCount = 0;
        if (body.as === 'modules') {
          const first = await nextNumber(tx, 'modules', plant.id, 'M');
          rings.forEach((polygon, i) => modules.push({
            row: null as unknown as number, column: null as unknown as number, center: [0, 0], ring: polygon[0] ?? [], heightM: 0,
            tableId: null, code: `M${first + i}`, modelId: model?.id ?? null, tiltDeg: body.tiltDeg, azimuthDeg: body.azimuthDeg,
          }));
        } else {
          const first = await nextNumber(tx, 'tables', plant.id, 'T');
          const tables = rings.map((polygon, i) => {
            const id = randomUUID();
            const code = `T${first + i}`;
            const filled = model
              ? fillTable({ polygon, azimuthDeg: body.azimuthDeg }, {
                  moduleWidthM: model.widthM, moduleHeightM: model.heightM, orientation: body.orientation, rows: body.rows, columns: body.columns,
                  gapM: body.gapM, rowGapM: body.rowGapM, tiltDeg: body.tiltDeg,
                })
              : null;
            for (const m of filled?.modules ?? []) {
              modules.push({ ...m, tableId: id, code: `${code}-R${m.row}-C${m.column}`, modelId: model?.id ?? null, tiltDeg: body.tiltDeg, azimuthDeg: body.azimuthDeg });
            }
            return {
              id, code, rings: polygon, tiltDeg: body.tiltDeg, azimuthDeg: body.azimuthDeg, heightM: 0,
              rows: filled?.rows ?? null, columns: filled?.columns ?? null, orientation: filled ? body.orientation : null,
            };
          });
          if (modules.length > MAX_MODULES) throw badRequest('too_many_modules', 'e.too_many_modules', { count: modules.length, max: MAX_MODULES }, 'features');
          await insertTables(tx, plant.id, plant.srid, tables);
          changes.push({ table: 'tables', op: 'insert', ids: tables.map((t) => t.id) });
          tableCount = tables.length;
        }
        const moduleIds = await insertModules(tx, plant.id, plant.srid, modules);
        await refuseOverlaps(tx, plant.id, plant.srid, moduleIds);
        changes.push({ table: 'modules', op: 'insert', ids: moduleIds });
        const editId = await recordEdit(tx, {
          plantId: plant.id, authorId: user.id, kind: 'candidates', key: 'edit.candidates', params: { tables: tableCount, modules: moduleIds.length }, changes,
        });
        return { tableCount, moduleCount: moduleIds.length, editId };
      });
    },
  }),
];
