import { defineConfig } from 'vitest/config';

// Integration tests through app.inject against a real database: PGlite in memory by default,
// PostgreSQL when TEST_DATABASE_URL is set (one fresh database per test file, from a template).
export default defineConfig({
  test: {
    name: process.env.TEST_DATABASE_URL ? 'api (postgres)' : 'api (pglite)',
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    expect: { requireAssertions: true },
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
