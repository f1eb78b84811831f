// The database restarted under load: while PostgreSQL is down the API answers 503 (on /health and
// on the routes that need it), never hangs, and once PostgreSQL is back it recovers by itself,
// without a restart; no write it acknowledged is lost, none it refused is found.
//
// By default the test runs its own throwaway PostgreSQL cluster (initdb in a temporary folder, on
// DB_RESTART_PORT, as the postgres user), so stopping it disturbs nobody. DB_RESTART_MAIN=true
// restarts the machine's main cluster instead (pg_ctlcluster); either way the script starts the
// server again whatever happens. Only 127.0.0.1 is targeted.
//
//   npx -y pnpm@10.34.9 build && cd tests/load && npx tsx db-restart.ts
//
// DB_RESTART_PORT (5499), DB_DOWN_SECONDS (5), RECOVERY_BUDGET_MS (10000).
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import {
  adminUrl,
  login,
  register,
  scratchDatabase,
  sleep,
  startApi,
  stopApi,
  waitForHealth,
  type ApiProcess,
  freePort,
} from './lib.js';

const MAIN = process.env.DB_RESTART_MAIN === 'true';
const PG_PORT = Number(process.env.DB_RESTART_PORT || 5499);
const DOWN_SECONDS = Number(process.env.DB_DOWN_SECONDS || 5);
const RECOVERY_BUDGET_MS = Number(process.env.RECOVERY_BUDGET_MS || 10_000);
const API_PORT = await freePort(3191);
const CONNECTIONS = 8;

function pgBin(name: string): string {
  const versions = readdirSync('/usr/lib/postgresql').sort().reverse();
  for (const v of versions) {
    const path = `/usr/lib/postgresql/${v}/bin/${name}`;
    if (existsSync(path)) return path;
  }
  throw new Error(`${name} not found under /usr/lib/postgresql`);
}

const asPostgres = (args: string[]) =>
  execFileSync('runuser', ['-u', 'postgres', '--', ...args], { stdio: 'pipe' });

interface Server {
  url: string;
  stop(): void;
  start(): void;
  isUp(): boolean;
  /** Leaves the machine as found: the private cluster removed, the main one running. */
  cleanup(): void;
}

