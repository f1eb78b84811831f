import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { defineConfig, devices } from '@playwright/test';

// The built platform on its own ports, with a fresh database: PGlite in a temporary folder, or
// the PostgreSQL database given by E2E_DATABASE_URL (seeded with the demo data).
const webPort = Number(process.env.E2E_WEB_PORT || 3100);
const apiPort = Number(process.env.E2E_API_PORT || 3101);
const pgUrl = process.env.E2E_DATABASE_URL;
const baseURL = `http://127.0.0.1:${webPort}`;

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export default defineConfig({
  testDir: '.',
  testMatch: '**/*.e2e.ts',
  outputDir: 'artifacts/results',
  fullyParallel: false,
  workers: 1,
  // A test that fails is run once more; one that then passes is reported as flaky (by name, in
  // the closing summary of `pnpm test`), not hidden.
  retries: 1,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  // The JSON report lets `pnpm test` name the failed tests in its closing summary.
  reporter: [
    ['list'],
    ['html', { outputFolder: 'artifacts/report', open: 'never' }],
    ['json', { outputFile: 'artifacts/results.json' }],
  ],
  use: {
    baseURL,
    locale: 'fr-FR',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      args: chromiumArgs,
    },
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'], channel: undefined } }],
  webServer: {
    command: `node ${resolve(import.meta.dirname, '../../scripts/start.mjs')}`,
    url: `${baseURL}/`,
    reuseExistingServer: false,
    timeout: 240_000,
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      SKIP_BUILD: 'true',
      PORT: String(webPort),
      API_PORT: String(apiPort),
      PUBLIC_WEB_URL: baseURL,
      LOGIN_RATE_LIMIT_PER_MINUTE: '10000',
      RATE_LIMIT_PER_MINUTE: '100000',
      ...(pgUrl
        ? {
            DATABASE_URL: pgUrl,
            JWT_SECRET: 'e2e-secret-e2e-secret-e2e-secret-e2e',
            SEED_DEMO: 'true',
          }
        : { DATABASE_URL: '', TREMPLIN_DATA_DIR: mkdtempSync(join(tmpdir(), 'tremplin-e2e-')) }),
    },
  },
});
