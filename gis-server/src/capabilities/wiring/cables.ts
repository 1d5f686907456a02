import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { CableCreate, CableUpdate, Uuid } from '@calepin/core';
import { MANAGERS } from '../../access/scope';
import { type Queryable, transaction } from '../../db';
import { notFound } from '../../http/errors';
import { prepareGeometry } from '../../geo/request-geometry';
import { type RouteSpec, defineRoute } from '../../http/route';
import { recordEdit, tracked } from '../../editing/history';
import { checkIds, refuseFarFromPlant } from '../../editing/lookups';

const Params = z.object({ plantId: Uuid });
const ItemParams = z.object({ plantId: Uuid, cableId: Uuid });
type End = { kind: 'string' | 'junction_box' | 'inverter' | 'transformer' | 'other'; id?: string } | undefined;
const END_TABLES = { string: 'strings', junction_box: 'junction_boxes', inverter: 'inverters' } as const;

async function checkEnd(db: Queryable, plantId: string, end: End, field: string): Promise<void> {
  if (!end?.id || !(end.kind in END_TABLES)) return;
  await checkIds(db, END_TABLES[end.kind as keyof typeof END_TABLES], plantId, [end.id], `${field}.id`);
}

async function cableRow(db: Queryable, plantId: string, id: string) {
  const { rows } = await db.query(
    `select id, code, kind, from_kind as "fromKind", from_id as "fromId", to_kind as "toKind", to_id as "toId",
            cross_section_mm2 as "crossSectionMm2", conductor, length_m as "lengthM", st_asgeojson(geom, 8)::json as line
       from cables where id = $1 and plant_id = $2 and deleted_at is null`,
    [id, plantId],
  );
  if (!rows[0]) throw notFound();
  return rows[0] as { id: string; code: string; lengthM: number };
}

const create = defineRoute({
  method: 'post',
  path: '/plants/{plantId}/cables',
  tag: 'wiring',
  summary: 'Draw a cable; its length is computed in the plant\'s projected CRS',
  roles: MANAGERS,
  plant: 'plantId',
  params: Params,
  body: CableCreate,
  status: 201,
  errors: [409],
  async handler({ body, user, plant, deps }) {
    await checkEnd(deps.db, plant.id, body.from, 'from');
    await checkEnd(deps.db, plant.id, body.to, 'to');
    const line = await prepareGeometry(deps.db, 'line', body.line, 4326);
    await refuseFarFromPlant(deps.db, plant.id, 'line', line);
    return transaction(deps.db, async (tx) => {
      const id = randomUUID();
      await tx.query(
        `insert into cables (id, plant_id, code, kind, from_kind, from_id, to_kind, to_id, cross_section_mm2, conductor, geom)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::geometry)`,
        [id, plant.id, body.code, body.kind, body.from?.kind ?? null, body.from?.id ?? null, body.to?.kind ?? null, body.to?.id ?? null,
          body.crossSectionMm2 ?? null, body.conductor ?? null, line],
      );
      const editId = await recordEdit(tx, {
        plantId: plant.id, authorId: user.id, kind: 'cable_create', key: 'edit.cable_create', params: { code: body.code },
        changes: [{ table: 'cables', op: 'insert', ids: [id] }],
      });
      return { cable: await cableRow(tx, plant.id, id), editId };
    });
  },
});

const update = defineRoute({
  method: 'patch',
  path: '/plants/{plantId}/cables/{cableId}',
  tag: 'wiring',
  summary: 'Change a cable (a new line gets a new length)',
  roles: MANAGERS,
  plant: 'plantId',
  params: ItemParams,
  body: CableUpdate,
  errors: [409],
  async handler({ params, body, user, plant, deps }) {
    const current = await cableRow(deps.db, plant.id, params.cableId);
    await checkEnd(deps.db, plant.id, body.from, 'from');
    await checkEnd(deps.db, plant.id, body.to, 'to');
    const line = body.line ? await prepareGeometry(deps.db, 'line', body.line, 4326) : null;
    if (line) await refuseFarFromPlant(deps.db, plant.id, 'line', line);
    return transaction(deps.db, async (tx) => {
      const change = await tracked(tx, 'cables', [current.id], async () => {
        await tx.query(
          `update cables set code = coalesce($2, code), kind = coalesce($3, kind),
                  from_kind = case when $4 then $5 else from_kind end, from_id = case when $4 then $6::uuid else from_id end,
                  to_kind = case when $7 then $8 else to_kind end, to_id = case when $7 then $9::uuid else to_id end,
                  cross_section_mm2 = coalesce($10, cross_section_mm2), conductor = coalesce($11, conductor),
                  geom = coalesce($12::geometry, geom)
            where id = $1`,
          [current.id, body.code ?? null, body.kind ?? null, body.from !== undefined, body.from?.kind ?? null, body.from?.id ?? null,
            body.to !== undefined, body.to?.kind ?? null, body.to?.id ?? null, body.crossSectionMm2 ?? null, body.conductor ?? null, line],
        );
      });
      const cable = await cableRow(tx, plant.id, current.id);
      const editId = await recordEdit(tx, {
        plantId: plant.id, authorId: user.id, kind: 'cable_update', key: 'edit.cable_update', params: { code: cable.code }, changes: [change],
      });
      return { cable, editId };
    });
  },
});

const remove = defineRoute({
  method: 'delete',
  path: '/plants/{plantId}/cables/{cableId}',
  tag: 'wiring',
  summary: 'Remove a cable',
  roles: MANAGERS,
  plant: 'plantId',
  params: ItemParams,
  async handler({ params, user, plant, deps }) {
    const current = await cableRow(deps.db, plant.id, params.cableId);
    return transaction(deps.db, async (tx) => {
      await tx.query('update cables set deleted_at = now() where id = $1', [current.id]);
      const editId = await recordEdit(tx, {
        plantId: plant.id, authorId: user.id, kind: 'cable_delete', key: 'edit.cable_delete', params: { code: current.code },
        changes: [{ table: 'cables', op: 'delete', ids: [current.id] }],
      });
      return { editId };
    });
  },
});

export const cableRoutes: RouteSpec[] = [create, update, remove];
