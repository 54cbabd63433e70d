import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Several suites start a local Discord and a bot; two cores are all we have.
    pool: 'forks',
    maxWorkers: 2,
  },
});
