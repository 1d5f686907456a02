import type { Deps } from '../http/context';
import { PLAN_QUEUE, planGivenUp, planJob } from '../capabilities/plans/process';
import { DEFAULT_TIMING, JobQueue } from './queue';

/** The queue with every kind of job gis-server runs. */
export function createJobs(deps: Omit<Deps, 'jobs'>): JobQueue {
  return new JobQueue(deps.config.databaseUrl, deps.db, deps.log, {
    [PLAN_QUEUE]: (data, report) => planJob(deps as Deps)(data, report),
  }, DEFAULT_TIMING, {
    [PLAN_QUEUE]: (data, message) => planGivenUp(deps as Deps, data, message),
  });
}
