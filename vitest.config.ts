import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ["*/test/**/*.test.ts"],
    globalSetup: ['test-support/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 300_000,
    // Two cores: two test files at a time, each with its own database.
    maxWorkers: 2,
    pool: 'forks',
  },
});
