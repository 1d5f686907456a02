import type { Deps } from '../http/context';
import { planQueue } from '../capabilities/plans/process';
import { JobQueue } from './queue';

/**
 * The queue with every kind of job gis-server runs: one declaration per kind (QueueDeclaration).
 * Handlers get the full Deps: they run after createApp has put this queue in them.
 */
export function createJobs(deps: Omit<Deps, 'jobs'>): JobQueue {
  const all = deps as Deps;
  return new JobQueue({
    connectionString: deps.config.databaseUrl,
    db: deps.db,
    log: deps.log,
    concurrency: deps.config.jobConcurrency,
    queues: [
      planQueue(all),
    ],
  });
}
