import os from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Much of the suite waits on child processes, PostgreSQL and Chromium rather than the CPU:
    // two workers on a 2-core machine (the default would be one) take a third off the run.
    maxWorkers: Math.max(2, os.availableParallelism() - 1),
  },
});
