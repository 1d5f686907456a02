import type { Deps } from '../http/context';
import { PLAN_QUEUE, planGivenUp, planJob } from '../capabilities/plans/process';
import { DEFAULT_TIMING, JobQueue } from './queue';
import { MAIL_QUEUE, mailJob } from '../mail/queue';
import { composeMissionMail } from '../capabilities/missions/mail';
import { ORDER_QUEUE, orderJob } from '../capabilities/missions/notify';

/** The queue with every kind of job gis-server runs. */
export function createJobs(deps: Omit<Deps, 'jobs'>): JobQueue {
  return new JobQueue(deps.config.databaseUrl, deps.db, deps.log, {
    [PLAN_QUEUE]: (data, report) => planJob(deps as Deps)(data, report),
    [ORDER_QUEUE]: (data) => orderJob(deps as Deps)(data),
    [MAIL_QUEUE]: (data) => mailJob(deps as Deps, { mission: composeMissionMail })(data),
  }, DEFAULT_TIMING, {
    [PLAN_QUEUE]: (data, message) => planGivenUp(deps as Deps, data, message),
  });
}
