// Runs once before all test files: builds the two template databases.
import { migrate } from '@calepin/sql';
import { loadDemo } from '@calepin/data-fixtures';
import { TEMPLATE_DEMO, TEMPLATE_EMPTY, createDatabase } from './db';

export default async function setup(): Promise<void> {
  const emptyUrl = await createDatabase(TEMPLATE_EMPTY);
  await migrate(emptyUrl);
  const demoUrl = await createDatabase(TEMPLATE_DEMO, TEMPLATE_EMPTY);
  await loadDemo(demoUrl);
  // A template must have no open connection when it is copied: both calls close theirs.
}
