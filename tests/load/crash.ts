// Killing the API during a campaign publication: the campaign must end either unpublished
// (nothing written) or fully published (every placed pupil's confirmed application and agreement),
// never in between, and a publication asked again after the restart must finish the job.
//
// A scratch template database holds a closed département campaign (CRASH_PUPILS pupils of 3e with
// ranked wishes over CRASH_PERIODS periods) and its computed run. First a publication runs to the
// end, to time it; then, for each fraction of that time, a copy of the template is made, the API
// is started on it, the publication is asked and the API killed with SIGKILL after that delay,
// restarted, and the database checked. Prints each case; exits 1 on a half-published campaign.
// Only 127.0.0.1 is targeted.
//
//   npx -y pnpm@10.34.9 build && cd tests/load && npx tsx crash.ts
//
// LOAD_DATABASE_URL (server), CRASH_PUPILS (6000), CRASH_PERIODS (1500),
// CRASH_FRACTIONS (0,0.1,0.25,0.5,0.75,0.9,1.5: delays as fractions of a full publication).
import postgres from 'postgres';
import {
  migrateScratch,
  prng,
  register,
  scratchDatabase,
  sleep,
  startApi,
  stopApi,
  waitForHealth,
  type ApiProcess,
  freePort,
} from './lib.js';

const PUPILS = Number(process.env.CRASH_PUPILS || 6000);
const PERIODS = Number(process.env.CRASH_PERIODS || 1500);
const FRACTIONS = (process.env.CRASH_FRACTIONS || '0,0.1,0.25,0.5,0.75,0.9,1.5')
  .split(',')
  .map(Number);
const TEMPLATE = 'tremplin_load_crash_template';
const PORT = await freePort(3181);
const OPERATOR = { email: 'operateur.crash@load.test', password: 'Load-test-2026' };

/** Schools, a company with offers and periods, pupils with wishes, an open campaign. */
async function seed(url: string) {
  await migrateScratch(url, 2);
  const sql = postgres(url, { max: 2, onnotice: () => {} });
  const random = prng(94);
  try {
    const schools = await sql`
      insert into schools (uai, name, kind, commune_code, lat, lon, priority, search_text)
      select '09498' || lpad(g::text, 2, '0') || chr(65 + g), 'Collège de crash ' || g, 'college',
        '94028', 48.78 + g * 0.001, 2.45, (array['rep_plus', 'rep', 'none'])[1 + g % 3]::education_priority,
        'college de crash ' || g
      from generate_series(1, 20) g returning id`;
    const [company] = await sql`
      insert into companies (siret, name, naf_code, size_band, commune_code, lat, lon)
      values ('99999999800015', 'Entreprise de crash (test)', '47.11B', 'pme', '94081', 48.79, 2.39)
      returning id`;
    const schedule = [1, 2, 3, 4, 5].map((day) => ({
      day,
      start: '09:00',
      end: '16:00',
      breaks: [{ start: '12:00', end: '13:00' }],
    }));
    const offers = await sql`
      insert into offers (company_id, title, description, trade_codes, levels, address,
        commune_code, lat, lon, schedule, tutor_name, status, published_at, search_text)
      select ${company!.id}, 'Offre de crash ' || g, 'Observer un atelier.', '{D1102}', '{3e}',
        '1 rue du Test', '94081', 48.79, 2.39, ${sql.json(schedule)}, 'Tutrice Test',
        'published', now(), 'offre de crash ' || g
      from generate_series(1, ${Math.ceil(PERIODS / 3)}) g returning id`;
    const weeks = [
      ['2027-01-11', '2027-01-15'],
      ['2027-01-18', '2027-01-22'],
      ['2027-01-25', '2027-01-29'],
    ];
    const periodRows = Array.from({ length: PERIODS }, (_, i) => ({
      offer_id: offers[i % offers.length]!.id,
      start_date: weeks[Math.floor(i / offers.length) % 3]![0],
      end_date: weeks[Math.floor(i / offers.length) % 3]![1],
      seats: 1 + Math.floor(random() * 4),
    }));
    const periodIds: string[] = [];
    for (let i = 0; i < periodRows.length; i += 2000) {
      const rows =
        await sql`insert into offer_periods ${sql(periodRows.slice(i, i + 2000))} returning id`;
      periodIds.push(...rows.map((r) => r.id as string));
    }
    const pupils = await sql`
      with made as (
        insert into users (display_name, login_code)
        select 'Élève ' || g, 'CRASH-' || g from generate_series(1, ${PUPILS}) g returning id
      ), roles as (insert into user_roles (user_id, role) select id, 'student' from made)
      insert into students (user_id, school_id, level, first_name, last_name, home_commune_code)
      select id, (${sql.array(schools.map((s) => s.id as string))}::uuid[])[1 + (row_number() over ()) % 20],
        '3e', 'Élève', 'N' || row_number() over (), '94028'
      from made returning user_id`;
    const [campaign] = await sql`
      insert into campaigns (name, levels, opens_at, closes_at, max_wishes, policy, status)
      values ('Campagne de crash (test)', '{3e}', now() - interval '2 days', now() + interval '1 day',
        5, ${sql.json({ priorityClasses: true, reservedShare: 0.3, reservePrecedence: 'reserved-first' })},
        'open')
      returning id`;
    await sql`update offer_periods set campaign_id = ${campaign!.id}`;
    let wishes: Record<string, unknown>[] = [];
    for (const pupil of pupils) {
      const chosen = new Set<number>();
      const n = 1 + Math.floor(random() * 5);
      while (chosen.size < n) chosen.add(Math.floor(random() * PERIODS));
      let rank = 1;
      for (const p of chosen) {
        wishes.push({
          campaign_id: campaign!.id,
          round: 1,
          student_id: pupil.user_id,
          period_id: periodIds[p]!,
          rank: rank++,
        });
      }
      if (wishes.length >= 10_000) {
        await sql`insert into campaign_wishes ${sql(wishes)}`;
        wishes = [];
      }
    }
    if (wishes.length > 0) await sql`insert into campaign_wishes ${sql(wishes)}`;
    await sql`analyze`;
    return campaign!.id as string;
  } finally {
    await sql.end();
  }
}

