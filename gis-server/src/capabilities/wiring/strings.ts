import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { StringCreate, StringUpdate, StringsAuto, Uuid, autoStrings } from '@calepin/core';
import { MANAGERS } from '../../access/scope';
import { type Queryable, transaction } from '../../db';
import { badRequest, notFound } from '../../http/errors';
import { type RouteSpec, defineRoute } from '../../http/route';
import { type Change, recordEdit, refreshStrings, tracked } from '../../editing/history';
import { layoutModules } from '../../editing/modules';
import { nextNumber } from '../../editing/place';
import { checkIds } from '../../editing/lookups';

const Params = z.object({ plantId: Uuid });
const StringParams = z.object({ plantId: Uuid, stringId: Uuid });
const WIRE = ['string_id', 'position_in_string'] as const;

async function stringRow(db: Queryable, plantId: string, id: string) {
  const { rows } = await db.query(
    `select s.id, s.code, s.inverter_id as "inverterId", s.mppt_input_id as "mpptInputId", s.junction_box_id as "junctionBoxId",
            (select count(*)::int from modules m where m.string_id = s.id and m.deleted_at is null) as "moduleCount"
       from strings s where s.id = $1 and s.plant_id = $2 and s.deleted_at is null`,
    [id, plantId],
  );
  if (!rows[0]) throw notFound();
  return rows[0] as { id: string; code: string; inverterId: string | null; mpptInputId: string | null; junctionBoxId: string | null; moduleCount: number };
}

/** Wires modules into strings (ids in wiring order), as one tracked change of the modules. */
async function wire(db: Queryable, moduleIds: string[], stringIds: string[], positions: number[]): Promise<Change> {
  return tracked(db, 'modules', moduleIds, async () => {
    await db.query(
      `update modules m set string_id = u.sid, position_in_string = u.pos
         from unnest($1::uuid[], $2::uuid[], $3::int[]) u(id, sid, pos) where m.id = u.id`,
      [moduleIds, stringIds, positions],
    );
  }, WIRE);
}

/** Strings of the plant left without live modules are removed (soft delete); returns the change. */
async function dropEmptyStrings(db: Queryable, plantId: string): Promise<Change> {
  const { rows } = await db.query<{ id: string }>(
    `update strings s set deleted_at = now()
      where s.plant_id = $1 and s.deleted_at is null
        and not exists (select 1 from modules m where m.string_id = s.id and m.deleted_at is null)
        and exists (select 1 from modules m where m.string_id = s.id)
     returning id`,
    [plantId],
  );
  return { table: 'strings', op: 'delete', ids: rows.map((r) => r.id) };
}

const createString = defineRoute({
  method: 'post',
  path: '/plants/{plantId}/strings',
  tag: 'wiring',
  summary: 'Make a string of modules picked in wiring order (they leave their former string)',
  roles: MANAGERS,
  plant: 'plantId',
  params: Params,
  body: StringCreate,
  status: 201,
  errors: [409],
  async handler({ body, user, plant, deps }) {
    const seen = new Set<string>();
    for (const id of body.moduleIds) {
      if (seen.has(id)) throw badRequest('module_repeated', 'e.module_repeated', { id }, 'moduleIds');
      seen.add(id);
    }
    await checkIds(deps.db, 'modules', plant.id, body.moduleIds, 'moduleIds');
    return transaction(deps.db, async (tx) => {
      const code = body.code ?? `S${await nextNumber(tx, 'strings', plant.id, 'S')}`;
      const id = randomUUID();
      await tx.query('insert into strings (id, plant_id, code) values ($1, $2, $3)', [id, plant.id, code]);
      const changes: Change[] = [{ table: 'strings', op: 'insert', ids: [id] }];
      changes.push(await wire(tx, body.moduleIds, body.moduleIds.map(() => id), body.moduleIds.map((_, i) => i + 1)));
      changes.push(await dropEmptyStrings(tx, plant.id));
      await refreshStrings(tx, plant.id, changes);
      const editId = await recordEdit(tx, {
        plantId: plant.id, authorId: user.id, kind: 'string_create', key: 'edit.string_create', params: { code, modules: body.moduleIds.length }, changes,
      });
      return { string: await stringRow(tx, plant.id, id), editId };
    });
  },
});

