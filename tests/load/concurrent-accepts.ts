// Concurrent accepts against the built API on PostgreSQL: do seats hold when employers click
// "accept" on many applications at the same instant? Creates a scratch database, seeds one offer
// with PERIODS periods of SEATS seats and APPLICANTS pending applications per period, starts the
// built API, then fires every accept at once (several employers of the company, one HTTP request
// each). Checks that each period ends with exactly SEATS accepted applications, that every other
// answer is a clean 409 (`period.full`) and none a 5xx; prints the wall time and latencies.
// Only 127.0.0.1 is targeted.
//
//   npx -y pnpm@10.34.9 build     # the API bundle in apps/api/dist
//   cd tests/load && npx tsx concurrent-accepts.ts
//
// LOAD_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres) names the server;
// ACCEPT_PERIODS (1), ACCEPT_SEATS (5), ACCEPT_APPLICANTS (500: 500 accepts at once on a period of
// 5 seats) shape the run; LOAD_KEEP=true
// keeps the scratch database afterwards.
import postgres from 'postgres';
import {
  migrateScratch,
  percentile,
  register,
  scratchDatabase,
  startApi,
  stopApi,
  waitForHealth,
  type ApiProcess,
  freePort,
} from './lib.js';

const keep = process.env.LOAD_KEEP === 'true';
const PERIODS = Number(process.env.ACCEPT_PERIODS || 1);
const SEATS = Number(process.env.ACCEPT_SEATS || 5);
const APPLICANTS = Number(process.env.ACCEPT_APPLICANTS || 500);
const EMPLOYERS = 5;
const SCRATCH = 'tremplin_load_accepts';
const PORT = await freePort(3133);
const BASE = `http://127.0.0.1:${PORT}`;

/** A week of school time n weeks after 11 January 2027, as "YYYY-MM-DD" Monday and Friday. */
function week(n: number): { start: string; end: string } {
  const monday = new Date(Date.UTC(2027, 0, 11 + 7 * n));
  const friday = new Date(monday.getTime() + 4 * 24 * 3600 * 1000);
  return { start: monday.toISOString().slice(0, 10), end: friday.toISOString().slice(0, 10) };
}

async function seed(url: string) {
  await migrateScratch(url, 2);
  const sql = postgres(url, { max: 2, onnotice: () => {} });
  try {
    const [school] = await sql`
      insert into schools (uai, name, kind, commune_code, lat, lon, priority, search_text)
      values ('0949999X', 'Collège de charge (test)', 'college', '94028', 48.78, 2.45, 'rep', 'college de charge')
      returning id`;
    const [company] = await sql`
      insert into companies (siret, name, naf_code, size_band, commune_code, lat, lon)
      values ('99999999900010', 'Entreprise de charge (test)', '47.11B', 'pme', '94081', 48.79, 2.39)
      returning id`;
    const schedule = [1, 2, 3, 4, 5].map((day) => ({
      day,
      start: '09:00',
      end: '16:00',
      breaks: [{ start: '12:00', end: '13:00' }],
    }));
    const [offer] = await sql`
      insert into offers (company_id, title, description, trade_codes, levels, address,
        commune_code, lat, lon, schedule, tutor_name, status, published_at, search_text)
      values (${company!.id}, 'Offre de charge', 'Observer un atelier.', ${['D1102']}, '{3e}',
        '1 rue du Test', '94081', 48.79, 2.39, ${sql.json(schedule)}, 'Tutrice Test',
        'published', now(), 'offre de charge')
      returning id`;
    const periodIds: string[] = [];
    for (let p = 0; p < PERIODS; p++) {
      // Weeks repeat past February: dates only need to be in the future here.
      const w = week(p % 4);
      const [row] = await sql`
        insert into offer_periods (offer_id, start_date, end_date, seats)
        values (${offer!.id}, ${w.start}, ${w.end}, ${SEATS}) returning id`;
      periodIds.push(row!.id as string);
    }
    const pupils = await sql`
      with made as (
        insert into users (display_name, login_code)
        select 'Élève ' || g, 'ACC-' || g from generate_series(1, ${PERIODS * APPLICANTS}) g
        returning id
      ), roles as (insert into user_roles (user_id, role) select id, 'student' from made)
      insert into students (user_id, school_id, level, first_name, last_name)
      select id, ${school!.id}, '3e', 'Élève', 'N' || row_number() over () from made
      returning user_id`;
    const values = pupils.map((p, i) => ({
      offer_id: offer!.id,
      period_id: periodIds[i % PERIODS]!,
      student_id: p.user_id,
    }));
    const ids: string[] = [];
    for (let i = 0; i < values.length; i += 2000) {
      const rows =
        await sql`insert into applications ${sql(values.slice(i, i + 2000))} returning id`;
      ids.push(...rows.map((r) => r.id as string));
    }
    return { companyId: company!.id as string, applicationIds: ids };
  } finally {
    await sql.end();
  }
}

