import { defineConfig } from 'vitest/config';

/**
 * Slow suites are marked by name: `*.e2e.test.ts` and everything in test/e2e/ (servers,
 * Chromium, whole demo companies). `npm run test:quick` leaves them out.
 */
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'bench/**/*.test.ts'],
    // Gives the PostgreSQL suites a server (DATABASE_URL_TEST, or a throwaway local one).
    globalSetup: ['test/setup/postgres.ts'],
    // Two cores: two test files at a time (DuckDB and the CLI tests are CPU-bound).
    maxWorkers: 2,
    // Limits that hold on two cores shared with other work (load 20): a step that takes 2 s
    // on an idle machine can take 20 times as long. Hooks build demo companies and start
    // servers, so they get the longest.
    testTimeout: 180_000,
    hookTimeout: 300_000,
    teardownTimeout: 60_000,
    slowTestThreshold: 10_000,
  },
});