const autoRoute = defineRoute({
  method: 'post',
  path: '/plants/{plantId}/strings/auto',
  tag: 'wiring',
  summary: 'Make strings of N modules along the rows (the modules leave their former strings)',
  roles: MANAGERS,
  plant: 'plantId',
  params: Params,
  body: StringsAuto,
  status: 201,
  async handler({ body, user, plant, deps }) {
    if (body.tableIds) await checkIds(deps.db, 'tables', plant.id, body.tableIds, 'tableIds');
    return transaction(deps.db, async (tx) => {
      const modules = await layoutModules(tx, plant.id, plant.srid, body.tableIds);
      if (!modules.length) throw badRequest('modules_unknown_in_tables', 'e.modules_unknown_in_tables', {}, 'tableIds');
      const { strings, unassigned } = autoStrings(modules, body.modulesPerString, body.order);
      const first = await nextNumber(tx, 'strings', plant.id, 'S');
      const ids = strings.map(() => randomUUID());
      await tx.query(
        'insert into strings (id, plant_id, code) select u.id, $1, u.code from unnest($2::uuid[], $3::text[]) u(id, code)',
        [plant.id, ids, ids.map((_, i) => `S${first + i}`)],
      );
      // Only the modules whose string or position changes are written, and the history's
      // before-values are the ones layoutModules just read (no snapshot read before and after).
      const wanted = new Map<string, { sid: string | null; pos: number | null }>();
      strings.forEach((s, i) => s.forEach((id, p) => wanted.set(id, { sid: ids[i] as string, pos: p + 1 })));
      for (const id of unassigned) wanted.set(id, { sid: null, pos: null });
      const moved = modules.filter((m) => {
        const w = wanted.get(m.id);
        return w && (w.sid !== (m.stringId ?? null) || w.pos !== (m.positionInString ?? null));
      });
      const after = moved.map((m) => ({ id: m.id, string_id: wanted.get(m.id)?.sid ?? null, position_in_string: wanted.get(m.id)?.pos ?? null }));
      await tx.query(
        `update modules m set string_id = u.sid, position_in_string = u.pos
           from unnest($1::uuid[], $2::uuid[], $3::int[]) u(id, sid, pos) where m.id = u.id`,
        [after.map((r) => r.id), after.map((r) => r.string_id), after.map((r) => r.position_in_string)],
      );
      const changes: Change[] = [{ table: 'strings', op: 'insert', ids }, {
        table: 'modules', op: 'update', columns: WIRE, after,
        before: moved.map((m) => ({ id: m.id, string_id: m.stringId ?? null, position_in_string: m.positionInString ?? null })),
      }];
      changes.push(await dropEmptyStrings(tx, plant.id));
      await refreshStrings(tx, plant.id, changes);
      const editId = await recordEdit(tx, {
        plantId: plant.id, authorId: user.id, kind: 'strings_auto', key: 'edit.strings_auto', params: { count: ids.length, per: body.modulesPerString }, changes,
      });
      return { stringCount: ids.length, unassigned: unassigned.length, editId };
    });
  },
});

const updateString = defineRoute({
  method: 'patch',
  path: '/plants/{plantId}/strings/{stringId}',
  tag: 'wiring',
  summary: 'Rename a string or connect it to an inverter, MPPT input and junction box (null disconnects)',
  roles: MANAGERS,
  plant: 'plantId',
  params: StringParams,
  body: StringUpdate,
  errors: [409],
  async handler({ params, body, user, plant, deps }) {
    const current = await stringRow(deps.db, plant.id, params.stringId);
    if (body.inverterId) await checkIds(deps.db, 'inverters', plant.id, [body.inverterId], 'inverterId');
    if (body.junctionBoxId) await checkIds(deps.db, 'junction_boxes', plant.id, [body.junctionBoxId], 'junctionBoxId');
    let inverterId = body.inverterId;
    if (body.mpptInputId) {
      await checkIds(deps.db, 'mppt_inputs', plant.id, [body.mpptInputId], 'mpptInputId');
      const { rows } = await deps.db.query<{ inverter_id: string }>('select inverter_id from mppt_inputs where id = $1', [body.mpptInputId]);
      const owner = (rows[0] as { inverter_id: string }).inverter_id;
      if (inverterId && inverterId !== owner) throw badRequest('mppt_of_other_inverter', 'e.mppt_of_other_inverter', {}, 'mpptInputId');
      inverterId = owner;
    }
    return transaction(deps.db, async (tx) => {
      const change = await tracked(tx, 'strings', [current.id], async () => {
        await tx.query(
          `update strings set code = coalesce($2, code),
                  inverter_id = case when $3 then $4::uuid else inverter_id end,
                  mppt_input_id = case when $5 then $6::uuid else mppt_input_id end,
                  junction_box_id = case when $7 then $8::uuid else junction_box_id end
            where id = $1`,
          [current.id, body.code ?? null, inverterId !== undefined, inverterId ?? null, body.mpptInputId !== undefined,
            body.mpptInputId ?? null, body.junctionBoxId !== undefined, body.junctionBoxId ?? null],
        );
      });
      const string = await stringRow(tx, plant.id, current.id);
      const editId = await recordEdit(tx, {
        plantId: plant.id, authorId: user.id, kind: 'string_update', key: 'edit.string_update', params: { code: string.code }, changes: [change],
      });
      return { string, editId };
    });
  },
});

const deleteString = defineRoute({
  method: 'delete',
  path: '/plants/{plantId}/strings/{stringId}',
  tag: 'wiring',
  summary: 'Remove a string (its modules stay, unwired)',
  roles: MANAGERS,
  plant: 'plantId',
  params: StringParams,
  async handler({ params, user, plant, deps }) {
    const current = await stringRow(deps.db, plant.id, params.stringId);
    return transaction(deps.db, async (tx) => {
      const { rows } = await tx.query<{ id: string }>('select id from modules where string_id = $1 and deleted_at is null', [current.id]);
      const ids = rows.map((r) => r.id);
      const changes: Change[] = [await wire(tx, ids, ids.map(() => null as unknown as string), ids.map(() => null as unknown as number))];
      await tx.query('update strings set deleted_at = now() where id = $1', [current.id]);
      changes.push({ table: 'strings', op: 'delete', ids: [current.id] });
      const editId = await recordEdit(tx, {
        plantId: plant.id, authorId: user.id, kind: 'string_delete', key: 'edit.string_delete', params: { code: current.code }, changes,
      });
      return { editId };
    });
  },
});

export const stringRoutes: RouteSpec[] = [createString, autoRoute, updateString, deleteString];
