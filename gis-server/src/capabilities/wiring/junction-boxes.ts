import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { JunctionBoxCreate, JunctionBoxUpdate, Uuid } from '@calepin/core';
import { MANAGERS } from '../../access/scope';
import { type Queryable, transaction } from '../../db';
import { badRequest, notFound } from '../../http/errors';
import { type RouteSpec, defineRoute } from '../../http/route';
import { type Change, recordEdit, tracked } from '../../editing/history';
import { checkIds, pointEwkt, refuseFarFromPlant } from '../../editing/lookups';

const Params = z.object({ plantId: Uuid });
const ItemParams = z.object({ plantId: Uuid, junctionBoxId: Uuid });

async function boxRow(db: Queryable, plantId: string, id: string) {
  const { rows } = await db.query(
    `select id, code, inverter_id as "inverterId", mppt_input_id as "mpptInputId", input_count as "inputCount",
            st_asgeojson(geom, 8)::json as location
       from junction_boxes where id = $1 and plant_id = $2 and deleted_at is null`,
    [id, plantId],
  );
  if (!rows[0]) throw notFound();
  return rows[0] as { id: string; code: string };
}

/** The inverter of the box: the MPPT input's, which must agree with inverterId when both are given. */
async function connection(db: Queryable, plantId: string, body: { inverterId?: string | null; mpptInputId?: string | null }) {
  if (body.inverterId) await checkIds(db, 'inverters', plantId, [body.inverterId], 'inverterId');
  if (!body.mpptInputId) return body.inverterId;
  await checkIds(db, 'mppt_inputs', plantId, [body.mpptInputId], 'mpptInputId');
  const { rows } = await db.query<{ inverter_id: string }>('select inverter_id from mppt_inputs where id = $1', [body.mpptInputId]);
  const owner = (rows[0] as { inverter_id: string }).inverter_id;
  if (body.inverterId && body.inverterId !== owner) throw badRequest('mppt_of_other_inverter', 'e.mppt_of_other_inverter', {}, 'mpptInputId');
  return owner;
}

const create = defineRoute({
  method: 'post',
  path: '/plants/{plantId}/junction-boxes',
  tag: 'wiring',
  summary: 'Add a junction box (combiner), optionally connected to an inverter input',
  roles: MANAGERS,
  plant: 'plantId',
  params: Params,
  body: JunctionBoxCreate,
  status: 201,
  errors: [409],
  async handler({ body, user, plant, deps }) {
    if (body.location) await refuseFarFromPlant(deps.db, plant.id, 'location', pointEwkt(body.location));
    const inverterId = await connection(deps.db, plant.id, body);
    return transaction(deps.db, async (tx) => {
      const id = randomUUID();
      await tx.query(
        `insert into junction_boxes (id, plant_id, code, inverter_id, mppt_input_id, input_count, geom)
         values ($1, $2, $3, $4, $5, $6, st_setsrid(st_makepoint($7, $8), 4326))`,
        [id, plant.id, body.code, inverterId ?? null, body.mpptInputId ?? null, body.inputCount ?? null, ...body.location],
      );
      const editId = await recordEdit(tx, {
        plantId: plant.id, authorId: user.id, kind: 'junction_box_create', key: 'edit.junction_box_create', params: { code: body.code },
        changes: [{ table: 'junction_boxes', op: 'insert', ids: [id] }],
      });
      return { junctionBox: await boxRow(tx, plant.id, id), editId };
    });
  },
});

const update = defineRoute({
  method: 'patch',
  path: '/plants/{plantId}/junction-boxes/{junctionBoxId}',
  tag: 'wiring',
  summary: 'Change a junction box (null disconnects it)',
  roles: MANAGERS,
  plant: 'plantId',
  params: ItemParams,
  body: JunctionBoxUpdate,
  errors: [409],
  async handler({ params, body, user, plant, deps }) {
    if (body.location) await refuseFarFromPlant(deps.db, plant.id, 'location', pointEwkt(body.location));
    const current = await boxRow(deps.db, plant.id, params.junctionBoxId);
    const inverterId = await connection(deps.db, plant.id, body);
    return transaction(deps.db, async (tx) => {
      const change = await tracked(tx, 'junction_boxes', [current.id], async () => {
        await tx.query(
          `update junction_boxes set code = coalesce($2, code), input_count = coalesce($3, input_count),
                  geom = coalesce(st_setsrid(st_makepoint($4, $5), 4326), geom),
                  inverter_id = case when $6 then $7::uuid else inverter_id end,
                  mppt_input_id = case when $8 then $9::uuid else mppt_input_id end
            where id = $1`,
          [current.id, body.code ?? null, body.inputCount ?? null, body.location?.[0] ?? null, body.location?.[1] ?? null,
            inverterId !== undefined, inverterId ?? null, body.mpptInputId !== undefined, body.mpptInputId ?? null],
        );
      });
      const junctionBox = await boxRow(tx, plant.id, current.id);
      const editId = await recordEdit(tx, {
        plantId: plant.id, authorId: user.id, kind: 'junction_box_update', key: 'edit.junction_box_update', params: { code: junctionBox.code }, changes: [change],
      });
      return { junctionBox, editId };
    });
  },
});

const remove = defineRoute({
  method: 'delete',
  path: '/plants/{plantId}/junction-boxes/{junctionBoxId}',
  tag: 'wiring',
  summary: 'Remove a junction box (its strings are disconnected from it)',
  roles: MANAGERS,
  plant: 'plantId',
  params: ItemParams,
  async handler({ params, user, plant, deps }) {
    const current = await boxRow(deps.db, plant.id, params.junctionBoxId);
    return transaction(deps.db, async (tx) => {
      const { rows } = await tx.query<{ id: string }>('select id from strings where junction_box_id = $1 and deleted_at is null', [current.id]);
      const changes: Change[] = [await tracked(tx, 'strings', rows.map((r) => r.id), async () => {
        await tx.query('update strings set junction_box_id = null where junction_box_id = $1', [current.id]);
      })];
      await tx.query('update junction_boxes set deleted_at = now() where id = $1', [current.id]);
      changes.push({ table: 'junction_boxes', op: 'delete', ids: [current.id] });
      const editId = await recordEdit(tx, {
        plantId: plant.id, authorId: user.id, kind: 'junction_box_delete', key: 'edit.junction_box_delete', params: { code: current.code }, changes,
      });
      return { editId };
    });
  },
});

export const junctionBoxRoutes: RouteSpec[] = [create, update, remove];
