// A sustained mixed load on the built API for 60 seconds: pupils search offers, read them, read
// their account and passport and write reflections in it, change their name; the teacher follows
// the class; the employer reads the inbox; everyone reads notifications. Prints throughput and
// latencies per kind and per 10-second window, then checks that the p99 held in every window and
// that every write the API acknowledged is in the database, and nothing more (no write lost, no
// half-written refusal). Scratch database with the demo data; only 127.0.0.1 is targeted.
//
//   npx -y pnpm@10.34.9 build && cd tests/load && npx tsx mixed.ts
//
// LOAD_DATABASE_URL (server), LOAD_SECONDS (60), LOAD_CONNECTIONS (40 virtual users),
// P99_BUDGET_MS (1500: the p99 every 10-second window must stay under), LOAD_KEEP=true.
import postgres from 'postgres';
import {
  login,
  percentile,
  prng,
  register,
  scratchDatabase,
  startApi,
  stopApi,
  waitForHealth,
  freePort,
} from './lib.js';

const SECONDS = Number(process.env.LOAD_SECONDS || 60);
const CONNECTIONS = Number(process.env.LOAD_CONNECTIONS || 40);
const P99_BUDGET_MS = Number(process.env.P99_BUDGET_MS || 1500);
const PUPILS = 20;
const PORT = await freePort(3171);
const RUN = `charge-${Date.now()}`;
const WORDS = ['boulangerie', 'garage', 'pharmacie', 'numérique', 'chantier', 'logistique', ''];

interface Sample {
  kind: string;
  at: number;
  ms: number;
  status: number;
}

