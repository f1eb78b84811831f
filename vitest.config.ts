import { defineConfig } from 'vitest/config';

// Each workspace package has its own vitest project; `vitest run` at the root runs them all.
export default defineConfig({
  test: {
    projects: ['packages/*/vitest.config.ts', 'apps/*/vitest.config.ts'],
    // PGlite and argon2 are CPU-heavy: one test file per core. Set here for every project: vitest
    // refuses projects with different maxWorkers in the same run.
    maxWorkers: 2,
  },
});
