import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { InverterCreate, InverterUpdate, Uuid } from '@calepin/core';
import { MANAGERS } from '../../access/scope';
import { type Queryable, transaction } from '../../db';
import { notFound } from '../../http/errors';
import { type RouteSpec, defineRoute } from '../../http/route';
import { type Change, recordEdit, tracked } from '../../editing/history';
import { pointEwkt, refuseFarFromPlant } from '../../editing/lookups';

const Params = z.object({ plantId: Uuid });
const ItemParams = z.object({ plantId: Uuid, inverterId: Uuid });
type MpptInput = { index: number; maxStrings?: number; maxVoltageV?: number; maxCurrentA?: number };

export async function inverterRow(db: Queryable, plantId: string, id: string) {
  const { rows } = await db.query(
    `select v.id, v.code, v.manufacturer, v.model, v.rated_power_kw as "ratedPowerKw", v.serial_number as "serialNumber",
            st_asgeojson(v.geom, 8)::json as location,
            coalesce((select json_agg(json_build_object('id', i.id, 'index', i.input_index, 'maxStrings', i.max_strings,
                        'maxVoltageV', i.max_voltage_v, 'maxCurrentA', i.max_current_a) order by i.input_index)
                        from mppt_inputs i where i.inverter_id = v.id and i.deleted_at is null), '[]') as "mpptInputs"
       from inverters v where v.id = $1 and v.plant_id = $2 and v.deleted_at is null`,
    [id, plantId],
  );
  if (!rows[0]) throw notFound();
  return rows[0] as { id: string; code: string; mpptInputs: { id: string; index: number }[] };
}

async function insertInputs(db: Queryable, plantId: string, inverterId: string, inputs: MpptInput[]): Promise<string[]> {
  const ids = inputs.map(() => randomUUID());
  await db.query(
    `insert into mppt_inputs (id, plant_id, inverter_id, input_index, max_strings, max_voltage_v, max_current_a)
     select u.id, $1, $2, u.idx, u.ms, u.mv, u.mc from unnest($3::uuid[], $4::int[], $5::int[], $6::numeric[], $7::numeric[]) u(id, idx, ms, mv, mc)`,
    [plantId, inverterId, ids, inputs.map((i) => i.index), inputs.map((i) => i.maxStrings ?? null),
      inputs.map((i) => i.maxVoltageV ?? null), inputs.map((i) => i.maxCurrentA ?? null)],
  );
  return ids;
}

/** Strings and junction boxes connected to inputs that go away are disconnected (tracked). */
async function disconnect(db: Queryable, column: 'inverter_id' | 'mppt_input_id', ids: string[]): Promise<Change[]> {
  if (!ids.length) return [];
  const changes: Change[] = [];
  for (const table of ['strings', 'junction_boxes'] as const) {
    const { rows } = await db.query<{ id: string }>(`select id from ${table} where ${column} = any($1::uuid[]) and deleted_at is null`, [ids]);
    const affected = rows.map((r) => r.id);
    if (!affected.length) continue;
    changes.push(await tracked(db, table, affected, async () => {
      await db.query(
        column === 'inverter_id'
          ? `update ${table} set inverter_id = null, mppt_input_id = null where id = any($1::uuid[])`
          : `update ${table} set mppt_input_id = null where id = any($1::uuid[])`,
        [affected],
      );
    }));
  }
  return changes;
}

const create = defineRoute({
  method: 'post',
  path: '/plants/{plantId}/inverters',
  tag: 'wiring',
  summary: 'Add an inverter with its MPPT inputs',
  roles: MANAGERS,
  plant: 'plantId',
  params: Params,
  body: InverterCreate,
  status: 201,
  errors: [409],
  async handler({ body, user, plant, deps }) {
    if (body.location) await refuseFarFromPlant(deps.db, plant.id, 'location', pointEwkt(body.location));
    return transaction(deps.db, async (tx) => {
      const id = randomUUID();
      await tx.query(
        `insert into inverters (id, plant_id, code, manufacturer, model, rated_power_kw, serial_number, geom)
         values ($1, $2, $3, $4, $5, $6, $7, st_setsrid(st_makepoint($8, $9), 4326))`,
        [id, plant.id, body.code, body.manufacturer ?? null, body.model ?? null, body.ratedPowerKw ?? null, body.serialNumber ?? null, ...body.location],
      );
      const inputs = await insertInputs(tx, plant.id, id, body.mpptInputs);
      const editId = await recordEdit(tx, {
        plantId: plant.id, authorId: user.id, kind: 'inverter_create', key: 'edit.inverter_create', params: { code: body.code },
        changes: [{ table: 'inverters', op: 'insert', ids: [id] }, { table: 'mppt_inputs', op: 'insert', ids: inputs }],
      });
      return { inverter: await inverterRow(tx, plant.id, id), editId };
    });
  },
});

