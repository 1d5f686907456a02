import type { Deps } from '../http/context';
import { PLAN_QUEUE, planJob } from '../modules/plans/process';
import { JobQueue } from './queue';

/** The queue with every kind of job gis-server runs. */
export function createJobs(deps: Omit<Deps, 'jobs'>): JobQueue {
  return new JobQueue(deps.config.databaseUrl, deps.db, deps.log, {
    [PLAN_QUEUE]: (data, report) => planJob(deps as Deps)(data, report),
  });
}
