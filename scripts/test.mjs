// `pnpm test`: the whole suite. Unit and API integration tests (vitest) on PGlite; again on
// PostgreSQL when TEST_DATABASE_URL is set; then the end-to-end tests (Playwright, Chromium)
// against the built platform, on PGlite, and on PostgreSQL too when TEST_DATABASE_URL is set.
// The PGlite end-to-end run keeps the servers' logs (API at info) and fails if they hold any
// personal data of the demo seed, an e-mail address, a token or a sign-in code
// (tests/e2e/trust-logs.ts).
// With TEST_DATABASE_URL, the load and failure scenarios of tests/load run last (LOAD=false skips
// them). Extra arguments go to vitest's filter (e.g. `pnpm test identity`); E2E=false skips
// Playwright.
import postgres from 'postgres';
import { buildIfNeeded, runPnpm } from './lib.mjs';

const env = process.env;
const pgUrl = env.TEST_DATABASE_URL || '';
const filters = process.argv.slice(2);
const results = [];
const step = (name, status) => {
  results.push({ name, ok: status === 0 });
  console.log(`\n=== ${name}: ${status === 0 ? 'passed' : 'FAILED'} ===\n`);
};
const withoutPg = { ...env, TEST_DATABASE_URL: '' };

step(
  'unit and integration tests (PGlite)',
  runPnpm(['exec', 'vitest', 'run', ...filters], { env: withoutPg }),
);
if (pgUrl) {
  step(
    'API integration tests (PostgreSQL)',
    runPnpm(['exec', 'vitest', 'run', '--project', 'api (postgres)', ...filters], { env }),
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

if (wantE2e && built === 0) {
  step(
    'end-to-end tests (PGlite), then no personal data in their logs',
    runPnpm(['--filter', '@tremplin/e2e', 'test:logs'], { env: withoutPg }),
  );
  if (pgUrl) {
    const e2eUrl = await freshDatabase(pgUrl, 'tremplin_e2e');
    step(
      'end-to-end tests (PostgreSQL)',
      runPnpm(['--filter', '@tremplin/e2e', 'test'], {
        env: { ...env, E2E_DATABASE_URL: e2eUrl },
      }),
    );
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
for (const r of results) console.log(`  ${r.ok ? 'ok    ' : 'FAILED'}  ${r.name}`);
process.exit(failed.length === 0 ? 0 : 1);
