import { defineConfig } from 'drizzle-kit';

// Only `drizzle-kit generate` is used (never push): migrations are generated from the schema and
// committed with their journal; the API applies them at start-up.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/schema/index.ts',
  out: './migrations',
  casing: 'snake_case',
});
