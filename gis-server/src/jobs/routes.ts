import { z } from 'zod';
import { Job, ROLES, Uuid } from '@calepin/core';
import { clientScope } from '../access/scope';
import { ApiError } from '../http/errors';
import { type RouteSpec, defineRoute } from '../http/route';

export const jobRoutes: RouteSpec[] = [
  defineRoute({
    method: 'get',
    path: '/jobs/{jobId}',
    tag: 'jobs',
    summary: 'A background job: state, progress 0..1, message and result',
    roles: ROLES,
    params: z.object({ jobId: Uuid }),
    response: Job,
    async handler({ params, user, deps }) {
      const { rows } = await deps.db.query(
        `select j.job_id as id, j.state, j.progress, j.message, j.result
           from job_progress j left join plants p on p.id = j.plant_id
          where j.job_id = $1 and ($2::uuid is null or p.client_id = $2)`,
        [params.jobId, clientScope(user)],
      );
      const job = rows[0];
      if (!job) throw new ApiError(404, 'not_found', { key: 'e.job_not_found' });
      return { ...job, result: job.result ?? undefined };
    },
  }),
];
