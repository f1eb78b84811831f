// Shared by start.mjs, dev.mjs and test.mjs: paths, child processes, and "build if needed".
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Runs pnpm the way this process was started (npx pnpm@x, or a global pnpm). */
export function pnpmCommand() {
  const execPath = process.env.npm_execpath;
  if (execPath && /pnpm/.test(execPath)) return [process.execPath, [execPath]];
  if (spawnSync('pnpm', ['--version'], { stdio: 'ignore' }).status === 0) return ['pnpm', []];
  return ['npx', ['-y', 'pnpm@10.34.9']];
}

export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', cwd: root, ...options });
  if (result.error) console.error(`Could not run ${command}: ${result.error.message}`);
  return result.status ?? 1;
}

export function runPnpm(args, options = {}) {
  const [command, prefix] = pnpmCommand();
  return run(command, [...prefix, ...args], options);
}

const sources = [
  'apps/api/src',
  'apps/api/scripts',
  'apps/web/src',
  'apps/web/static',
  'apps/web/svelte.config.js',
  'apps/web/vite.config.ts',
  'packages/contracts/src',
  'packages/db/src',
  'packages/db/migrations',
  'packages/db/data',
  'packages/matching/src',
  'pnpm-lock.yaml',
];

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

const stampPath = join(root, 'apps/api/dist/.build-stamp');

/** True when a build is missing or older than a source file. */
export function buildNeeded() {
  if (!existsSync(join(root, 'apps/api/dist/server.js'))) return true;
  if (!existsSync(join(root, 'apps/web/build/index.js'))) return true;
  if (!existsSync(stampPath)) return true;
  const built = Number(readFileSync(stampPath, 'utf8'));
  return sources.some((s) => newestMtime(join(root, s)) > built);
}

export function buildIfNeeded() {
  if (!buildNeeded()) return 0;
  console.log('Building the API and the web app (first start or changed sources)…');
  const started = Date.now();
  const status = runPnpm(['run', 'build']);
  if (status === 0) writeFileSync(stampPath, String(started));
  return status;
}

/** Starts a long-running child whose output is prefixed, so API and web logs stay apart. */
export function startChild(name, command, args, options) {
  const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], ...options });
  const prefix = `[${name}] `;
  const forward = (stream, out) => {
    let buffer = '';
    stream.on('data', (chunk) => {
      buffer += chunk;
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) out.write(prefix + line + '\n');
    });
  };
  forward(child.stdout, process.stdout);
  forward(child.stderr, process.stderr);
  return child;
}

export async function waitForHealth(url, child, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) return false;
    try {
      const response = await fetch(url);
      if (response.ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  return false;
}

export function banner({ webUrl, apiUrl, embedded, dataDir }) {
  const accounts = [
    ['operateur@demo.tremplin.fr', 'opérateur du Département'],
    ['eleve@demo.tremplin.fr', 'élève'],
    ['parent@demo.tremplin.fr', 'responsable légal'],
    ['prof@demo.tremplin.fr', 'professeur (Collège des Tilleuls, REP+)'],
    ['direction@demo.tremplin.fr', "chef d'établissement (même collège)"],
    ['entreprise@demo.tremplin.fr', 'entreprise (Boulangerie du Marché)'],
    ['mentor@demo.tremplin.fr', 'mentor'],
    ['ambassadeur@demo.tremplin.fr', 'ambassadeur des métiers'],
  ];
  const lines = [
    '',
    '  Tremplin is running.',
    '',
    `  Web app:   ${webUrl}`,
    `  API:       ${apiUrl}   (OpenAPI: ${apiUrl}/docs)`,
    embedded
      ? `  Database:  embedded PGlite in ${dataDir} (kept between starts)`
      : '  Database:  PostgreSQL (DATABASE_URL)',
  ];
  if (embedded) {
    lines.push('', '  Demo accounts (password for all: Tremplin-demo-2026):');
    for (const [email, role] of accounts) lines.push(`    ${email.padEnd(32)} ${role}`);
  }
  lines.push('', '  Stop with Ctrl+C.', '');
  console.log(lines.join('\n'));
}
