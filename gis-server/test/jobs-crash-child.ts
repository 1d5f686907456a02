// Run by jobs-crash.test.ts as a child process: a gis-server that works the queues and
// stops inside a job until the test kills it (SIGKILL, no clean stop).
//   tsx jobs-crash-child.ts <databaseUrl> <filesDir>
// 'test-crash' hangs at once; 'plan-process' (the real plan job) hangs when the warp starts.
import pino from 'pino';
import { createApp } from '../src/app';
import { JobQueue } from '../src/jobs/queue';
import { planQueue } from '../src/capabilities/plans/process';
import { testConfig } from '../../test-support/app';

const [url, filesDir] = [process.argv[2]!, process.argv[3]!];
const never = () => new Promise<never>(() => undefined);
const app = createApp(testConfig(url, { filesDir }), { log: pino({ level: 'silent' }) });
const plans = planQueue(app.deps);
const queue = new JobQueue({
  connectionString: url, db: app.deps.db, log: app.deps.log, timing: { heartbeatSeconds: 1, lostAfterSeconds: 4 },
  queues: [
    {
      name: 'test-crash',
      run: async (_data, report) => {
        await report(0.3, 'working');
        process.send?.('working');
        return never();
      },
    },
    {
      ...plans,
      run: (data, report, job) => plans.run(data, async (progress, message) => {
        await report(progress, message);
        if (message === 'warping') {
          process.send?.('working');
          await never();
        }
      }, job),
    },
  ],
});
await queue.start();
process.send?.('ready');