const update = defineRoute({
  method: 'patch',
  path: '/plants/{plantId}/inverters/{inverterId}',
  tag: 'wiring',
  summary: 'Change an inverter; mpptInputs, when given, replaces the list (matched by index)',
  roles: MANAGERS,
  plant: 'plantId',
  params: ItemParams,
  body: InverterUpdate,
  errors: [409],
  async handler({ params, body, user, plant, deps }) {
    if (body.location) await refuseFarFromPlant(deps.db, plant.id, 'location', pointEwkt(body.location));
    const current = await inverterRow(deps.db, plant.id, params.inverterId);
    return transaction(deps.db, async (tx) => {
      const changes: Change[] = [await tracked(tx, 'inverters', [current.id], async () => {
        await tx.query(
          `update inverters set code = coalesce($2, code), manufacturer = coalesce($3, manufacturer), model = coalesce($4, model),
                  rated_power_kw = coalesce($5, rated_power_kw), serial_number = coalesce($6, serial_number),
                  geom = coalesce(st_setsrid(st_makepoint($7, $8), 4326), geom)
            where id = $1`,
          [current.id, body.code ?? null, body.manufacturer ?? null, body.model ?? null, body.ratedPowerKw ?? null,
            body.serialNumber ?? null, body.location?.[0] ?? null, body.location?.[1] ?? null],
        );
      })];
      if (body.mpptInputs) {
        const wanted = new Map(body.mpptInputs.map((i) => [i.index, i]));
        const kept = current.mpptInputs.filter((i) => wanted.has(i.index));
        const gone = current.mpptInputs.filter((i) => !wanted.has(i.index)).map((i) => i.id);
        changes.push(...(await disconnect(tx, 'mppt_input_id', gone)));
        await tx.query('update mppt_inputs set deleted_at = now() where id = any($1::uuid[])', [gone]);
        changes.push({ table: 'mppt_inputs', op: 'delete', ids: gone });
        changes.push(await tracked(tx, 'mppt_inputs', kept.map((i) => i.id), async () => {
          for (const k of kept) {
            const w = wanted.get(k.index) as MpptInput;
            await tx.query('update mppt_inputs set max_strings = $2, max_voltage_v = $3, max_current_a = $4 where id = $1',
              [k.id, w.maxStrings ?? null, w.maxVoltageV ?? null, w.maxCurrentA ?? null]);
          }
        }));
        const added = body.mpptInputs.filter((i) => !current.mpptInputs.some((c) => c.index === i.index));
        changes.push({ table: 'mppt_inputs', op: 'insert', ids: await insertInputs(tx, plant.id, current.id, added) });
      }
      const inverter = await inverterRow(tx, plant.id, current.id);
      const editId = await recordEdit(tx, {
        plantId: plant.id, authorId: user.id, kind: 'inverter_update', key: 'edit.inverter_update', params: { code: inverter.code }, changes,
      });
      return { inverter, editId };
    });
  },
});

const remove = defineRoute({
  method: 'delete',
  path: '/plants/{plantId}/inverters/{inverterId}',
  tag: 'wiring',
  summary: 'Remove an inverter and its inputs (strings and boxes on it are disconnected)',
  roles: MANAGERS,
  plant: 'plantId',
  params: ItemParams,
  async handler({ params, user, plant, deps }) {
    const current = await inverterRow(deps.db, plant.id, params.inverterId);
    return transaction(deps.db, async (tx) => {
      const changes = await disconnect(tx, 'inverter_id', [current.id]);
      const inputs = current.mpptInputs.map((i) => i.id);
      await tx.query('update mppt_inputs set deleted_at = now() where id = any($1::uuid[])', [inputs]);
      await tx.query('update inverters set deleted_at = now() where id = $1', [current.id]);
      changes.push({ table: 'mppt_inputs', op: 'delete', ids: inputs }, { table: 'inverters', op: 'delete', ids: [current.id] });
      const editId = await recordEdit(tx, {
        plantId: plant.id, authorId: user.id, kind: 'inverter_delete', key: 'edit.inverter_delete', params: { code: current.code }, changes,
      });
      return { editId };
    });
  },
});

export const inverterRoutes: RouteSpec[] = [create, update, remove];
