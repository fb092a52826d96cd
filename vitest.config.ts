import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'bench/**/*.test.ts'],
    // Gives the PostgreSQL suites a server (DATABASE_URL_TEST, or a throwaway local one).
    globalSetup: ['test/setup/postgres.ts'],
    // Two cores: DuckDB tests open files; keep the pool small and predictable.
    maxWorkers: 2,
    testTimeout: 60_000,
  },
});
