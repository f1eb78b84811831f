// `pnpm test`: the whole suite. Unit and API integration tests (vitest) on PGlite; again on
// PostgreSQL when TEST_DATABASE_URL is set; then the end-to-end tests (Playwright, Chromium)
// against the built platform, on PGlite, and on PostgreSQL too when TEST_DATABASE_URL is set.
// The PGlite end-to-end run keeps the servers' logs (API at info) and fails if they hold any
// personal data of the demo seed, an e-mail address, a token or a sign-in code
// (tests/e2e/trust-logs.ts).
// With TEST_DATABASE_URL, the load and failure scenarios of tests/load run last (LOAD=false skips
// them). Extra arguments go to vitest's filter (e.g. `pnpm test identity`); E2E=false skips
// Playwright.
import { rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import postgres from 'postgres';
import { buildIfNeeded, root, runPnpm } from './lib.mjs';
import { failedPlaywright, failedVitest, flakyPlaywright, readJson } from './reports.mjs';

const env = process.env;
const pgUrl = env.TEST_DATABASE_URL || '';
const filters = process.argv.slice(2);
const results = [];
const step = (name, status, details = []) => {
  results.push({ name, ok: status === 0, details });
  console.log(`\n=== ${name}: ${status === 0 ? 'passed' : 'FAILED'} ===\n`);
};
const withoutPg = { ...env, TEST_DATABASE_URL: '' };

// vitest also writes a JSON report, so that the closing summary names the failed tests.
const vitestReport = join(root, 'node_modules/.cache/tremplin-vitest.json');

function runVitest(args, options) {
  rmSync(vitestReport, { force: true });
  const status = runPnpm(
    [
      'exec',
      'vitest',
      'run',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${vitestReport}`,
      ...args,
    ],
    options,
  );
  return [status, status === 0 ? [] : failedVitest(vitestReport, root)];
}

step('unit and integration tests (PGlite)', ...runVitest(filters, { env: withoutPg }));
if (pgUrl) {
  step(
    'API integration tests (PostgreSQL)',
    ...runVitest(['--project', 'api (postgres)', ...filters], { env }),
  );
}

async function freshDatabase(url, name) {
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.unsafe(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

// Both the end-to-end tests and the load scenarios serve the build: it is made (if needed) once.
const wantE2e = env.E2E !== 'false' && filters.length === 0;
// The trust issue's load and failure scenarios (tests/load/trust.ts): 500 concurrent accepts, a
// 60 s mixed load, the API killed during a publication, PostgreSQL restarted under load. They
// need PostgreSQL; about three minutes.
const wantLoad = Boolean(pgUrl) && env.LOAD !== 'false' && filters.length === 0;
let built = 0;
if (wantE2e || wantLoad) {
  built = buildIfNeeded();
  step('build', built);
}

// What an end-to-end run left behind, so that the closing summary (the last lines a CI log
// shows) names the failed tests and any personal data found in the logs.
const e2eArtifacts = join(root, 'tests/e2e/artifacts');
const e2eReport = join(e2eArtifacts, 'results.json');
const logFindings = join(e2eArtifacts, 'trust-logs-findings.json');

/** A port nobody listens on now (the suite's servers must not meet a leftover process). */
function freePort() {
  return new Promise((done, fail) => {
    const server = createServer();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

async function runE2e(args, options) {
  rmSync(e2eReport, { force: true });
  rmSync(logFindings, { force: true });
  const ports = { E2E_WEB_PORT: String(await freePort()), E2E_API_PORT: String(await freePort()) };
  const status = runPnpm(args, { ...options, env: { ...options.env, ...ports } });
  const flaky = flakyPlaywright(e2eReport);
  if (status === 0) return { status, details: flaky };
  const details = [...failedPlaywright(e2eReport), ...flaky];
  const scan = readJson(logFindings);
  if (scan?.findings?.length) {
    details.push(`personal data in the logs: ${scan.findings.length} finding(s)`);
    details.push(...scan.findings.slice(0, 5).map((f) => `  ${f}`));
  }
  return { status, details };
}

if (wantE2e && built === 0) {
  const pglite = await runE2e(['--filter', '@tremplin/e2e', 'test:logs'], { env: withoutPg });
  step(
    'end-to-end tests (PGlite), then no personal data in their logs',
    pglite.status,
    pglite.details,
  );
  if (pgUrl) {
    const e2eUrl = await freshDatabase(pgUrl, 'tremplin_e2e');
    const pg = await runE2e(['--filter', '@tremplin/e2e', 'test'], {
      env: { ...env, E2E_DATABASE_URL: e2eUrl },
    });
    step('end-to-end tests (PostgreSQL)', pg.status, pg.details);
  }
}

if (wantLoad && built === 0) {
  step(
    'load and failure scenarios (PostgreSQL)',
    runPnpm(['--filter', '@tremplin/load', 'trust'], {
      env: { ...env, LOAD_DATABASE_URL: pgUrl },
    }),
  );
}

const failed = results.filter((r) => !r.ok);
console.log('\nSummary:');
for (const r of results) {
  console.log(`  ${r.ok ? 'ok    ' : 'FAILED'}  ${r.name}`);
  for (const line of r.details) console.log(`            ${line}`);
}
process.exit(failed.length === 0 ? 0 : 1);
