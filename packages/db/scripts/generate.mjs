// Generates a migration from the schema with drizzle-kit. Usage: pnpm --filter @tremplin/db generate [name]
import { spawnSync } from 'node:child_process';

const name = process.argv[2];
const args = ['drizzle-kit', 'generate', ...(name ? ['--name', name] : [])];
const result = spawnSync('npx', ['--no-install', ...args], { stdio: 'inherit' });
process.exit(result.status ?? 1);
