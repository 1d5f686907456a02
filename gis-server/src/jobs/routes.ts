import { z } from 'zod';
import { Job, ROLES, Uuid } from '@calepin/core';
import { ApiError } from '../http/errors';
import { type RouteSpec, defineRoute } from '../http/route';

export const jobRoutes: RouteSpec[] = [
  defineRoute({
    method: 'get',
    path: '/jobs/{jobId}',
    tag: 'jobs',
    summary: 'A background job: state, progress 0..1, message and result',
    roles: ROLES,
    // A job of no plant (none yet) is staff-only.
    plant: { param: 'jobId', of: 'job', sql: 'select plant_id from job_progress where job_id = $1', notFound: 'e.job_not_found' },
    params: z.object({ jobId: Uuid }),
    response: Job,
    async handler({ params, deps }) {
      const { rows } = await deps.db.query(
        'select job_id as id, state, progress, message, result from job_progress where job_id = $1',
        [params.jobId],
      );
      const job = rows[0];
      if (!job) throw new ApiError(404, 'not_found', { key: 'e.job_not_found' });
      return { ...job, result: job.result ?? undefined };
    },
  }),
];
