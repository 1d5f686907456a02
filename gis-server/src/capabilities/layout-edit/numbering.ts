import { z } from 'zod';
import { Numbering, Uuid, checkScheme, numberModules } from '@calepin/core';
import { MANAGERS } from '../../access/scope';
import { transaction } from '../../db';
import { badRequest } from '../../http/errors';
import { type RouteSpec, defineRoute } from '../../http/route';
import { type Change, recordEdit } from '../../editing/history';
import { checkIds } from '../../editing/lookups';
import { layoutModules } from '../../editing/modules';

const Params = z.object({ plantId: Uuid });

const numbering = defineRoute({
  method: 'post',
  path: '/plants/{plantId}/numbering',
  tag: 'layout editing',
  summary: 'Renumber the modules of the plant (or of some tables) by a scheme',
  description: 'Schemes: `S{string}-M{index}`, `T{table}-R{row}-C{col}` or any template of {table} {row} {col} {string} {index} {n}; see docs/layout.md.',
  roles: MANAGERS,
  plant: 'plantId',
  params: Params,
  body: Numbering,
  errors: [409],
  async handler({ body, user, plant, deps }) {
    const check = checkScheme(body.scheme);
    if (check === 'unknown_placeholder') throw badRequest('scheme_unknown_placeholder', 'e.scheme_unknown_placeholder', {}, 'scheme');
    if (check === 'not_unique') throw badRequest('scheme_not_unique', 'e.scheme_not_unique', {}, 'scheme');
    if (body.tableIds) await checkIds(deps.db, 'tables', plant.id, body.tableIds, 'tableIds');
    return transaction(deps.db, async (tx) => {
      const modules = await layoutModules(tx, plant.id, plant.srid, body.tableIds);
      if (!modules.length) throw badRequest('modules_unknown_in_tables', 'e.modules_unknown_in_tables', {}, 'tableIds');
      const codes = numberModules(modules, body.scheme, body.order);
      // Only the modules whose code changes are written (renumbering after a small edit
      // touches a few rows, and every row written costs index and trigger work).
      const { rows: changed } = await tx.query<{ id: string; code: string; current: string }>(
        `select u.id, u.code, m.code as current
           from unnest($1::uuid[], $2::text[]) u(id, code) join modules m on m.id = u.id where m.code <> u.code`,
        [[...codes.keys()], [...codes.values()]],
      );
      const ids = changed.map((r) => r.id);
      // One statement: module codes are checked unique at its end (migration 025), so codes
      // may be swapped inside the selection. The before/after values of the history are the
      // ones just read, not read again.
      await tx.query(
        'update modules m set code = u.code from unnest($1::uuid[], $2::text[]) u(id, code) where m.id = u.id',
        [ids, changed.map((r) => r.code)],
      );
      const change: Change = {
        table: 'modules', op: 'update', columns: ['code'],
        before: changed.map((r) => ({ id: r.id, code: r.current })),
        after: changed.map((r) => ({ id: r.id, code: r.code })),
      };
      const editId = await recordEdit(tx, {
        plantId: plant.id, authorId: user.id, kind: 'numbering', key: 'edit.numbering', params: { count: ids.length, scheme: body.scheme },
        changes: [change],
      });
      return { renumbered: ids.length, editId };
    });
  },
});

export const numberingRoutes: RouteSpec[] = [numbering];
