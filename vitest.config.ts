import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Stand-in servers and child processes are real; keep the 2-core CI machine from thrashing.
    maxWorkers: 2,
  },
});
