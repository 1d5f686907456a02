import type { Deps } from '../http/context';
import { planQueue } from '../capabilities/plans/process';
import { composeMissionMail } from '../capabilities/missions/mail';
import { composeReportMail } from '../capabilities/report-workflow/mail';
import { ORDER_QUEUE, orderJob } from '../capabilities/missions/notify';
import { MAIL_QUEUE, mailJob } from '../mail/queue';
import { REPORT_QUEUE, reportJob } from '../capabilities/reports/render/render';
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
      // The mission order's PDF (Chromium: the print browser bounds its own pages).
      { name: ORDER_QUEUE, run: orderJob(all) },
      { name: MAIL_QUEUE, run: mailJob(all, { mission: composeMissionMail, report: composeReportMail }) },
      // Audit reports: Chromium pages and map composites, one report at a time per server.
      { name: REPORT_QUEUE, run: reportJob(all), concurrency: 1 },
    ],
  });
}
