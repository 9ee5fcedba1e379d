import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Prints once per run why Redis, Postgres and other environment-bound tests are skipped.
    globalSetup: ['test/skip-reasons.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
