// Speed of the observatory's main page API on a seeded school year. Creates a scratch PostgreSQL
// database, migrates it, seeds the year 2026–2027 at the scale of the département (20,000 pupils
// in 800 classes of 90 schools, 10,000 offers of 2,000 companies with their periods, 40,000
// applications, 6,000 agreements, campaign wishes, searches without result, mentors, ambassadors,
// mentorships and visits) plus a smaller previous year, starts the built API against it, then
// times sequential GET /api/observatory?year=2026 requests (one at a time, as people open the
// page) for the operator (the whole département), a head of school and an employer, and prints
// p50, p95 and p99 for each. Target: p95 under 200 ms. Only 127.0.0.1 is targeted.
//
//   npx -y pnpm@10.34.9 build     # the API bundle in apps/api/dist
//   cd tests/load && npx tsx observatory.ts
//
// LOAD_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres) names the server and a
// database to connect to first; LOAD_REQUESTS (default 200) the timed requests per scope;
// LOAD_KEEP=true keeps the scratch database afterwards; LOAD_API_BUNDLE another API bundle than
// apps/api/dist/server.js (relative to the repository).
import postgres from 'postgres';
import { searchable } from '@tremplin/db';
import {
  apiBundle,
  migrateScratch,
  prng,
  register,
  scratchDatabase,
  startApi,
  stopApi,
  waitForHealth,
  type ApiProcess,
  freePort,
} from './lib.js';

const requests = Number(process.env.LOAD_REQUESTS || 200);
const keep = process.env.LOAD_KEEP === 'true';
const SCRATCH = 'tremplin_load_observatory';
const PORT = await freePort(3195);
const BASE = `http://127.0.0.1:${PORT}`;
const YEAR = 2026;
const SCHOOLS = 90;
const CLASSES = 800;
const PUPILS = 20_000;
const COMPANIES = 2_000;
const OFFERS = 10_000;
const APPLICATIONS = 40_000;
const PREVIOUS_OFFERS = 3_000;
const PREVIOUS_APPLICATIONS = 8_000;

const WEEKS = [
  ['2027-01-11', '2027-01-15'],
  ['2027-01-18', '2027-01-22'],
  ['2027-01-25', '2027-01-29'],
  ['2027-02-01', '2027-02-05'],
  ['2027-03-08', '2027-03-12'],
  ['2027-06-14', '2027-06-25'],
] as const;
const PREVIOUS_WEEKS = [
  ['2026-01-12', '2026-01-16'],
  ['2026-02-02', '2026-02-06'],
  ['2026-06-15', '2026-06-26'],
] as const;
const schedule = [1, 2, 3, 4, 5].map((day) => ({
  day,
  start: '09:00',
  end: '16:30',
  breaks: [{ start: '12:00', end: '13:30' }],
}));

async function insertAll<T extends Record<string, unknown>>(
  sql: postgres.Sql,
  table: string,
  rows: T[],
  returning?: string,
): Promise<Record<string, string>[]> {
  const out: Record<string, string>[] = [];
  const size = Math.max(1, Math.floor(30_000 / Math.max(1, Object.keys(rows[0] ?? {}).length)));
  for (let i = 0; i < rows.length; i += size) {
    const chunk = rows.slice(i, i + size) as never;
    if (returning) {
      out.push(
        ...(await sql<
          Record<string, string>[]
        >`insert into ${sql(table)} ${sql(chunk)} returning ${sql.unsafe(returning)}`),
      );
    } else {
      await sql`insert into ${sql(table)} ${sql(chunk)}`;
    }
  }
  return out;
}

