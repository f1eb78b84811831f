// The load and failure scenarios of the trust issue, one after the other, each printing its own
// figures, then a summary; exits 1 if any failed. Needs the build (apps/api/dist) and a
// PostgreSQL server (LOAD_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres);
// `pnpm test` runs it when TEST_DATABASE_URL is set, so CI does.
//
//   npx -y pnpm@10.34.9 build && npx -y pnpm@10.34.9 --filter @tremplin/load trust
//
// 1. concurrent-accepts.ts  500 accepts at once on a period of 5 seats: exactly 5, the rest 409
// 2. mixed.ts               60 s of mixed reads and writes: p99 per 10 s window, no write lost
// 3. crash.ts               the API killed during a campaign publication: all or nothing
// 4. db-restart.ts          PostgreSQL restarted under load: 503 meanwhile, recovers by itself
import { spawnSync } from 'node:child_process';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const scenarios = ['concurrent-accepts.ts', 'mixed.ts', 'crash.ts', 'db-restart.ts'];
const results: { scenario: string; ok: boolean; seconds: number }[] = [];
for (const scenario of scenarios) {
  console.log(`\n--- ${scenario}`);
  const started = performance.now();
  const run = spawnSync(process.execPath, ['--import', 'tsx', scenario], {
    cwd: here,
    stdio: 'inherit',
  });
  results.push({
    scenario,
    ok: run.status === 0,
    seconds: Math.round((performance.now() - started) / 1000),
  });
}
console.log('\nLoad and failure scenarios:');
for (const r of results) {
  console.log(`  ${r.ok ? 'ok    ' : 'FAILED'}  ${r.scenario} (${r.seconds} s)`);
}
process.exit(results.every((r) => r.ok) ? 0 : 1);
