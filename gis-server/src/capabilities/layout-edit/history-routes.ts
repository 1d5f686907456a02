import { z } from 'zod';
import { LayoutHistory, ReplayRequest, UndoResult, Uuid } from '@calepin/core';
import { MANAGERS } from '../../access/scope';
import { transaction } from '../../db';
import { conflict } from '../../http/errors';
import { type RouteSpec, defineRoute } from '../../http/route';
import { replay } from '../../editing/history';

const Params = z.object({ plantId: Uuid });

function replayRoute(direction: 'undo' | 'redo'): RouteSpec {
  return defineRoute({
    method: 'post',
    path: `/plants/{plantId}/layout/${direction}`,
    tag: 'layout editing',
    summary: direction === 'undo' ? 'Undo the latest layout edit of the plant' : 'Redo the latest undone layout edit',
    roles: MANAGERS,
    plant: 'plantId',
    params: Params,
    body: ReplayRequest,
    response: UndoResult,
    errors: [409],
    async handler({ plant, body, deps, ctx }) {
      const result = await transaction(deps.db, (tx) => replay(tx, plant.id, direction, body.editId));
      if (!result) throw conflict(`nothing_to_${direction}`, direction === 'undo' ? 'e.nothing_to_undo' : 'e.nothing_to_redo');
      if ('stale' in result) {
        // The edit in its place, named in the caller's language (its description has both).
        const edit = result.stale.description[ctx.state.locale];
        throw conflict('edit_not_latest', direction === 'undo' ? 'e.undo_not_latest' : 'e.redo_not_latest', { edit }, 'editId');
      }
      return result.done;
    },
  });
}

const history = defineRoute({
  method: 'get',
  path: '/plants/{plantId}/layout/history',
  tag: 'layout editing',
  summary: 'The latest 50 layout edits of the plant, newest first',
  roles: MANAGERS,
  plant: 'plantId',
  params: Params,
  response: LayoutHistory,
  async handler({ plant, deps }) {
    const { rows } = await deps.db.query(
      `select id as "editId", kind, description, undone, created_at as "createdAt"
         from layout_edits where plant_id = $1 order by seq desc limit 50`,
      [plant.id],
    );
    return { items: rows };
  },
});

export const historyRoutes: RouteSpec[] = [replayRoute('undo'), replayRoute('redo'), history];