/** Employers of the company, registered through the API: their bearer tokens. */
async function employers(url: string, companyId: string): Promise<string[]> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  const tokens: string[] = [];
  try {
    for (let i = 0; i < EMPLOYERS; i++) {
      const employer = await register(BASE, {
        email: `employeur.${i}.${Date.now()}@load.test`,
        displayName: `Employeur ${i}`,
        role: 'employer',
      });
      await sql`insert into company_memberships (user_id, company_id, role, status)
        values (${employer.userId}, ${companyId}, 'employer', 'active')`;
      tokens.push(employer.token);
    }
  } finally {
    await sql.end();
  }
  return tokens;
}

async function main() {
  const database = await scratchDatabase(SCRATCH);
  const url = database.url;
  let api: ApiProcess | undefined;
  try {
    const seeded = await seed(url);
    api = startApi({ url, port: PORT, logLevel: 'silent', stdout: 'inherit' });
    await waitForHealth(BASE, 60_000);
    const tokens = await employers(url, seeded.companyId);
    const codes = new Map<string, number>();
    const latencies: number[] = [];
    const started = performance.now();
    await Promise.all(
      seeded.applicationIds.map(async (id, i) => {
        const t0 = performance.now();
        const response = await fetch(`${BASE}/api/applications/${id}/accept`, {
          method: 'POST',
          headers: { authorization: `Bearer ${tokens[i % tokens.length]}` },
        });
        const body = (await response.json()) as { code?: string };
        latencies.push(performance.now() - t0);
        const key = response.status === 200 ? '200' : `${response.status} ${body.code}`;
        codes.set(key, (codes.get(key) ?? 0) + 1);
      }),
    );
    const wallMs = performance.now() - started;
    const sql = postgres(url, { max: 1, onnotice: () => {} });
    const perPeriod = await sql`
      select p.id, p.seats, count(a.id) filter (where a.status = 'accepted')::int as accepted
      from offer_periods p left join applications a on a.period_id = p.id group by p.id`;
    const events = await sql`select count(*)::int as n from application_events
      where to_status = 'accepted'`;
    await sql.end();
    const overbooked = perPeriod.filter((p) => p.accepted > p.seats).length;
    const exact = perPeriod.every((p) => p.accepted === p.seats);
    latencies.sort((a, b) => a - b);
    const result = {
      periods: PERIODS,
      seatsPerPeriod: SEATS,
      accepts: seeded.applicationIds.length,
      employers: EMPLOYERS,
      answers: Object.fromEntries(codes),
      overbookedPeriods: overbooked,
      everyPeriodExactlyFull: exact,
      acceptedEvents: events[0]!.n,
      wallMs: Math.round(wallMs),
      p50Ms: Math.round(percentile(latencies, 50)),
      p99Ms: Math.round(percentile(latencies, 99)),
      maxMs: Math.round(latencies.at(-1) ?? 0),
    };
    console.log(JSON.stringify(result));
    const ok =
      exact &&
      overbooked === 0 &&
      codes.get('200') === PERIODS * SEATS &&
      codes.get('409 period.full') === seeded.applicationIds.length - PERIODS * SEATS;
    if (!ok) {
      console.error('Seats did not hold: see the answers above.');
      process.exitCode = 1;
    }
  } finally {
    await stopApi(api);
    if (!keep) await database.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