async function main() {
  const database = await scratchDatabase('tremplin_load_mixed');
  // Jobs on, as in production: the mail, reminder and observatory jobs run during the load.
  const api = startApi({
    url: database.url,
    port: PORT,
    env: { SEED_DEMO: 'true', JOBS_ENABLED: 'true', SEARCH_CACHE_SECONDS: '30' },
  });
  const sql = postgres(database.url, { max: 2, onnotice: () => {} });
  try {
    await waitForHealth(api.base, 180_000);
    const base = api.base;
    const teacher = await login(base, 'prof@demo.tremplin.fr');
    const employer = await login(base, 'entreprise@demo.tremplin.fr');
    const [klass] = await sql`select class_id as id, school_id from students
      where user_id = (select id from users where email = 'eleve@demo.tremplin.fr')`;
    // Twenty pupils of 3e A with accounts of their own, each used by two virtual users.
    const pupils: { token: string; userId: string }[] = [];
    for (let i = 0; i < PUPILS; i++) {
      const pupil = await register(base, {
        email: `eleve.${i}.${RUN}@load.test`,
        displayName: `Élève de charge ${i}`,
        role: 'student',
      });
      await sql`insert into students (user_id, school_id, class_id, level, first_name, last_name)
        values (${pupil.userId}, ${klass!.school_id}, ${klass!.id}, '3e', 'Élève', ${`Charge ${i}`})`;
      pupils.push(pupil);
    }
    const offerIds = (await sql`select id from offers where status = 'published'`).map(
      (r) => r.id as string,
    );

    const samples: Sample[] = [];
    const acknowledged = new Set<string>();
    const unexpected: string[] = [];
    const started = performance.now();
    const deadline = started + SECONDS * 1000;
    let seq = 0;

    async function call(
      kind: string,
      token: string,
      method: string,
      path: string,
      body?: object,
      expected = [200],
    ) {
      const t0 = performance.now();
      let status: number;
      try {
        const response = await fetch(`${base}${path}`, {
          method,
          headers: {
            authorization: `Bearer ${token}`,
            ...(body ? { 'content-type': 'application/json' } : {}),
          },
          body: body ? JSON.stringify(body) : undefined,
        });
        status = response.status;
        await response.arrayBuffer();
      } catch {
        status = 0;
      }
      const t1 = performance.now();
      samples.push({ kind, at: t1 - started, ms: t1 - t0, status });
      if (!expected.includes(status)) unexpected.push(`${kind} ${method} ${path}: ${status}`);
      return status;
    }

    async function virtualUser(n: number) {
      const random = prng(n + 1);
      const pupil = pupils[n % pupils.length]!;
      while (performance.now() < deadline) {
        const r = random();
        if (r < 0.3) {
          const q = WORDS[Math.floor(random() * WORDS.length)]!;
          await call(
            'search',
            pupil.token,
            'GET',
            `/api/offers?q=${encodeURIComponent(q)}&pageSize=20`,
          );
        } else if (r < 0.45) {
          const id = offerIds[Math.floor(random() * offerIds.length)]!;
          await call('offer', pupil.token, 'GET', `/api/offers/${id}`);
        } else if (r < 0.55) {
          await call('me', pupil.token, 'GET', '/api/me');
        } else if (r < 0.63) {
          await call('passport', pupil.token, 'GET', '/api/passport');
        } else if (r < 0.68) {
          await call('follow-up', teacher.token, 'GET', `/api/classes/${klass!.id}/follow-up`);
        } else if (r < 0.73) {
          await call('inbox', employer.token, 'GET', '/api/applications?side=host');
        } else if (r < 0.88) {
          const title = `${RUN} ${n}-${++seq}`;
          const status = await call(
            'write reflection',
            pupil.token,
            'POST',
            '/api/passport/entries',
            { title, description: 'Ce que j’ai appris pendant la semaine.' },
            [201],
          );
          if (status === 201) acknowledged.add(title);
        } else if (r < 0.94) {
          await call('write name', pupil.token, 'PATCH', '/api/me', {
            displayName: `Élève de charge ${n % PUPILS} (${seq})`,
          });
        } else {
          await call('write read-marks', pupil.token, 'POST', '/api/notifications/read', {});
        }
      }
    }

    await Promise.all(Array.from({ length: CONNECTIONS }, (_, n) => virtualUser(n)));
    const elapsed = (performance.now() - started) / 1000;

    const stored = new Set(
      (await sql`select title from passport_entries where title like ${`${RUN} %`}`).map(
        (r) => r.title as string,
      ),
    );
    const lost = [...acknowledged].filter((t) => !stored.has(t));
    const phantom = [...stored].filter((t) => !acknowledged.has(t));

    const byKind = new Map<string, number[]>();
    for (const s of samples) byKind.set(s.kind, [...(byKind.get(s.kind) ?? []), s.ms]);
    const windows: { from: number; requests: number; p50: number; p99: number }[] = [];
    for (let from = 0; from < SECONDS; from += 10) {
      const inWindow = samples
        .filter((s) => s.at >= from * 1000 && s.at < (from + 10) * 1000)
        .map((s) => s.ms)
        .sort((a, b) => a - b);
      windows.push({
        from,
        requests: inWindow.length,
        p50: Math.round(percentile(inWindow, 50)),
        p99: Math.round(percentile(inWindow, 99)),
      });
    }
    const all = samples.map((s) => s.ms).sort((a, b) => a - b);
    const writes = samples.filter((s) => s.kind.startsWith('write')).length;
    console.log(`mixed load: ${CONNECTIONS} virtual users for ${elapsed.toFixed(1)} s`);
    console.log(
      `  requests: ${samples.length} (${(samples.length / elapsed).toFixed(0)}/s), writes ${writes}, unexpected answers ${unexpected.length}`,
    );
    console.log(
      `  latency overall: p50 ${Math.round(percentile(all, 50))} ms, p95 ${Math.round(percentile(all, 95))} ms, p99 ${Math.round(percentile(all, 99))} ms, max ${Math.round(all.at(-1) ?? 0)} ms`,
    );
    for (const [kind, list] of [...byKind.entries()].sort()) {
      list.sort((a, b) => a - b);
      console.log(
        `  ${kind.padEnd(18)} n=${String(list.length).padStart(6)}  p50 ${String(Math.round(percentile(list, 50))).padStart(5)} ms  p99 ${String(Math.round(percentile(list, 99))).padStart(5)} ms`,
      );
    }
    console.log('  p99 by 10-second window (budget ' + P99_BUDGET_MS + ' ms):');
    for (const w of windows) {
      console.log(
        `    ${String(w.from).padStart(2)}–${w.from + 10} s: ${String(w.requests).padStart(6)} requests, p50 ${w.p50} ms, p99 ${w.p99} ms`,
      );
    }
    console.log(
      `  reflections acknowledged ${acknowledged.size}, stored ${stored.size}, lost ${lost.length}, stored without acknowledgement ${phantom.length}`,
    );
    for (const line of unexpected.slice(0, 10)) console.log(`  unexpected: ${line}`);
    const slow = windows.filter((w) => w.requests > 0 && w.p99 > P99_BUDGET_MS);
    if (unexpected.length > 0 || lost.length > 0 || phantom.length > 0 || slow.length > 0) {
      console.error('FAILED: errors, lost writes or a p99 over budget (see above).');
      process.exitCode = 1;
    } else {
      console.log('OK: no error, no write lost, p99 within budget in every window.');
    }
  } finally {
    await sql.end();
    await stopApi(api);
    if (process.env.LOAD_KEEP !== 'true') await database.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