function privateServer(): Server {
  const dir = mkdtempSync(join(tmpdir(), 'tremplin-pg-restart-'));
  chmodSync(dir, 0o777);
  const data = join(dir, 'data');
  asPostgres([pgBin('initdb'), '-D', data, '--auth=trust', '-U', 'postgres', '-E', 'UTF8']);
  const ctl = (action: string, ...extra: string[]) =>
    asPostgres([
      pgBin('pg_ctl'),
      '-D',
      data,
      '-o',
      `-p ${PG_PORT} -k ${dir} -c listen_addresses=127.0.0.1`,
      '-l',
      join(dir, 'log'),
      '-w',
      ...extra,
      action,
    ]);
  const server: Server = {
    url: `postgres://postgres@127.0.0.1:${PG_PORT}/postgres`,
    start: () => ctl('start'),
    stop: () => ctl('stop', '-m', 'fast'),
    isUp: () => {
      try {
        execFileSync(pgBin('pg_isready'), ['-h', '127.0.0.1', '-p', String(PG_PORT)]);
        return true;
      } catch {
        return false;
      }
    },
    cleanup: () => {
      try {
        if (server.isUp()) ctl('stop', '-m', 'immediate');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
  server.start();
  return server;
}

function mainServer(): Server {
  const cluster = (action: string) =>
    execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', '15', 'main', action], {
      stdio: 'pipe',
    });
  const server: Server = {
    url: adminUrl,
    start: () => cluster('start'),
    stop: () => cluster('stop'),
    isUp: () => {
      try {
        execFileSync('pg_isready', ['-h', '127.0.0.1', '-p', '5432']);
        return true;
      } catch {
        return false;
      }
    },
    // Never leave the shared server down.
    cleanup: () => {
      if (!server.isUp()) cluster('start');
    },
  };
  return server;
}

interface Sample {
  kind: string;
  /** performance.now() when the request left. */
  sent: number;
  at: number;
  status: number;
  ms: number;
}

async function main() {
  const server = MAIN ? mainServer() : privateServer();
  const onSignal = () => {
    server.cleanup();
    process.exit(130);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let api: ApiProcess | undefined;
  let database: Awaited<ReturnType<typeof scratchDatabase>> | undefined;
  try {
    database = await scratchDatabase('tremplin_load_db_restart', { server: server.url });
    api = startApi({ url: database.url, port: API_PORT, env: { SEED_DEMO: 'true' } });
    await waitForHealth(api.base, 180_000);
    const base = api.base;
    const pupil = await login(base, 'eleve@demo.tremplin.fr');
    const sql = postgres(database.url, { max: 1, onnotice: () => {} });
    const [klass] =
      await sql`select class_id as id, school_id from students where user_id = ${pupil.userId}`;
    const writers: string[] = [];
    for (let i = 0; i < CONNECTIONS; i++) {
      const writer = await register(base, {
        email: `ecrit.${i}.${Date.now()}@load.test`,
        displayName: `Élève ${i}`,
        role: 'student',
      });
      await sql`insert into students (user_id, school_id, class_id, level, first_name, last_name)
        values (${writer.userId}, ${klass!.school_id}, ${klass!.id}, '3e', 'Élève', ${`R${i}`})`;
      writers.push(writer.token);
    }
    await sql.end();

    const samples: Sample[] = [];
    const acknowledged = new Set<string>();
    const refused = new Set<string>();
    const started = performance.now();
    type Phase = 'before' | 'down' | 'recovering' | 'after';
    // Changed by the restart task while the users run: read it through a function.
    const state: { phase: Phase } = { phase: 'before' };
    let downAt = 0;
    // Requests sent after the stop returned and answered before the start began met a database
    // that was fully down; those around the edges may have met it up.
    let stoppedAt = 0;
    let startingAt = 0;
    let upAt = 0;
    let recoveredAt = 0;
    const stopAt = started + (10 + DOWN_SECONDS + 20) * 1000;
    let seq = 0;

    const timed = async (kind: string, run: () => Promise<Response>) => {
      const phase = state.phase;
      const t0 = performance.now();
      let status: number;
      try {
        const response = await run();
        status = response.status;
        await response.arrayBuffer();
      } catch {
        status = 0;
      }
      samples.push({
        kind: `${phase}:${kind}`,
        sent: t0,
        at: performance.now() - started,
        status,
        ms: performance.now() - t0,
      });
      return status;
    };
    const auth = (token: string) => ({ authorization: `Bearer ${token}` });

    const users = writers.map(async (token, n) => {
      while (performance.now() < stopAt) {
        await timed('search', () =>
          fetch(`${base}/api/offers?q=boulangerie`, { headers: auth(token) }),
        );
        const title = `redemarrage ${n}-${++seq}`;
        const status = await timed('write', () =>
          fetch(`${base}/api/passport/entries`, {
            method: 'POST',
            headers: { ...auth(token), 'content-type': 'application/json' },
            body: JSON.stringify({ title, description: 'Écrit pendant le redémarrage.' }),
          }),
        );
        (status === 201 ? acknowledged : refused).add(title);
        await sleep(20);
      }
    });
    const health = (async () => {
      while (performance.now() < stopAt) {
        const status = await timed('health', () =>
          fetch(`${base}/health`, { signal: AbortSignal.timeout(5000) }),
        );
        if (state.phase === 'recovering' && status === 200 && !recoveredAt) {
          recoveredAt = performance.now();
          state.phase = 'after';
        }
        await sleep(200);
      }
    })();
    const restart = (async () => {
      await sleep(10_000);
      state.phase = 'down';
      downAt = performance.now();
      server.stop();
      stoppedAt = performance.now();
      await sleep(DOWN_SECONDS * 1000);
      startingAt = performance.now();
      server.start();
      upAt = performance.now();
      state.phase = 'recovering';
    })();
    try {
      await Promise.all([...users, health, restart]);
    } finally {
      if (!server.isUp()) server.start();
    }

    const check = postgres(database.url, { max: 1, onnotice: () => {} });
    const stored = new Set(
      (await check`select title from passport_entries where title like 'redemarrage %'`).map(
        (r) => r.title as string,
      ),
    );
    await check.end();
    const lost = [...acknowledged].filter((t) => !stored.has(t));
    const ghosts = [...refused].filter((t) => stored.has(t));

    const count = (filter: (s: Sample) => boolean) => {
      const out: Record<string, number> = {};
      for (const s of samples.filter(filter)) out[s.status] = (out[s.status] ?? 0) + 1;
      return out;
    };
    const before = count((s) => s.kind.startsWith('before:'));
    const fullyDown = (s: Sample) =>
      s.sent >= stoppedAt && started + s.at <= startingAt && s.kind.startsWith('down:');
    const downHealth = count((s) => fullyDown(s) && s.kind === 'down:health');
    const downApi = count((s) => fullyDown(s) && s.kind !== 'down:health');
    const after = count((s) => s.kind.startsWith('after:'));
    const slowestSample = samples.reduce((a, b) => (b.ms > a.ms ? b : a));
    const slowest = Math.round(slowestSample.ms);
    const recoveryMs = recoveredAt ? recoveredAt - upAt : Infinity;
    console.log(
      `database restart under load (${MAIN ? 'main cluster' : 'private cluster'}, down ${DOWN_SECONDS} s)`,
    );
    console.log(`  before: ${JSON.stringify(before)}`);
    console.log(
      `  while down (sent after the stop, answered before the start): /health ${JSON.stringify(downHealth)}; other requests ${JSON.stringify(downApi)}`,
    );
    console.log(
      `  PostgreSQL back after ${Math.round((upAt - downAt) / 1000)} s; API healthy again ${Math.round(recoveryMs)} ms later, without a restart`,
    );
    console.log(`  after recovery: ${JSON.stringify(after)}`);
    console.log(
      `  slowest answer: ${slowest} ms (${slowestSample.kind}, sent ${Math.round((slowestSample.at - slowestSample.ms) / 1000)} s into the run, status ${slowestSample.status})`,
    );
    console.log(
      `  writes acknowledged ${acknowledged.size}, refused ${refused.size}; lost ${lost.length}, refused but stored ${ghosts.length}`,
    );
    const ok =
      Object.keys(before).every((s) => s === '200' || s === '201') &&
      (downHealth['503'] ?? 0) > 0 &&
      Object.keys(downHealth).every((s) => s === '503') &&
      Object.keys(downApi).every((s) => s === '503' || s === '200' || s === '201') &&
      recoveryMs <= RECOVERY_BUDGET_MS &&
      Object.keys(after).every((s) => s === '200' || s === '201') &&
      lost.length === 0 &&
      ghosts.length === 0 &&
      slowest < 15_000;
    console.log(
      ok ? 'OK: 503 while down, recovered by itself, nothing lost.' : 'FAILED: see above.',
    );
    if (!ok) process.exitCode = 1;
  } finally {
    await stopApi(api);
    if (!server.isUp()) server.start();
    await database?.drop().catch(() => {});
    server.cleanup();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