async function post(base: string, token: string, path: string, body?: object) {
  const response = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function signIn(base: string) {
  const response = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login: OPERATOR.email, password: OPERATOR.password }),
  });
  return ((await response.json()) as { token: string }).token;
}

interface State {
  status: string;
  publishedRun: string | null;
  applications: number;
  agreements: number;
  notified: number;
}

async function stateOf(url: string, campaignId: string): Promise<State> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql`select c.status::text as status, c.published_run_id as "publishedRun",
        (select count(*)::int from applications a where a.campaign_id = c.id) as applications,
        (select count(*)::int from agreements g join applications a on a.id = g.application_id
          where a.campaign_id = c.id) as agreements,
        (select count(*)::int from notifications where kind like 'campaign.%') as notified
      from campaigns c where c.id = ${campaignId}`;
    return row as unknown as State;
  } finally {
    await sql.end();
  }
}

/** Unpublished: nothing of the run written. Published: every placed pupil, each once. */
function verdict(state: State, placed: number, runId: string): 'unpublished' | 'published' | null {
  if (
    state.status === 'closed' &&
    state.publishedRun === null &&
    state.applications === 0 &&
    state.agreements === 0 &&
    state.notified === 0
  ) {
    return 'unpublished';
  }
  if (
    state.status === 'published' &&
    state.publishedRun === runId &&
    state.applications === placed &&
    state.agreements === placed
  ) {
    return 'published';
  }
  return null;
}

