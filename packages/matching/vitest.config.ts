import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'matching',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    expect: { requireAssertions: true },
    testTimeout: 60_000,
  },
});