async function seed(url: string) {
  await migrateScratch(url);

  const sql = postgres(url, { max: 4, onnotice: () => {} });
  const random = prng(94);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const communes = await sql<{ code: string; lat: number; lon: number }[]>`
    select code, lat, lon from communes order by code`;
  const trades = (await sql<{ code: string }[]>`select code from trades order by code`).map(
    (t) => t.code,
  );
  // A few hundred trades are popular; the others appear now and then.
  const popular = trades.filter((_, i) => i % 4 === 0);
  const tradeOf = () => (random() < 0.85 ? pick(popular) : pick(trades));

  const schools = await insertAll(
    sql,
    'schools',
    Array.from({ length: SCHOOLS }, (_, i) => {
      const c = communes[i % communes.length]!;
      return {
        uai: `09${String(i).padStart(5, '0')}X`,
        name: `Collège d'observatoire ${i}`,
        kind: 'college',
        commune_code: c.code,
        address: '',
        lat: c.lat,
        lon: c.lon,
        priority: i % 3 === 0 ? 'rep_plus' : i % 3 === 1 ? 'rep' : 'none',
        search_text: `college d'observatoire ${i}`,
      };
    }),
    'id',
  );
  const schoolIds = schools.map((s) => s.id!);
  await insertAll(
    sql,
    'stage_weeks',
    schoolIds.flatMap((id, i) => [
      { school_id: id, level: '3e', start_date: WEEKS[i % 4]![0], end_date: WEEKS[i % 4]![1] },
      { school_id: id, level: '3e', start_date: WEEKS[4]![0], end_date: WEEKS[4]![1] },
    ]),
  );
  const classIds = (
    await insertAll(
      sql,
      'classes',
      Array.from({ length: CLASSES }, (_, i) => ({
        school_id: schoolIds[i % SCHOOLS]!,
        name: `3e ${i}`,
        level: '3e',
        school_year: YEAR,
      })),
      'id, school_id',
    )
  ).map((c) => ({ id: c.id!, schoolId: c.school_id! }));

  const pupilIds: string[] = [];
  for (let i = 0; i < PUPILS; i += 5000) {
    const n = Math.min(5000, PUPILS - i);
    const ids = (
      await insertAll(
        sql,
        'users',
        Array.from({ length: n }, (_, k) => ({
          display_name: `Élève d'observatoire ${i + k}`,
          login_code: `OBS-${i + k}`,
        })),
        'id',
      )
    ).map((u) => u.id!);
    await insertAll(
      sql,
      'user_roles',
      ids.map((id) => ({ user_id: id, role: 'student' })),
    );
    await insertAll(
      sql,
      'students',
      ids.map((id, k) => {
        const klass = classIds[(i + k) % CLASSES]!;
        return {
          user_id: id,
          school_id: klass.schoolId,
          class_id: klass.id,
          level: '3e',
          first_name: 'Élève',
          last_name: `Observatoire${i + k}`,
          home_commune_code: pick(communes).code,
          interests: [tradeOf(), tradeOf()],
        };
      }),
    );
    pupilIds.push(...ids);
  }

  const companyRows = await insertAll(
    sql,
    'companies',
    Array.from({ length: COMPANIES }, (_, i) => {
      const c = pick(communes);
      return {
        siret: `7${String(i).padStart(13, '0')}`,
        name: `Entreprise d'observatoire ${i}`,
        naf_code: '47.11B',
        size_band: i % 10 === 0 ? 'pme' : 'tpe',
        commune_code: c.code,
        address: '',
        lat: c.lat,
        lon: c.lon,
      };
    }),
    'id, commune_code',
  );

  /** Offers with their periods; returns the periods as (id, offer, company). */
  async function offersFor(
    count: number,
    weeks: readonly (readonly [string, string])[],
    status: string,
  ) {
    const offers = await insertAll(
      sql,
      'offers',
      Array.from({ length: count }, (_, n) => {
        const company = companyRows[n % COMPANIES]!;
        const codes = random() < 0.3 ? [tradeOf(), tradeOf()] : [tradeOf()];
        const title = `Découverte ${n}`;
        return {
          company_id: company.id,
          title,
          description: 'Observer le métier au quotidien.',
          trade_codes: codes,
          levels: ['3e'],
          address: '',
          commune_code: company.commune_code,
          lat: 48.78,
          lon: 2.45,
          schedule: sql.json(schedule),
          tutor_name: 'Tuteur',
          status: n % 50 === 0 ? 'draft' : status,
          suspended_at: n % 97 === 0 ? new Date() : null,
          published_at: new Date(),
          search_text: searchable(title),
        };
      }),
      'id, company_id',
    );
    const periods: Record<string, unknown>[] = [];
    offers.forEach((o, n) => {
      const first = weeks[n % weeks.length]!;
      periods.push({
        offer_id: o.id,
        start_date: first[0],
        end_date: first[1],
        seats: 1 + (n % 4),
      });
      if (n % 3 === 0) {
        const second = weeks[(n + 1) % weeks.length]!;
        periods.push({ offer_id: o.id, start_date: second[0], end_date: second[1], seats: 2 });
      }
    });
    const companyOf = new Map(offers.map((o) => [o.id!, o.company_id!]));
    return (await insertAll(sql, 'offer_periods', periods, 'id, offer_id')).map((p) => ({
      id: p.id!,
      offerId: p.offer_id!,
      companyId: companyOf.get(p.offer_id!)!,
    }));
  }
  const periods = await offersFor(OFFERS, WEEKS, 'published');
  const previousPeriods = await offersFor(PREVIOUS_OFFERS, PREVIOUS_WEEKS, 'archived');

  /** Applications: each pupil to distinct periods; about a third of the pupils confirm one. */
  async function applicationsFor(count: number, list: typeof periods, confirmedShare: number) {
    const rows: Record<string, unknown>[] = [];
    for (let k = 0; rows.length < count; k++) {
      const pupil = pupilIds[k % PUPILS]!;
      const j = Math.floor(k / PUPILS);
      const period = list[(k * 7919 + j * 104_729) % list.length]!;
      const confirmed = j === 0 && random() < confirmedShare;
      rows.push({
        offer_id: period.offerId,
        period_id: period.id,
        student_id: pupil,
        status: confirmed
          ? 'confirmed'
          : pick(['submitted', 'read', 'rejected', 'withdrawn', 'expired']),
      });
    }
    return insertAll(sql, 'applications', rows, 'id, student_id, offer_id, period_id, status');
  }
  const applications = await applicationsFor(APPLICATIONS, periods, 0.45);
  await applicationsFor(PREVIOUS_APPLICATIONS, previousPeriods, 0.5);

  // Agreements of the confirmed applications of the year (most signed, some cancelled).
  const schoolOf = new Map<string, string>();
  for (let i = 0; i < PUPILS; i++) schoolOf.set(pupilIds[i]!, classIds[i % CLASSES]!.schoolId);
  const companyOfOffer = new Map(periods.map((p) => [p.offerId, p.companyId]));
  const annex = {
    referentTeacherName: 'Professeur',
    tutorName: 'Tuteur',
    tutorRole: '',
    startDate: '2027-01-11',
    endDate: '2027-01-15',
    dailyHours: schedule,
    objectives: 'Observer',
  };
  const confirmed = applications.filter((a) => a.status === 'confirmed');
  await insertAll(
    sql,
    'agreements',
    confirmed.map((a, i) => ({
      application_id: a.id,
      school_id: schoolOf.get(a.student_id!)!,
      company_id: companyOfOffer.get(a.offer_id!)!,
      student_id: a.student_id,
      status:
        i % 20 === 0 ? 'cancelled' : i % 3 === 0 ? 'signing' : i % 3 === 1 ? 'signed' : 'completed',
      teaching_annex: sql.json(annex),
      practical_annex: sql.json({ meals: '', travel: '', insurance: '' }),
    })),
  );

  // A département campaign with three wishes for 2,000 pupils.
  const [campaign] = await sql<{ id: string }[]>`
    insert into campaigns ${sql({
      name: 'Campagne de charge',
      levels: ['3e'],
      opens_at: new Date('2026-11-01T08:00:00Z'),
      closes_at: new Date('2026-12-15T08:00:00Z'),
      max_wishes: 5,
      policy: sql.json({
        priorityClasses: true,
        reservedShare: 0.2,
        reservePrecedence: 'reserved-first',
      }),
      status: 'open',
    })} returning id`;
  const wishes: Record<string, unknown>[] = [];
  for (let k = 0; k < 2000; k++) {
    for (let rank = 1; rank <= 3; rank++) {
      wishes.push({
        campaign_id: campaign!.id,
        student_id: pupilIds[(k * 9) % PUPILS]!,
        period_id: periods[(k * 31 + rank * 1009) % periods.length]!.id,
        rank,
      });
    }
  }
  await insertAll(sql, 'campaign_wishes', wishes);

  // Searches: 3,000 without result this year, 1,000 last year, and 5,000 with results.
  const searches = (count: number, from: number, span: number, results: () => number) =>
    Array.from({ length: count }, () => ({
      at: new Date(from + random() * span),
      trade_codes: random() < 0.7 ? [tradeOf()] : [],
      commune_code: random() < 0.6 ? pick(communes).code : null,
      level: '3e',
      results: results(),
    }));
  const day = 86_400_000;
  await insertAll(sql, 'offer_searches', [
    ...searches(3000, Date.parse('2026-09-01'), 80 * day, () => 0),
    ...searches(1000, Date.parse('2025-09-01'), 200 * day, () => 0),
    ...searches(5000, Date.parse('2026-09-01'), 80 * day, () => 1 + Math.floor(random() * 40)),
  ]);

  // Mentors and ambassadors, their mentorships and visits.
  const people = await insertAll(
    sql,
    'users',
    Array.from({ length: 1000 }, (_, i) => ({
      display_name: `Professionnel ${i}`,
      email: `pro.${i}@charge.example`,
    })),
    'id',
  );
  const mentors = people.slice(0, 600).map((p) => p.id!);
  const ambassadors = people.slice(600).map((p) => p.id!);
  await insertAll(sql, 'user_roles', [
    ...mentors.map((id) => ({ user_id: id, role: 'mentor' })),
    ...ambassadors.map((id) => ({ user_id: id, role: 'ambassador' })),
  ]);
  await insertAll(
    sql,
    'mentor_profiles',
    mentors.map((id, i) => ({
      user_id: id,
      company_id: companyRows[i % COMPANIES]!.id,
      trade_codes: [tradeOf(), tradeOf()],
      modes: ['video', 'in_person'],
      communes: [pick(communes).code, pick(communes).code],
      paused: i % 15 === 0,
    })),
  );
  await insertAll(
    sql,
    'ambassador_profiles',
    ambassadors.map((id, i) => ({
      user_id: id,
      company_id: companyRows[(i * 3) % COMPANIES]!.id,
      trade_codes: [tradeOf()],
      formats: ['talk'],
      communes: [pick(communes).code, pick(communes).code, pick(communes).code],
      verified_at: i % 8 === 0 ? null : new Date(),
    })),
  );
  await insertAll(
    sql,
    'mentorships',
    Array.from({ length: 1500 }, (_, i) => ({
      mentor_id: mentors[i % mentors.length]!,
      mentee_id: pupilIds[(i * 13) % PUPILS]!,
      started_at: new Date(Date.parse('2026-09-15') + (i % 60) * day),
    })),
  );
  await insertAll(
    sql,
    'visit_requests',
    Array.from({ length: 500 }, (_, i) => {
      const date = new Date(Date.parse('2026-09-20') + (i % 60) * day).toISOString().slice(0, 10);
      return {
        school_id: schoolIds[i % SCHOOLS]!,
        class_id: classIds[i % CLASSES]!.id,
        trade_codes: [tradeOf()],
        candidate_dates: [date],
        class_size: 25,
        level: '3e',
        status: 'done',
        ambassador_id: ambassadors[i % ambassadors.length]!,
        visit_date: date,
        attendance: 20 + (i % 6),
      };
    }),
  );
  await sql`analyze`;
  const [counts] = await sql<Record<string, number>[]>`
    select (select count(*) from students)::int as pupils, (select count(*) from offers)::int as offers,
      (select count(*) from offer_periods)::int as periods,
      (select count(*) from applications)::int as applications,
      (select count(*) from agreements)::int as agreements`;
  await sql.end();
  return { schoolId: schoolIds[0]!, companyId: companyRows[0]!.id!, counts: counts! };
}

