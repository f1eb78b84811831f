import { defineConfig } from 'vitest/config';

// Each workspace package has its own vitest project; `vitest run` at the root runs them all.
export default defineConfig({
  test: {
    projects: ['packages/*/vitest.config.ts', 'apps/*/vitest.config.ts'],
  },
});
