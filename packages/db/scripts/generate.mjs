// Generates a migration from the schema with drizzle-kit, one at a time (a lock file keeps two
// engineers from numbering two migrations alike). Usage: pnpm --filter @tremplin/db generate [name]
import { spawnSync } from 'node:child_process';

const name = process.argv[2];
const args = ['npx', '--no-install', 'drizzle-kit', 'generate', ...(name ? ['--name', name] : [])];
const locked = spawnSync('flock', ['--version'], { stdio: 'ignore' }).status === 0;
const [command, ...rest] = locked
  ? ['flock', '/tmp/tremplin-drizzle-generate.lock', ...args]
  : args;
const result = spawnSync(command, rest, { stdio: 'inherit' });
process.exit(result.status ?? 1);
