// What the load and failure scripts share (concurrent-accepts.ts, offers-search.ts,
// observatory.ts, campaign-allocation.ts, mixed.ts, crash.ts, db-restart.ts): scratch databases
// and their migration, the built API started and stopped as a child process, waiting for /health,
// sign-ins and registrations, percentiles, a seeded generator. Only 127.0.0.1 is ever targeted.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { loadReferenceData, migrateDatabase, openDatabase } from '@tremplin/db';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const adminUrl =
  process.env.LOAD_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
export const DEMO_PASSWORD = 'Tremplin-demo-2026';
export const JWT_SECRET = 'load-test-secret-load-test-secret-123456';

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

/**
 * A fresh database on `server` (dropped first if left over by a killed run), copied from
 * `template` if given, with `settings` as its defaults (`alter database … set name = value`).
 */
export async function scratchDatabase(
  name: string,
  options: { server?: string; template?: string; settings?: Record<string, string | number> } = {},
) {
  const { server = adminUrl, template, settings = {} } = options;
  const admin = postgres(server, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.unsafe(`create database ${name}${template ? ` template ${template}` : ''}`);
    for (const [setting, value] of Object.entries(settings)) {
      await admin.unsafe(`alter database ${name} set ${setting} = ${value}`);
    }
  } finally {
    await admin.end();
  }
  return {
    url: withDatabase(server, name),
    async drop() {
      const cleanup = postgres(server, { max: 1, onnotice: () => {} });
      try {
        await cleanup.unsafe(`drop database if exists ${name} with (force)`);
      } finally {
        await cleanup.end();
      }
    },
  };
}

/** Migrates a scratch database and loads the reference data (communes, trades…). */
export async function migrateScratch(url: string, maxConnections?: number) {
  const handle = await openDatabase({ url, maxConnections });
  try {
    await migrateDatabase(handle);
    await loadReferenceData(handle.db);
  } finally {
    await handle.close();
  }
}

/**
 * The port to start an API on: `preferred` when nobody listens there, else one the system picks.
 * A process left on a fixed port would otherwise answer in the API's place and be measured.
 */
export function freePort(preferred: number): Promise<number> {
  const tryPort = (port: number) =>
    new Promise<number | undefined>((done) => {
      const server = createServer();
      server.once('error', () => done(undefined));
      server.listen(port, '127.0.0.1', () => {
        const address = server.address();
        server.close(() => done(typeof address === 'object' && address ? address.port : undefined));
      });
    });
  return tryPort(preferred).then(async (port) => port ?? (await tryPort(0)) ?? preferred);
}

/** The API bundle (default apps/api/dist/server.js, relative to the repository); throws if unbuilt. */
export function apiBundle(path?: string): string {
  const bundle = resolve(root, path || 'apps/api/dist/server.js');
  if (!existsSync(bundle)) throw new Error('Build the API first: npx -y pnpm@10.34.9 build');
  return bundle;
}

export interface ApiProcess {
  child: ChildProcess;
  base: string;
  /** Resolves with the exit code (or signal name) once the process is gone. */
  exited: Promise<string>;
}

/**
 * Starts the built API (`bundle`, default apps/api/dist/server.js) on a database; its stderr goes
 * to ours, its stdout too with `stdout: 'inherit'`. Logs at `logLevel` (default error); `env`
 * adds to or overrides the load-test environment (no rate limits, no jobs, no demo data).
 * LOAD_API_NODE_ARGS passes options to its node, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to
 * see where its time goes.
 */
export function startApi(params: {
  url: string;
  port: number;
  env?: Record<string, string>;
  bundle?: string;
  logLevel?: string;
  stdout?: 'ignore' | 'inherit';
}): ApiProcess {
  const server = params.bundle ?? apiBundle();
  const nodeArgs = (process.env.LOAD_API_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, server], {
    cwd: root,
    stdio: ['ignore', params.stdout ?? 'ignore', 'inherit'],
    env: {
      ...process.env,
      DATABASE_URL: params.url,
      JWT_SECRET,
      API_HOST: '127.0.0.1',
      API_PORT: String(params.port),
      LOG_LEVEL: params.logLevel ?? 'error',
      JOBS_ENABLED: 'false',
      SEED_DEMO: 'false',
      RATE_LIMIT_PER_MINUTE: '1000000',
      LOGIN_RATE_LIMIT_PER_MINUTE: '1000000',
      ...params.env,
    },
  });
  const exited = new Promise<string>((done) =>
    child.on('exit', (code, signal) => done(signal ?? String(code))),
  );
  const base = `http://127.0.0.1:${params.port}`;
  running.set(base, child);
  return { child, base, exited };
}

/** The last API started on each address, so waiting for one that died fails at once. */
const running = new Map<string, ChildProcess>();

export async function stopApi(api: ApiProcess | undefined, signal: NodeJS.Signals = 'SIGTERM') {
  if (!api || api.child.exitCode !== null || api.child.signalCode !== null) return;
  api.child.kill(signal);
  await Promise.race([api.exited, sleep(10_000)]);
}

/** Waits for GET /health to answer 200; returns how long it took. */
export async function waitForHealth(base: string, timeoutMs = 120_000): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < timeoutMs) {
    const child = running.get(base);
    if (child && (child.exitCode !== null || child.signalCode !== null)) {
      throw new Error(`the API at ${base} exited (${child.exitCode ?? child.signalCode})`);
    }
    try {
      if ((await fetch(`${base}/health`)).ok) return performance.now() - started;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`the API at ${base} did not become healthy in ${timeoutMs} ms`);
}

export async function login(base: string, email: string, password = DEMO_PASSWORD) {
  const response = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login: email, password }),
  });
  if (!response.ok) throw new Error(`sign-in of ${email}: ${response.status}`);
  const body = (await response.json()) as { token: string; user: { id: string } };
  return { token: body.token, userId: body.user.id };
}

export async function register(
  base: string,
  params: { email: string; displayName: string; role: string; password?: string },
) {
  const response = await fetch(`${base}/api/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ password: 'Load-test-2026', ...params }),
  });
  if (response.status !== 201) throw new Error(`register: ${await response.text()}`);
  const body = (await response.json()) as { token: string; user: { id: string } };
  return { token: body.token, userId: body.user.id };
}

export const percentile = (sorted: number[], p: number) =>
  sorted.length === 0
    ? 0
    : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

/** A small seeded generator: the same run every time. */
export function prng(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
