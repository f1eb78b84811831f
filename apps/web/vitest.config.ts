import { defineConfig } from 'vitest/config';

// Unit tests of the web app's own modules (i18n, uploads); pages are tested in tests/e2e.
export default defineConfig({
  test: { name: 'web', include: ['src/**/*.test.ts'], expect: { requireAssertions: true } },
});