async function main() {
  // The template: seeded, the campaign closed and its run computed through the API.
  const template = await scratchDatabase(TEMPLATE);
  let api: ApiProcess | undefined;
  const cleanups: (() => Promise<void>)[] = [() => template.drop()];
  let failed = false;
  try {
    let t = performance.now();
    const campaignId = await seed(template.url);
    console.log(
      `seeded ${PUPILS} pupils and ${PERIODS} periods in ${((performance.now() - t) / 1000).toFixed(1)} s`,
    );
    api = startApi({ url: template.url, port: PORT });
    await waitForHealth(api.base);
    const operator = await register(api.base, {
      ...OPERATOR,
      displayName: 'Opératrice de crash',
      role: 'teacher',
    });
    const admin = postgres(template.url, { max: 1, onnotice: () => {} });
    await admin`insert into user_roles (user_id, role) values (${operator.userId}, 'operator')`;
    await admin.end();
    const token = await signIn(api.base);
    const closed = await post(api.base, token, `/api/campaigns/${campaignId}/close`);
    const run = closed.body.run as {
      id: string;
      status: string;
      report: { placed: number } | null;
    };
    if (closed.status !== 202 || run.status !== 'done' || !run.report) {
      throw new Error(
        `closing the campaign: ${closed.status} ${JSON.stringify(closed.body).slice(0, 300)}`,
      );
    }
    const placed = run.report.placed;
    console.log(`campaign closed, run ${run.id}: ${placed} pupils placed`);
    await stopApi(api);
    api = undefined;

    // One full publication, to time it.
    const copy = async (name: string) => {
      const db = await scratchDatabase(name, { template: TEMPLATE });
      cleanups.push(() => db.drop());
      return db;
    };
    const full = await copy('tremplin_load_crash_full');
    api = startApi({ url: full.url, port: PORT });
    await waitForHealth(api.base);
    t = performance.now();
    const published = await post(
      api.base,
      await signIn(api.base),
      `/api/campaigns/${campaignId}/publish`,
      { runId: run.id },
    );
    const fullMs = performance.now() - t;
    await stopApi(api);
    api = undefined;
    const fullState = await stateOf(full.url, campaignId);
    console.log(
      `full publication: ${published.status} in ${Math.round(fullMs)} ms → ${verdict(fullState, placed, run.id) ?? 'HALF-PUBLISHED'} (${fullState.applications} applications, ${fullState.agreements} agreements)`,
    );
    if (published.status !== 200 || verdict(fullState, placed, run.id) !== 'published')
      failed = true;

    const outcomes: Record<string, number> = {};
    for (const fraction of FRACTIONS) {
      const delay = Math.round(fraction * fullMs);
      const db = await copy(`tremplin_load_crash_${String(fraction).replace('.', '_')}`);
      api = startApi({ url: db.url, port: PORT });
      await waitForHealth(api.base);
      const token = await signIn(api.base);
      // Ask for the publication, and kill the process `delay` ms later, whatever it is doing.
      const asked = post(api.base, token, `/api/campaigns/${campaignId}/publish`, {
        runId: run.id,
      }).catch((error: Error) => ({ status: 0, body: { error: error.message } }));
      await sleep(delay);
      api.child.kill('SIGKILL');
      await api.exited;
      const answer = await asked;
      api = undefined;
      const afterCrash = await stateOf(db.url, campaignId);
      const crashVerdict = verdict(afterCrash, placed, run.id);
      // Restart, and ask again when it was left unpublished: the publication must complete.
      api = startApi({ url: db.url, port: PORT });
      const restartMs = await waitForHealth(api.base);
      let finalVerdict = crashVerdict;
      if (crashVerdict === 'unpublished') {
        const again = await post(
          api.base,
          await signIn(api.base),
          `/api/campaigns/${campaignId}/publish`,
          { runId: run.id },
        );
        finalVerdict =
          again.status === 200 ? verdict(await stateOf(db.url, campaignId), placed, run.id) : null;
      }
      await stopApi(api);
      api = undefined;
      const label = crashVerdict ?? 'HALF-PUBLISHED';
      outcomes[label] = (outcomes[label] ?? 0) + 1;
      console.log(
        `killed ${String(delay).padStart(5)} ms after asking (answer before the kill: ${answer.status || 'none'}): ${label}` +
          ` (${afterCrash.applications} applications, ${afterCrash.agreements} agreements); back up in ${Math.round(restartMs)} ms;` +
          ` after restart: ${finalVerdict ?? 'NOT COMPLETED'}`,
      );
      if (crashVerdict === null || finalVerdict !== 'published') failed = true;
    }
    console.log(`outcomes: ${JSON.stringify(outcomes)}`);
    console.log(
      failed
        ? 'FAILED: a campaign was left half-published or could not be completed.'
        : 'OK: every crash left the campaign unpublished or fully published, and it completed after restart.',
    );
    if (failed) process.exitCode = 1;
  } finally {
    await stopApi(api, 'SIGKILL');
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