/** Someone registered through the API, then given a role and a membership in the database. */
async function person(url: string, kind: 'operator' | 'head' | 'employer', orgId: string) {
  const account = await register(BASE, {
    email: `${kind}.observatoire@example.test`,
    password: 'Charge-de-test-2026',
    displayName: `Charge ${kind}`,
    role: kind === 'employer' ? 'employer' : 'teacher',
  });
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  if (kind === 'operator') {
    await sql`insert into user_roles ${sql({ user_id: account.userId, role: 'operator' })}`;
  } else if (kind === 'head') {
    await sql`insert into user_roles ${sql({ user_id: account.userId, role: 'school_admin' })}`;
    await sql`insert into school_memberships ${sql({
      user_id: account.userId,
      school_id: orgId,
      role: 'school_admin',
      status: 'active',
      decided_at: new Date(),
    })}`;
  } else {
    await sql`insert into company_memberships ${sql({
      user_id: account.userId,
      company_id: orgId,
      role: 'employer',
      status: 'active',
    })}`;
  }
  await sql.end();
  return account.token;
}

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;

async function time(title: string, token: string) {
  const path = `/api/observatory?year=${YEAR}`;
  const call = async () => {
    const started = performance.now();
    const response = await fetch(`${BASE}${path}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`${title}: ${response.status}`);
    return performance.now() - started;
  };
  const first = await call();
  console.log(`${title}: first request ${Math.round(first)} ms`);
  for (let i = 0; i < 20; i++) await call(); // warm-up: connections, plans, caches
  const times: number[] = [];
  for (let i = 0; i < requests; i++) times.push(await call());
  times.sort((a, b) => a - b);
  const figures = {
    requests,
    p50: Math.round(quantile(times, 0.5) * 10) / 10,
    p95: Math.round(quantile(times, 0.95) * 10) / 10,
    p99: Math.round(quantile(times, 0.99) * 10) / 10,
    max: Math.round(times[times.length - 1]! * 10) / 10,
  };
  console.log(
    `GET ${path} as ${title}: p50 ${figures.p50} ms, p95 ${figures.p95} ms, p99 ${figures.p99} ms, max ${figures.max} ms (${requests} sequential requests)`,
  );
  return figures;
}

async function main() {
  const bundle = apiBundle(process.env.LOAD_API_BUNDLE);
  const database = await scratchDatabase(SCRATCH, {
    // As infra/README.md recommends for a database on SSD or in memory: index scans costed right.
    settings: { random_page_cost: 1.1 },
  });
  const url = database.url;
  let api: ApiProcess | undefined;
  try {
    const started = Date.now();
    const seeded = await seed(url);
    console.log(
      `Seeded ${JSON.stringify(seeded.counts)} in ${Math.round((Date.now() - started) / 1000)} s.`,
    );
    api = startApi({ url, port: PORT, bundle, logLevel: 'silent', stdout: 'inherit' });
    await waitForHealth(BASE, 60_000);
    // What the refresh job costs at this scale (the first observatory request of a process
    // waits for it; afterwards the job runs every 5 minutes while pages read the previous facts).
    const refresh = postgres(url, { max: 1, onnotice: () => {} });
    const refreshStarted = performance.now();
    for (const view of [
      'observatory_offer_years',
      'observatory_supply_years',
      'observatory_pupil_years',
      'observatory_interests',
    ]) {
      await refresh.unsafe(`refresh materialized view concurrently ${view}`);
    }
    await refresh.unsafe('refresh materialized view observatory_refreshed');
    await refresh.end();
    console.log(
      `Refreshing the observatory's facts took ${Math.round(performance.now() - refreshStarted)} ms.`,
    );
    const operator = await time('the operator (département)', await person(url, 'operator', ''));
    const head = await time('a head of school', await person(url, 'head', seeded.schoolId));
    const employer = await time('an employer', await person(url, 'employer', seeded.companyId));
    const worst = Math.max(operator.p95, head.p95, employer.p95);
    console.log(`Worst p95: ${worst} ms (target: under 200 ms).`);
    console.log(
      JSON.stringify({ seeded: seeded.counts, operator, head, employer, targetMet: worst < 200 }),
    );
  } finally {
    await stopApi(api);
    if (!keep) await database.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
