import { z } from 'zod';
import { Uuid } from '@calepin/core';
import { PullQuery, PullResponse, PushRequest, PushResponse, SYNC_LIMITS } from '@calepin/core/sync';
import { ApiError } from '../../http/errors';
import { MANAGERS, STAFF } from '../../access/scope';
import { type RouteSpec, defineRoute } from '../../http/route';
import { listConflicts, revertConflict } from '../../sync/conflicts';
import { loadMission } from '../../sync/mission';
import { pull } from '../../sync/pull';
import { push } from '../../sync/push';

const MissionParams = z.object({ missionId: Uuid });
const ConflictParams = z.object({ conflictId: Uuid });

const Conflict = z
  .object({
    id: Uuid,
    table: z.string(),
    key: z.record(z.string(), z.string()),
    kind: z.enum(['column', 'deleted', 'delete_over_change']),
    column: z.string().nullable(),
    kept: z.enum(['server', 'device']),
    serverValue: z.unknown(),
    deviceValue: z.unknown(),
    serverTime: z.string().nullable(),
    deviceTime: z.string(),
    deviceTimeSent: z.string().nullable(),
    serverUser: z.string().nullable(),
    deviceUser: z.string().nullable(),
    createdAt: z.string(),
    revertedAt: z.string().nullable(),
    revertedBy: z.string().nullable(),
  })
  .meta({ id: 'SyncConflict' });

export const syncRoutes: RouteSpec[] = [
  defineRoute({
    method: 'post',
    path: '/sync/push',
    tag: 'sync',
    summary: 'Push a batch of a device’s outbox operations (docs/sync.md §4)',
    description:
      'Applied in one transaction, operation after operation, each with its own result: applied, conflict (decided ' +
      'column by column by device time, recorded) or rejected (nothing applied, with a code, a field and a message). ' +
      'A batch id or an operation id seen before returns its stored result and applies nothing. At most 1,000 ' +
      'operations and 2 MiB per batch. Technicians push only to missions they are members of.',
    roles: STAFF,
    body: PushRequest,
    response: PushResponse,
    errors: [409, 415, 503],
    async handler({ body, user, ctx, deps }) {
      if (body.operations.length > SYNC_LIMITS.operations) {
        throw new ApiError(413, 'too_many_operations', {
          key: 'e.sync_too_many', params: { max: SYNC_LIMITS.operations, count: body.operations.length }, field: 'operations',
        });
      }
      return push(deps.db, user, body, ctx.state.locale);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/sync/missions/{missionId}/changes',
    tag: 'sync',
    summary: 'Pull what changed on a mission since a cursor, a page at a time (docs/sync.md §5)',
    description:
      'Without a cursor: everything of the mission. Rows come in (transaction, revision) order; a row of a ' +
      'transaction still running waits for a later pull and is never skipped. Deleted rows come as op "delete". ' +
      'layoutRevision is the plant layout’s: when it differs from the mission package’s, the package is out of date.',
    roles: STAFF,
    params: MissionParams,
    query: PullQuery,
    response: PullResponse,
    async handler({ params, query, user, deps }) {
      const mission = await loadMission(deps.db, params.missionId, user, false);
      return pull(deps.db, mission.id, mission.plantId, query.cursor, query.limit);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/missions/{missionId}/conflicts',
    tag: 'sync',
    summary: 'Conflicts recorded on a mission, newest first: both values, both device times, who won',
    roles: STAFF,
    params: MissionParams,
    response: z.object({ items: z.array(Conflict) }).meta({ id: 'SyncConflicts' }),
    async handler({ params, user, deps }) {
      await loadMission(deps.db, params.missionId, user, false);
      return { items: await listConflicts(deps.db, params.missionId) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/conflicts/{conflictId}/revert',
    tag: 'sync',
    summary: 'Revert a conflict: the losing value is written back as a new change that devices pull',
    roles: MANAGERS,
    params: ConflictParams,
    response: Conflict,
    errors: [409],
    async handler({ params, user, ctx, deps }) {
      return revertConflict(deps.db, user, params.conflictId, ctx.state.locale);
    },
  }),
];
