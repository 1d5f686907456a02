import { defineConfig } from 'vitest/config';

// The test processes inherit it: in-process servers run jobs and tile reads on libuv's thread
// pool, whose default of 4 starves them (gis-server/src/runtime.ts).
process.env.UV_THREADPOOL_SIZE ??= '16';
// As gis-server's runtime.ts sets it for production (docs/jobs.md).
process.env.GDAL_CACHEMAX ??= '256';

export default defineConfig({
  test: {
    include: ["*/test/**/*.test.ts"],
    globalSetup: ['test-support/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 300_000,
    // Two cores: two test files at a time, each with its own database.
    maxWorkers: 2,
    // expect.poll's own default (1 s) is a timing judged on a loaded 2-core machine: what a
    // poll waits for comes, or the test fails after 10 s, not after 1.
    expect: { poll: { timeout: 10_000 } },
    pool: 'forks',
  },
});
